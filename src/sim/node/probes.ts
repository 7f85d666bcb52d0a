/**
 * Startup, readiness and liveness probes (pkg/kubelet/prober/worker.go) on virtual time: the first
 * probe runs after initialDelaySeconds, then every periodSeconds; failureThreshold consecutive
 * failures flip the result. Simulated containers pass every probe unless annotated to fail
 * (`sim.k8s-explorer.io/fail-readiness` etc.). Readiness and liveness wait for the startup probe.
 */
import type { Container, Probe } from 'kubernetes-types/core/v1';
import type { KubeletHost } from './kubelet-host.ts';
import type { ContainerRuntimeState, PodRuntime } from './pod-runtime.ts';

export interface ProbeCallbacks {
  after(ms: number, fn: () => void): void;
  /** Something the status shows changed (started, ready). */
  changed(): void;
  /** Kill the container with this Killing event message (it will be restarted). */
  kill(message: string): void;
}

/** Probe defaults (pkg/apis/core/v1/defaults.go SetDefaults_Probe). */
function timing(p: Probe) {
  return {
    delayMs: (p.initialDelaySeconds ?? 0) * 1000,
    periodMs: (p.periodSeconds || 10) * 1000,
    failureThreshold: p.failureThreshold || 3,
  };
}

/** Upstream-shaped failure output of a probe (prober.go / probe/http, tcp, exec). */
export function probeFailure(p: Probe, podIP: string | undefined): string {
  if (p.httpGet) return 'HTTP probe failed with statuscode: 503';
  if (p.tcpSocket)
    return `dial tcp ${podIP ?? ''}:${String(p.tcpSocket.port)}: connect: connection refused`;
  if (p.grpc) return `timeout: failed to connect service ":${p.grpc.port}" within 1s`;
  return 'command terminated with non-zero exit code: error executing command in container: exit status 1';
}

/**
 * Arms the probes of a freshly started container; `alreadyStarted` (a container adopted by a
 * restarted kubelet that had passed its startup probe) skips the startup probe.
 */
export function startProbes(
  host: KubeletHost,
  rt: PodRuntime,
  c: ContainerRuntimeState,
  spec: Container | undefined,
  cb: ProbeCallbacks,
  alreadyStarted = false,
): void {
  const ref = { name: c.name, init: c.kind !== 'app' };
  const b = c.behaviour;
  // A liveness or startup probe that keeps failing: an Unhealthy event every period until
  // failureThreshold consecutive failures, then the kubelet kills the container (worker.go).
  const failUntilKilled = (kind: 'Liveness' | 'Startup', probe: Probe) => {
    const t = timing(probe);
    let failures = 0;
    const run = () => {
      failures++;
      host.event(
        rt.pod,
        'Warning',
        'Unhealthy',
        `${kind} probe failed: ${probeFailure(probe, rt.podIP)}`,
        ref,
      );
      if (failures >= t.failureThreshold)
        cb.kill(`Container ${c.name} failed ${kind.toLowerCase()} probe, will be restarted`);
      else cb.after(t.periodMs, run);
    };
    cb.after(t.delayMs, run);
  };
  const afterStarted = () => {
    const readiness = spec?.readinessProbe;
    if (!readiness) c.ready = true;
    else {
      const t = timing(readiness);
      if (b.failReadiness) {
        const fail = () => {
          host.event(
            rt.pod,
            'Warning',
            'Unhealthy',
            `Readiness probe failed: ${probeFailure(readiness, rt.podIP)}`,
            ref,
          );
          cb.after(t.periodMs, fail);
        };
        cb.after(t.delayMs, fail);
      } else
        cb.after(t.delayMs, () => {
          c.ready = true;
          cb.changed();
        });
    }
    const liveness = spec?.livenessProbe;
    if (liveness && b.failLiveness) failUntilKilled('Liveness', liveness);
  };
  const startup = spec?.startupProbe;
  if (alreadyStarted) {
    afterStarted();
    return;
  }
  if (!startup) {
    c.started = true;
    afterStarted();
    return;
  }
  const t = timing(startup);
  if (b.failStartup) {
    failUntilKilled('Startup', startup);
    return;
  }
  cb.after(t.delayMs, () => {
    c.started = true;
    afterStarted();
    cb.changed();
  });
}
