/**
 * Deployment status and progress (pkg/controller/deployment/sync.go `calculateStatus`,
 * progress.go `syncRolloutStatus`): replica counts summed over the ReplicaSets, the Available
 * condition (MinimumReplicasAvailable / Unavailable against replicas - maxUnavailable) and the
 * Progressing condition (NewReplicaSetCreated, FoundNewReplicaSet, ReplicaSetUpdated,
 * NewReplicaSetAvailable, ProgressDeadlineExceeded) with a requeue when the deadline would pass.
 */
import type { SimClient } from '../client.ts';
import type { WorkQueue } from '../workqueue.ts';
import {
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  maxUnavailable,
  replicasOf,
  type Deployment,
  type DeploymentStatus,
  type ReplicaSet,
} from './deployment-util.ts';
import type { EventRecorder } from './events.ts';
import type { SharedInformer } from './informers.ts';
import { keyOf, parseTime, setCondition, type Condition, type Pod } from './util.ts';

/** What the rollout and status helpers need from the Deployment controller. */
export interface DeploymentOps {
  client: SimClient;
  recorder: EventRecorder;
  queue: WorkQueue;
  pods: SharedInformer<Pod>;
  now(): number;
  stamp(): string;
  rsPath(rs: ReplicaSet): string;
  /** getAllReplicaSetsAndSyncRevision. */
  getAll(
    d: Deployment,
    rsList: ReplicaSet[],
    create: boolean,
  ): { newRS: ReplicaSet | undefined; oldRSs: ReplicaSet[]; d: Deployment };
  /** Scales a ReplicaSet (and its replica annotations), recording ScalingReplicaSet. */
  scaleRS(d: Deployment, rs: ReplicaSet, size: number, op?: 'up' | 'down'): ReplicaSet;
  /** Writes the status when it changed; returns the Deployment as written. */
  updateStatus(d: Deployment, status: DeploymentStatus): Deployment;
}

/** A Progressing condition with both times set to `stamp`. */
export function progressingCondition(
  stamp: string,
  status: string,
  reason: string,
  message: string,
): Condition {
  const t = stamp;
  return {
    type: 'Progressing',
    status,
    lastUpdateTime: t,
    lastTransitionTime: t,
    reason,
    message,
  };
}

/** calculateStatus: counts and the Available condition. */
export function calculateStatus(
  ops: DeploymentOps,
  d: Deployment,
  rss: ReplicaSet[],
  newRS: ReplicaSet | undefined,
): DeploymentStatus {
  let replicas = 0;
  let ready = 0;
  let available = 0;
  let spec = 0;
  for (const rs of rss) {
    replicas += rs.status?.replicas ?? 0;
    ready += rs.status?.readyReplicas ?? 0;
    available += rs.status?.availableReplicas ?? 0;
    spec += replicasOf(rs);
  }
  const status: DeploymentStatus = {
    observedGeneration: d.metadata?.generation ?? 1,
    replicas,
    updatedReplicas: newRS?.status?.replicas ?? 0,
    readyReplicas: ready,
    availableReplicas: available,
    unavailableReplicas: Math.max(0, spec - available),
    ...(d.status?.collisionCount !== undefined ? { collisionCount: d.status.collisionCount } : {}),
    conditions: [...(d.status?.conditions ?? [])],
  };
  const t = ops.stamp();
  const min = (d.spec?.replicas ?? 1) - maxUnavailable(d);
  status.conditions = setCondition(
    status.conditions ?? [],
    available >= min
      ? {
          type: 'Available',
          status: 'True',
          lastUpdateTime: t,
          lastTransitionTime: t,
          reason: 'MinimumReplicasAvailable',
          message: 'Deployment has minimum availability.',
        }
      : {
          type: 'Available',
          status: 'False',
          lastUpdateTime: t,
          lastTransitionTime: t,
          reason: 'MinimumReplicasUnavailable',
          message: 'Deployment does not have minimum availability.',
        },
  );
  return status;
}

/** syncRolloutStatus: the status plus the Progressing condition and the deadline requeue. */
export function syncRolloutStatus(
  ops: DeploymentOps,
  d: Deployment,
  rss: ReplicaSet[],
  newRS: ReplicaSet | undefined,
): void {
  const status = calculateStatus(ops, d, rss, newRS);
  const hasDeadline = d.spec?.progressDeadlineSeconds !== undefined;
  let conditions = status.conditions ?? [];
  if (!hasDeadline) conditions = conditions.filter((c) => c.type !== 'Progressing');
  const current = conditions.find((c) => c.type === 'Progressing');
  const complete =
    status.replicas === status.updatedReplicas && current?.reason === 'NewReplicaSetAvailable';
  if (hasDeadline && !complete && newRS) {
    const name = newRS.metadata?.name;
    if (deploymentComplete(d, status)) {
      conditions = setCondition(
        conditions,
        progressingCondition(
          ops.stamp(),
          'True',
          'NewReplicaSetAvailable',
          `ReplicaSet "${name}" has successfully progressed.`,
        ),
      );
    } else if (deploymentProgressing(d, status)) {
      const cond = progressingCondition(
        ops.stamp(),
        'True',
        'ReplicaSetUpdated',
        `ReplicaSet "${name}" is progressing.`,
      );
      if (current?.status === 'True') cond.lastTransitionTime = current.lastTransitionTime;
      conditions = [...conditions.filter((c) => c.type !== 'Progressing'), cond];
    } else if (deploymentTimedOut(d, { ...status, conditions }, ops.now())) {
      conditions = setCondition(
        conditions,
        progressingCondition(
          ops.stamp(),
          'False',
          'ProgressDeadlineExceeded',
          `ReplicaSet "${name}" has timed out progressing.`,
        ),
      );
    }
  }
  // ReplicaFailure mirrors the new ReplicaSet's (getReplicaFailures).
  const failure = newRS?.status?.conditions?.find((c) => c.type === 'ReplicaFailure');
  conditions = failure
    ? setCondition(conditions, { ...failure })
    : conditions.filter((c) => c.type !== 'ReplicaFailure');
  status.conditions = conditions;
  const written = ops.updateStatus(d, status);
  // requeueStuckDeployment: look again when the deadline would pass.
  const cond = conditions.find((c) => c.type === 'Progressing');
  if (
    hasDeadline &&
    cond &&
    cond.reason !== 'NewReplicaSetAvailable' &&
    cond.reason !== 'ProgressDeadlineExceeded' &&
    !deploymentComplete(written, status)
  ) {
    const from = parseTime(cond.lastUpdateTime) ?? ops.now();
    const after = from + (d.spec?.progressDeadlineSeconds ?? 600) * 1000 - ops.now();
    ops.queue.addAfter(keyOf(d), after < 1000 ? 0 : after + 1000);
  }
}
