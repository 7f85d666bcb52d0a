/**
 * A restarted kubelet rebuilds its view of pods from the container runtime (which kept running):
 * here, from the last status it reported, so running containers stay running with the same IP,
 * container IDs and restart counts.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { Kubelet } from './kubelet.ts';
import type { PodWorker } from './pod-worker.ts';

/** Adopts a pod that was already started; false when it never got past Pending. */
export function adoptRunningPod(kubelet: Kubelet, worker: PodWorker, pod: Pod): boolean {
  const status = pod.status;
  if (!status || status.phase !== 'Running') return false;
  const rt = worker.rt;
  const byName = new Map(
    [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])].map((s) => [
      s.name,
      s,
    ]),
  );
  rt.startTime = status.startTime ?? rt.startTime;
  rt.sandboxReady = true;
  rt.initDone = true;
  rt.nextInit = rt.containers.findIndex((c) => c.kind === 'app');
  if (status.podIP) {
    rt.podIP = status.podIP;
    if (!pod.spec?.hostNetwork) kubelet.reserveIP(status.podIP);
  }
  for (const c of rt.containers) {
    const s = byName.get(c.name);
    if (!s) continue;
    c.restartCount = s.restartCount ?? 0;
    c.containerID = s.containerID;
    c.imageID = s.imageID;
    c.ready = s.ready ?? false;
    c.started = s.started ?? false;
    c.waiting = undefined;
    if (s.state?.running) {
      // Parsing a timestamp, not reading the wall clock.
      // eslint-disable-next-line no-restricted-globals
      const at = Date.parse(s.state.running.startedAt ?? '');
      c.running = {
        startedAt: s.state.running.startedAt ?? '',
        startedAtMs: Number.isNaN(at) ? 0 : at,
      };
    } else if (s.state?.terminated) {
      const t = s.state.terminated;
      c.terminated = {
        exitCode: t.exitCode,
        reason: t.reason ?? 'Completed',
        startedAt: t.startedAt ?? '',
        finishedAt: t.finishedAt ?? '',
        containerID: t.containerID,
      };
    } else c.waiting = { reason: s.state?.waiting?.reason ?? 'ContainerCreating' };
    const last = s.lastState?.terminated;
    if (last)
      c.lastTerminated = {
        exitCode: last.exitCode,
        reason: last.reason ?? 'Completed',
        startedAt: last.startedAt ?? '',
        finishedAt: last.finishedAt ?? '',
        containerID: last.containerID,
      };
  }
  kubelet.runtime.addImage(rt.containers[0]?.image ?? '');
  kubelet.writeStatus(rt);
  // The old kubelet's timers (run time, probes, restarts) died with it: arm them again.
  worker.resume();
  return true;
}
