/**
 * One pod's lifecycle on its node (pkg/kubelet/pod_workers.go, kuberuntime_manager.go SyncPod):
 * sandbox and volumes, IP, init containers in order (sidecars keep running), app containers, image
 * pulls, probes, exits and restarts with CrashLoopBackOff, completion, graceful termination.
 * Everything happens on virtual-time timers; the status manager writes when the status changes.
 */
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { apiPath } from '../client.ts';
import { formatTimestamp, type TimerId } from '../clock.ts';
import { containerBehaviour, type ContainerKind } from './container-behaviour.ts';
import { formatGoDuration, imageID } from './container-runtime.ts';
import { ensureImage } from './image-pull.ts';
import type { KubeletHost } from './kubelet-host.ts';
import { checkEnv, checkVolumes } from './pod-config.ts';
import { podPhase } from './pod-status.ts';
import type { ContainerRuntimeState, PodRuntime, TerminalVerdict } from './pod-runtime.ts';
import { startProbes } from './probes.ts';

/** Sandbox creation (pause container + CNI) takes a moment. */
const SANDBOX_MS = 400;
/** PLEG notices an exited container within about a second (relist period 1 s). */
const PLEG_MS = 1_000;
/** kubelet backOffPeriod and MaxContainerBackOff; an entry expires after 2 x max idle (10 min). */
export const CRASHLOOP_INITIAL_MS = 10_000;
export const CRASHLOOP_MAX_MS = 300_000;
const BACKOFF_RESET_MS = 2 * CRASHLOOP_MAX_MS;
/** Volume manager retry: 500 ms doubling to 2 min 2 s (exponentialbackoff). */
const MOUNT_RETRY_MAX_MS = 122_000;
/** A pod worker re-syncs a pod whose containers cannot be configured yet. */
const CONFIG_RETRY_MS = 10_000;

export class PodWorker {
  readonly rt: PodRuntime;

  constructor(
    private readonly host: KubeletHost,
    pod: Pod,
  ) {
    const spec = pod.spec;
    const containers: ContainerRuntimeState[] = [];
    const add = (c: Container, kind: ContainerKind, waiting: string) =>
      containers.push({
        name: c.name,
        image: c.image ?? '',
        kind,
        behaviour: containerBehaviour(pod, c, kind),
        waiting: { reason: waiting },
        restartCount: 0,
        ready: false,
        started: false,
        timers: [],
      });
    const hasInit = (spec?.initContainers ?? []).length > 0;
    for (const c of spec?.initContainers ?? [])
      add(c, c.restartPolicy === 'Always' ? 'sidecar' : 'init', 'PodInitializing');
    for (const c of spec?.containers ?? [])
      add(c, 'app', hasInit ? 'PodInitializing' : 'ContainerCreating');
    this.rt = {
      key: `${pod.metadata?.namespace}/${pod.metadata?.name}`,
      uid: pod.metadata?.uid ?? '',
      pod,
      containers,
      startTime: formatTimestamp(host.clock.now()),
      sandboxReady: false,
      nextInit: 0,
      initDone: !containers.some((c) => c.kind !== 'app'),
      terminating: false,
      finished: false,
      timers: [],
      mountAttempts: 0,
    };
  }

  /** Admits the pod: first status (Pending), then the sandbox. */
  start(): void {
    this.host.writeStatus(this.rt);
    this.after(SANDBOX_MS + this.host.rng.int(400), () => this.setUp());
  }

  /** Updates the pod object the worker acts on (labels, deletion). */
  update(pod: Pod): void {
    this.rt.pod = pod;
    if (pod.metadata?.deletionTimestamp && !this.rt.terminating) this.terminate();
  }

  private after(ms: number, fn: () => void, owner?: ContainerRuntimeState): TimerId {
    const gen = this.host.generation();
    const id = this.host.clock.setTimer(
      ms,
      () => {
        if (this.host.generation() === gen) fn();
      },
      'kubelet',
    );
    (owner ? owner.timers : this.rt.timers).push(id);
    return id;
  }

  private setUp(): void {
    if (this.rt.terminating) return;
    const problem = checkVolumes(this.host.client, this.rt.pod);
    if (problem) {
      this.host.event(this.rt.pod, 'Warning', 'FailedMount', problem.message);
      const delay = Math.min(MOUNT_RETRY_MAX_MS, 500 * 2 ** this.rt.mountAttempts++);
      this.after(delay, () => this.setUp());
      return;
    }
    if (this.rt.pod.spec?.hostNetwork) this.rt.podIP = this.host.hostIP;
    else if (!this.rt.podIP) {
      const ip = this.host.allocateIP();
      if (!ip) {
        this.host.event(
          this.rt.pod,
          'Warning',
          'FailedCreatePodSandBox',
          `Failed to create pod sandbox: plugin type="host-local" failed (add): failed to allocate for range 0: no IP addresses available in range set: ${this.host.podCIDRRange}`,
        );
        this.after(CONFIG_RETRY_MS, () => this.setUp());
        return;
      }
      this.rt.podIP = ip;
    }
    this.rt.sandboxReady = true;
    this.next();
  }

