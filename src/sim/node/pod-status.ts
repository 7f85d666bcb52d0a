/**
 * PodStatus from the kubelet's runtime state (pkg/kubelet/kubelet_pods.go generateAPIPodStatus,
 * getPhase; pkg/kubelet/status/generate.go for the conditions): phase, the five conditions,
 * container statuses, IPs and QoS class.
 */
import type { Container, Pod, PodCondition } from 'kubernetes-types/core/v1';
import { normalizeImage } from './container-runtime.ts';
import type {
  ContainerRuntimeState,
  PodPhase,
  PodRuntime,
  TerminatedState,
} from './pod-runtime.ts';

/** Conditions the kubelet owns (others, e.g. DisruptionTarget, are kept as they are). */
const KUBELET_CONDITIONS = new Set([
  'PodReadyToStartContainers',
  'Initialized',
  'Ready',
  'ContainersReady',
  'PodScheduled',
]);

/** QoS class (pkg/apis/core/helper/qos): Guaranteed, Burstable or BestEffort. */
export function qosClass(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers: Container[] = [
    ...(pod.spec?.containers ?? []),
    ...(pod.spec?.initContainers ?? []),
  ];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = (c.resources?.requests ?? {}) as Record<string, unknown>;
    const lim = (c.resources?.limits ?? {}) as Record<string, unknown>;
    for (const r of ['cpu', 'memory']) {
      if (req[r] !== undefined || lim[r] !== undefined) any = true;
      if (lim[r] === undefined) guaranteed = false;
      else if (req[r] !== undefined && String(req[r]) !== String(lim[r])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** The pod phase (kubelet getPhase). */
export function podPhase(rt: PodRuntime): PodPhase {
  const restartPolicy = rt.pod.spec?.restartPolicy ?? 'Always';
  const inits = rt.containers.filter((c) => c.kind === 'init');
  const failedInit = inits.find(
    (c) => c.terminated && c.terminated.exitCode !== 0 && restartPolicy === 'Never',
  );
  if (failedInit) return 'Failed';
  if (!rt.initDone) return 'Pending';
  let unstarted = 0;
  let running = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const c of rt.containers) {
    if (c.kind !== 'app') continue;
    if (c.running) running++;
    else if (c.terminated) {
      stopped++;
      if (c.terminated.exitCode === 0) succeeded++;
    } else if (c.lastTerminated) stopped++;
    else unstarted++;
  }
  if (unstarted > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (restartPolicy === 'Always') return 'Running';
  if (restartPolicy === 'OnFailure') return succeeded === stopped ? 'Succeeded' : 'Running';
  return succeeded === stopped ? 'Succeeded' : 'Failed';
}

function terminatedStatus(t: TerminatedState): Record<string, unknown> {
  return {
    exitCode: t.exitCode,
    reason: t.reason,
    ...(t.message ? { message: t.message } : {}),
    startedAt: t.startedAt,
    finishedAt: t.finishedAt,
    ...(t.containerID ? { containerID: t.containerID } : {}),
  };
}

function containerStatus(c: ContainerRuntimeState): Record<string, unknown> {
  const state = c.running
    ? { running: { startedAt: c.running.startedAt } }
    : c.terminated
      ? { terminated: terminatedStatus(c.terminated) }
      : {
          waiting: {
            reason: c.waiting?.reason ?? 'ContainerCreating',
            ...(c.waiting?.message ? { message: c.waiting.message } : {}),
          },
        };
  return {
    name: c.name,
    state,
    lastState: c.lastTerminated ? { terminated: terminatedStatus(c.lastTerminated) } : {},
    // A (non-sidecar) init container that exited 0 reports ready: true (prober_manager.go
    // UpdatePodStatus); sidecars and app containers are ready per their readiness.
    ready: c.kind === 'init' ? !c.running && c.terminated?.exitCode === 0 : c.ready,
    restartCount: c.restartCount,
    image: normalizeImage(c.image).reference,
    imageID: c.imageID ?? '',
    ...(c.containerID ? { containerID: c.containerID } : {}),
    started: c.started && !!c.running,
  };
}

function condition(
  type: string,
  ok: boolean,
  now: string,
  previous: PodCondition[],
  reason?: string,
  message?: string,
): PodCondition {
  const status = ok ? 'True' : 'False';
  const old = previous.find((c) => c.type === type);
  return {
    type,
    status,
    lastProbeTime: null as unknown as string,
    lastTransitionTime:
      old && old.status === status && old.lastTransitionTime ? old.lastTransitionTime : now,
    ...(!ok && reason ? { reason } : {}),
    ...(!ok && message ? { message } : {}),
  };
}

/** The PodStatus the kubelet would report now. */
export function buildPodStatus(
  rt: PodRuntime,
  hostIP: string,
  now: string,
  current: Pod,
): Record<string, unknown> {
  const terminal = rt.terminal;
  // kubelet rejectPod: the status of a pod that never ran is its phase, reason and message only.
  if (terminal?.rejected)
    return {
      phase: 'Failed',
      reason: terminal.reason,
      message: terminal.message,
      startTime: rt.startTime,
      qosClass: qosClass(rt.pod),
    };
  const phase = terminal ? 'Failed' : podPhase(rt);
  const previous = current.status?.conditions ?? [];
  const inits = rt.containers.filter((c) => c.kind !== 'app');
  const apps = rt.containers.filter((c) => c.kind === 'app');
  const incompleteInit = inits
    .filter((c) =>
      c.kind === 'init' ? !(c.terminated && c.terminated.exitCode === 0) : !c.started,
    )
    .map((c) => c.name);
  const unready = [...inits.filter((c) => c.kind === 'sidecar'), ...apps]
    .filter((c) => !c.ready)
    .map((c) => c.name);
  const completed = phase === 'Succeeded' || phase === 'Failed';
  const initialized = rt.initDone || incompleteInit.length === 0;
  const containersReady = unready.length === 0 && !completed;
  const readyReason = completed ? 'PodCompleted' : 'ContainersNotReady';
  const readyMessage = completed
    ? undefined
    : `containers with unready status: [${unready.join(' ')}]`;
  const conditions: PodCondition[] = [
    condition('PodReadyToStartContainers', rt.sandboxReady && !completed, now, previous),
    condition(
      'Initialized',
      initialized,
      now,
      previous,
      'ContainersNotInitialized',
      `containers with incomplete status: [${incompleteInit.join(' ')}]`,
    ),
    condition('Ready', containersReady, now, previous, readyReason, readyMessage),
    condition('ContainersReady', containersReady, now, previous, readyReason, readyMessage),
    condition('PodScheduled', true, now, previous),
    ...previous.filter((c) => !KUBELET_CONDITIONS.has(c.type)),
  ];
  const extra = terminal?.condition;
  if (extra && !conditions.some((c) => c.type === extra.type)) conditions.push(extra);
  const status: Record<string, unknown> = {
    phase,
    conditions,
    hostIP,
    hostIPs: [{ ip: hostIP }],
    ...(rt.podIP ? { podIP: rt.podIP, podIPs: [{ ip: rt.podIP }] } : {}),
    startTime: rt.startTime,
    containerStatuses: apps.map(containerStatus),
    qosClass: qosClass(rt.pod),
  };
  if (inits.length) status.initContainerStatuses = inits.map(containerStatus);
  if (terminal) {
    status.reason = terminal.reason;
    status.message = terminal.message;
  }
  return status;
}
