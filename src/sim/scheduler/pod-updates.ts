/**
 * What the scheduler writes besides bindings (pkg/scheduler/schedule_one.go handleSchedulingFailure,
 * framework/preemption): the PodScheduled condition of pods that fit nowhere, scheduling-gated
 * pods, and the victims of preemption.
 */
import type { Pod, PodCondition } from 'kubernetes-types/core/v1';
import { apiPath, type SimClient } from '../client.ts';
import { formatTimestamp, type Clock } from '../clock.ts';
import type { PodEventRecorder } from '../node/kubelet-events.ts';

const SCHEDULER_NAME = 'default-scheduler';

export interface StatusWriter {
  client: SimClient;
  clock: Clock;
  recorder: PodEventRecorder;
}

/** Preempts a victim: DisruptionTarget condition, delete, `Preempted` event (preemption.go PreemptPod). */
export function evictVictim(w: StatusWriter, victim: Pod, preemptor: Pod, nodeName: string): void {
  const ns = victim.metadata?.namespace;
  const name = victim.metadata?.name;
  const now = formatTimestamp(w.clock.now());
  const conditions = (victim.status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget');
  conditions.push({
    type: 'DisruptionTarget',
    status: 'True',
    reason: 'PreemptionByScheduler',
    message: `${SCHEDULER_NAME}: preempting to accommodate a higher priority pod`,
    lastTransitionTime: now,
  } as PodCondition);
  w.client.patch(apiPath('v1', 'pods', ns, name, 'status'), { status: { conditions } });
  w.client.delete(apiPath('v1', 'pods', ns, name));
  w.recorder.event(
    victim,
    'Normal',
    'Preempted',
    `Preempted by pod ${preemptor.metadata?.uid ?? ''} on node ${nodeName}`,
  );
}

/** PodScheduled=False/Unschedulable with the FitError message (and nominatedNodeName), if changed. */
export function markUnschedulable(
  w: StatusWriter,
  current: Pod,
  message: string,
  nominatedNode?: string,
): void {
  const pod = current;
  const conditions = current.status?.conditions ?? [];
  const old = conditions.find((c) => c.type === 'PodScheduled');
  const nominatedChanged =
    nominatedNode !== undefined && current.status?.nominatedNodeName !== nominatedNode;
  if (
    old &&
    old.status === 'False' &&
    old.reason === 'Unschedulable' &&
    old.message === message &&
    !nominatedChanged
  )
    return;
  const condition: PodCondition = {
    type: 'PodScheduled',
    status: 'False',
    reason: 'Unschedulable',
    message,
    lastProbeTime: null as unknown as string,
    lastTransitionTime:
      old?.status === 'False' && old.lastTransitionTime
        ? old.lastTransitionTime
        : formatTimestamp(w.clock.now()),
  };
  const status: Record<string, unknown> = {
    conditions: [...conditions.filter((c) => c.type !== 'PodScheduled'), condition],
  };
  if (nominatedNode !== undefined) status.nominatedNodeName = nominatedNode;
  w.client.patch(apiPath('v1', 'pods', pod.metadata?.namespace, pod.metadata?.name, 'status'), {
    status,
  });
}

/** PodScheduled=False/SchedulingGated for a pod with scheduling gates. */
export function markGated(w: StatusWriter, pod: Pod): void {
  const conditions = pod.status?.conditions ?? [];
  if (conditions.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) return;
  const condition = {
    type: 'PodScheduled',
    status: 'False',
    reason: 'SchedulingGated',
    message: 'Scheduling is blocked due to non-empty scheduling gates',
    lastProbeTime: null,
    lastTransitionTime: formatTimestamp(w.clock.now()),
  };
  w.client.patch(apiPath('v1', 'pods', pod.metadata?.namespace, pod.metadata?.name, 'status'), {
    status: { conditions: [...conditions.filter((c) => c.type !== 'PodScheduled'), condition] },
  });
}