  /** Starts the next init container, or the app containers once init is done. */
  private next(): void {
    const rt = this.rt;
    if (rt.terminating || rt.finished) return;
    while (!rt.initDone) {
      const c = rt.containers[rt.nextInit];
      if (!c || c.kind === 'app') {
        rt.initDone = true;
        break;
      }
      if (c.kind === 'sidecar' && c.started && c.running) {
        rt.nextInit++;
        continue;
      }
      if (c.kind === 'init' && c.terminated?.exitCode === 0) {
        rt.nextInit++;
        continue;
      }
      if (!c.running && !c.backoff) this.startContainer(c);
      return;
    }
    for (const c of rt.containers)
      if (c.kind === 'app' && !c.running && !c.terminated && !c.lastTerminated && !c.containerID)
        this.startContainer(c);
    this.host.writeStatus(rt);
  }

  private startContainer(c: ContainerRuntimeState): void {
    const rt = this.rt;
    const spec = [...(rt.pod.spec?.initContainers ?? []), ...(rt.pod.spec?.containers ?? [])].find(
      (s) => s.name === c.name,
    );
    if (!spec) return;
    const ref = { name: c.name, init: c.kind !== 'app' };
    const configError = checkEnv(this.host.client, rt.pod, spec);
    if (configError) {
      c.waiting = { reason: 'CreateContainerConfigError', message: configError };
      this.host.event(rt.pod, 'Warning', 'Failed', `Error: ${configError}`, ref);
      this.host.writeStatus(rt);
      this.after(CONFIG_RETRY_MS, () => this.startContainer(c), c);
      return;
    }
    ensureImage(
      {
        host: this.host,
        rt,
        after: (ms, fn) => this.after(ms, fn, c),
        nextBackoff: () => this.nextBackoff(c),
        run: () => this.run(c),
        retry: () => this.startContainer(c),
      },
      c,
      spec,
    );
  }

  /** flowcontrol.Backoff.Next: 10 s, doubling to 300 s; idle for 10 min resets. */
  private nextBackoff(c: ContainerRuntimeState): number {
    const now = this.host.clock.now();
    if (!c.backoff || now - c.backoff.lastUpdateMs > BACKOFF_RESET_MS) {
      c.backoff = { durationMs: CRASHLOOP_INITIAL_MS, lastUpdateMs: now };
      return CRASHLOOP_INITIAL_MS;
    }
    c.backoff = {
      durationMs: Math.min(CRASHLOOP_MAX_MS, c.backoff.durationMs * 2),
      lastUpdateMs: now,
    };
    return c.backoff.durationMs;
  }

  /** Creates and starts the container process. */
  private run(c: ContainerRuntimeState): void {
    const rt = this.rt;
    if (rt.terminating) return;
    const ref = { name: c.name, init: c.kind !== 'app' };
    const now = this.host.clock.now();
    if (c.terminated || c.lastTerminated) {
      c.lastTerminated = c.terminated ?? c.lastTerminated;
      c.restartCount++;
    }
    c.containerID = this.host.runtime.newContainerID();
    c.imageID = imageID(c.image);
    c.terminated = undefined;
    c.waiting = undefined;
    c.running = { startedAt: formatTimestamp(now), startedAtMs: now };
    c.ready = false;
    c.started = false;
    this.host.event(rt.pod, 'Normal', 'Created', `Created container: ${c.name}`, ref);
    this.host.event(rt.pod, 'Normal', 'Started', `Started container ${c.name}`, ref);
    this.arm(c, false);
    if (c.kind === 'sidecar' && c.started) this.next();
    else this.host.writeStatus(rt);
  }

