/**
 * The Deployment rollout strategies (pkg/controller/deployment/rolling.go, recreate.go, sync.go
 * `cleanupDeployment`): RollingUpdate grows the new ReplicaSet within maxSurge and shrinks old ones
 * within maxUnavailable (unhealthy old pods first); Recreate scales old ReplicaSets to zero, waits
 * for their pods to be gone, then scales the new one up; old ReplicaSets beyond
 * revisionHistoryLimit are deleted once idle.
 */
import {
  byCreation,
  deploymentComplete,
  maxUnavailable,
  newRSNewReplicas,
  replicasOf,
  revisionOf,
  type Deployment,
  type ReplicaSet,
} from './deployment-util.ts';
import { syncRolloutStatus, type DeploymentOps } from './deployment-progress.ts';

/** rolloutRolling: one step of a rolling update, then the rollout status. */
export function rolloutRolling(ops: DeploymentOps, d0: Deployment, rsList: ReplicaSet[]): void {
  const all = ops.getAll(d0, rsList, true);
  const d = all.d;
  let { newRS, oldRSs } = all;
  if (!newRS) return;
  const desired = d.spec?.replicas ?? 1;
  // reconcileNewReplicaSet
  if (replicasOf(newRS) !== desired) {
    const target =
      replicasOf(newRS) > desired ? desired : newRSNewReplicas(d, [newRS, ...oldRSs], newRS);
    const scaled = ops.scaleRS(d, newRS, target);
    if (replicasOf(scaled) !== replicasOf(newRS)) {
      newRS = scaled;
      return syncRolloutStatus(ops, d, [newRS, ...oldRSs], newRS);
    }
    newRS = scaled;
  }
  // reconcileOldReplicaSets
  const oldCount = oldRSs.reduce((s, rs) => s + replicasOf(rs), 0);
  if (oldCount > 0) {
    const allCount = oldCount + replicasOf(newRS);
    const minAvailable = desired - maxUnavailable(d);
    const newUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
    const maxScaledDown = allCount - minAvailable - newUnavailable;
    if (maxScaledDown > 0) {
      let scaledDown = 0;
      // cleanupUnhealthyReplicas: unavailable old pods go first.
      const sorted = [...oldRSs].sort(byCreation);
      const next = new Map<ReplicaSet, ReplicaSet>();
      for (const rs of sorted) {
        if (scaledDown >= maxScaledDown) break;
        const unhealthy = replicasOf(rs) - (rs.status?.availableReplicas ?? 0);
        if (replicasOf(rs) === 0 || unhealthy <= 0) continue;
        const n = Math.min(maxScaledDown - scaledDown, unhealthy);
        next.set(rs, ops.scaleRS(d, rs, replicasOf(rs) - n));
        scaledDown += n;
      }
      oldRSs = oldRSs.map((rs) => next.get(rs) ?? rs);
      // scaleDownOldReplicaSetsForRollingUpdate: then available ones, oldest first.
      const available = [newRS, ...oldRSs].reduce(
        (s, rs) => s + (rs.status?.availableReplicas ?? 0),
        0,
      );
      let budget = available - minAvailable;
      if (budget > 0) {
        const next2 = new Map<ReplicaSet, ReplicaSet>();
        for (const rs of [...oldRSs].sort(byCreation)) {
          if (budget <= 0) break;
          if (replicasOf(rs) === 0) continue;
          const n = Math.min(replicasOf(rs), budget);
          next2.set(rs, ops.scaleRS(d, rs, replicasOf(rs) - n));
          budget -= n;
          scaledDown += n;
        }
        oldRSs = oldRSs.map((rs) => next2.get(rs) ?? rs);
      }
      if (scaledDown > 0) return syncRolloutStatus(ops, d, [newRS, ...oldRSs], newRS);
    }
  }
  if (deploymentComplete(d, d.status ?? {})) oldRSs = cleanupOldReplicaSets(ops, d, oldRSs);
  syncRolloutStatus(ops, d, [newRS, ...oldRSs], newRS);
}

export function rolloutRecreate(ops: DeploymentOps, d0: Deployment, rsList: ReplicaSet[]): void {
  let { newRS, oldRSs, d } = ops.getAll(d0, rsList, false);
  const active = oldRSs.filter((rs) => replicasOf(rs) > 0);
  if (active.length > 0) {
    oldRSs = oldRSs.map((rs) => (replicasOf(rs) > 0 ? ops.scaleRS(d, rs, 0) : rs));
    return syncRolloutStatus(ops, d, newRS ? [newRS, ...oldRSs] : oldRSs, newRS);
  }
  // oldPodsRunning: wait until the old pods are gone (Failed/Succeeded ones do not count).
  const oldRunning = oldRSs.some(
    (rs) =>
      (rs.status?.replicas ?? 0) > 0 ||
      ops.pods
        .ownedBy(rs.metadata?.uid ?? '')
        .some((p) => p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded'),
  );
  if (oldRunning) return syncRolloutStatus(ops, d, newRS ? [newRS, ...oldRSs] : oldRSs, newRS);
  if (!newRS) {
    const all = ops.getAll(d, rsList, true);
    newRS = all.newRS;
    d = all.d;
    if (!newRS) return;
  }
  newRS = ops.scaleRS(d, newRS, d.spec?.replicas ?? 1);
  if (deploymentComplete(d, d.status ?? {})) oldRSs = cleanupOldReplicaSets(ops, d, oldRSs);
  syncRolloutStatus(ops, d, [newRS, ...oldRSs], newRS);
}

/** cleanupDeployment: delete the oldest idle ReplicaSets beyond revisionHistoryLimit. */
export function cleanupOldReplicaSets(
  ops: DeploymentOps,
  d: Deployment,
  oldRSs: ReplicaSet[],
): ReplicaSet[] {
  const limit = d.spec?.revisionHistoryLimit;
  if (limit === undefined || limit === null) return oldRSs;
  const cleanable = oldRSs.filter((rs) => !rs.metadata?.deletionTimestamp);
  const diff = cleanable.length - limit;
  if (diff <= 0) return oldRSs;
  const sorted = [...cleanable].sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
  const removed = new Set<ReplicaSet>();
  for (const rs of sorted.slice(0, diff)) {
    if ((rs.status?.replicas ?? 0) !== 0 || replicasOf(rs) !== 0) continue;
    if ((rs.metadata?.generation ?? 1) > (rs.status?.observedGeneration ?? 0)) continue;
    const res = ops.client.delete(ops.rsPath(rs), { preconditions: { uid: rs.metadata?.uid } });
    if (res.ok) removed.add(rs);
  }
  return oldRSs.filter((rs) => !removed.has(rs));
}