  /**
   * Arms a running container's exit (run time, OOM kill, counted from its start) and its probes;
   * `resumed`: after a kubelet restart, a container that had started keeps its started state.
   */
  private arm(c: ContainerRuntimeState, resumed: boolean): void {
    const rt = this.rt;
    const b = c.behaviour;
    const ranMs = this.host.clock.now() - (c.running?.startedAtMs ?? this.host.clock.now());
    const oom = b.memoryLimit > 0 && b.memoryUsage > b.memoryLimit;
    if (oom)
      this.after(
        Math.max(0, Math.min(b.runSeconds ?? 3, 3) * 1000 - ranMs),
        () => this.exited(c, 137, 'OOMKilled'),
        c,
      );
    else if (b.runSeconds !== undefined)
      this.after(
        Math.max(0, b.runSeconds * 1000 - ranMs),
        () => this.exited(c, b.exitCode, b.exitCode === 0 ? 'Completed' : 'Error'),
        c,
      );
    const spec = [...(rt.pod.spec?.initContainers ?? []), ...(rt.pod.spec?.containers ?? [])].find(
      (s) => s.name === c.name,
    );
    const ref = { name: c.name, init: c.kind !== 'app' };
    startProbes(
      this.host,
      rt,
      c,
      spec,
      {
        after: (ms, fn) => this.after(ms, fn, c),
        changed: () => {
          this.host.writeStatus(rt);
          if (c.kind === 'sidecar' && c.started) this.next();
        },
        kill: (reason) => {
          this.host.event(rt.pod, 'Normal', 'Killing', reason, ref);
          this.exited(c, 137, 'Error');
        },
      },
      resumed && c.started,
    );
  }

  /**
   * After a kubelet restart adopted this pod (adopt.ts): the old timers died with the old
   * kubelet, so running containers get their exit and probes re-armed, and containers that were
   * waiting or exited for a restart start now (the crash-loop back-off lived in the old kubelet's
   * memory, as upstream's flowcontrol.Backoff does).
   */
  resume(): void {
    const rt = this.rt;
    if (rt.terminating || rt.finished) return;
    const policy = rt.pod.spec?.restartPolicy ?? 'Always';
    for (const c of rt.containers) {
      if (c.running) this.arm(c, true);
      else if (c.kind === 'init') continue;
      else if (c.waiting) this.startContainer(c);
      else if (
        c.terminated &&
        (c.kind === 'sidecar' ||
          policy === 'Always' ||
          (policy === 'OnFailure' && c.terminated.exitCode !== 0))
      )
        this.after(PLEG_MS, () => this.restart(c), c);
    }
  }

  /** The container's process ended. */
  exited(c: ContainerRuntimeState, exitCode: number, reason: string): void {
    const rt = this.rt;
    if (!c.running || rt.terminating) return;
    for (const t of c.timers) this.host.clock.clearTimer(t);
    c.timers = [];
    const now = this.host.clock.now();
    c.terminated = {
      exitCode,
      reason,
      startedAt: c.running.startedAt,
      finishedAt: formatTimestamp(now),
      containerID: c.containerID,
    };
    c.running = undefined;
    c.ready = false;
    c.started = false;
    const policy = rt.pod.spec?.restartPolicy ?? 'Always';
    if (c.kind === 'init' && exitCode === 0) {
      rt.nextInit++;
      this.next();
      return;
    }
    const restart =
      c.kind === 'sidecar' || policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
    if (!restart) {
      if (podPhase(rt) === 'Succeeded' || podPhase(rt) === 'Failed') this.finish();
      else this.host.writeStatus(rt);
      return;
    }
    // kubelet doBackOff: in back-off while less than the current delay has passed since the last
    // restart; a container that ran longer than 10 min idle starts over at 10 s.
    if (c.backoff && now - c.backoff.lastUpdateMs > BACKOFF_RESET_MS) c.backoff = undefined;
    const inBackoffUntil = c.backoff ? c.backoff.lastUpdateMs + c.backoff.durationMs : 0;
    if (inBackoffUntil > now + PLEG_MS) {
      const wait = inBackoffUntil - now;
      const name = `${rt.pod.metadata?.name}_${rt.pod.metadata?.namespace}(${rt.uid})`;
      this.host.writeStatus(rt);
      this.after(
        PLEG_MS,
        () => {
          c.lastTerminated = c.terminated;
          c.terminated = undefined;
          c.waiting = {
            reason: 'CrashLoopBackOff',
            message: `back-off ${formatGoDuration(c.backoff?.durationMs ?? wait)} restarting failed container=${c.name} pod=${name}`,
          };
          this.host.event(
            rt.pod,
            'Warning',
            'BackOff',
            `Back-off restarting failed container ${c.name} in pod ${name}`,
            {
              name: c.name,
              init: c.kind !== 'app',
            },
          );
          this.host.writeStatus(rt);
        },
        c,
      );
      this.after(wait, () => this.restart(c), c);
    } else {
      this.host.writeStatus(rt);
      this.after(PLEG_MS, () => this.restart(c), c);
    }
  }

  private restart(c: ContainerRuntimeState): void {
    this.nextBackoff(c);
    this.startContainer(c);
  }

  /** All app containers are done for good: stop sidecars and report the terminal phase. */
  private finish(): void {
    const rt = this.rt;
    rt.finished = true;
    const now = formatTimestamp(this.host.clock.now());
    for (const c of rt.containers) {
      if (!c.running) continue;
      for (const t of c.timers) this.host.clock.clearTimer(t);
      c.timers = [];
      c.terminated = {
        exitCode: 0,
        reason: 'Completed',
        startedAt: c.running.startedAt,
        finishedAt: now,
        containerID: c.containerID,
      };
      c.running = undefined;
      c.ready = false;
    }
    this.host.writeStatus(rt);
  }

  /** Kills a running container (fault injection): exits with 137 like `crictl stop` after SIGKILL. */
  kill(containerName?: string): boolean {
    const c = this.rt.containers.find(
      (x) => x.running && (!containerName || x.name === containerName),
    );
    if (!c) return false;
    this.exited(c, 137, 'Error');
    return true;
  }

  /** Graceful termination: SIGTERM, wait up to the grace period, then delete the pod object. */
  terminate(): void {
    const rt = this.rt;
    if (rt.terminating) return;
    const meta = rt.pod.metadata;
    const grace =
      meta?.deletionGracePeriodSeconds ?? rt.pod.spec?.terminationGracePeriodSeconds ?? 30;
    this.stopAll(grace, () => {
      this.host.client.delete(apiPath('v1', 'pods', meta?.namespace, meta?.name), {
        gracePeriodSeconds: 0,
        preconditions: { uid: rt.uid },
      });
    });
  }

  /**
   * Ends the pod for good on the kubelet's own account (TerminatePodAbnormallyAndWait, as the
   * eviction manager does): SIGTERM with `graceSeconds` as the grace period, then the pod is
   * reported Failed with the verdict's reason, message and condition. The pod object stays (its
   * owner replaces it; pod GC removes it later). Returns the ms until the containers are stopped,
   * or undefined when the pod is already ending.
   */
  terminateAbnormally(graceSeconds: number, verdict: TerminalVerdict): number | undefined {
    const rt = this.rt;
    if (rt.terminating || rt.finished) return undefined;
    return this.stopAll(graceSeconds, () => {
      rt.terminating = false;
      rt.finished = true;
      rt.terminal = verdict;
      this.host.writeStatus(rt);
      // A deletion that arrived while the containers were stopping is carried out now.
      if (rt.pod.metadata?.deletionTimestamp) this.terminate();
    });
  }

  /** Admission refused the pod (kubelet rejectPod): it is reported Failed and never started. */
  reject(reason: string, message: string): void {
    this.rt.finished = true;
    this.rt.terminal = { reason, message, rejected: true };
    this.host.writeStatus(this.rt);
  }

  /** SIGTERM to every running container, SIGKILL after `grace` s; `done` once all have stopped. */
  private stopAll(grace: number, done: () => void): number {
    const rt = this.rt;
    rt.terminating = true;
    for (const t of rt.timers) this.host.clock.clearTimer(t);
    rt.timers = [];
    let stopMs = 0;
    for (const c of rt.containers) {
      for (const t of c.timers) this.host.clock.clearTimer(t);
      c.timers = [];
      if (!c.running) continue;
      this.host.event(rt.pod, 'Normal', 'Killing', `Stopping container ${c.name}`, {
        name: c.name,
        init: c.kind !== 'app',
      });
      const own = c.behaviour.stopSeconds;
      stopMs = Math.max(stopMs, Math.min(grace, own ?? grace) * 1000);
    }
    this.after(stopMs, () => {
      const now = formatTimestamp(this.host.clock.now());
      for (const c of rt.containers) {
        if (!c.running) continue;
        const graceful = c.behaviour.stopSeconds !== undefined && c.behaviour.stopSeconds <= grace;
        c.terminated = {
          exitCode: graceful ? 0 : 137,
          reason: graceful ? 'Completed' : 'Error',
          startedAt: c.running.startedAt,
          finishedAt: now,
          containerID: c.containerID,
        };
        c.running = undefined;
        c.ready = false;
      }
      if (stopMs > 0) this.host.writeStatus(rt);
      done();
    });
    return stopMs;
  }

  /** The pod object is gone: stop everything and free the IP. */
  dispose(): void {
    for (const t of this.rt.timers) this.host.clock.clearTimer(t);
    for (const c of this.rt.containers) for (const t of c.timers) this.host.clock.clearTimer(t);
    if (this.rt.podIP && !this.rt.pod.spec?.hostNetwork) this.host.releaseIP(this.rt.podIP);
    this.rt.podIP = undefined;
  }
}
