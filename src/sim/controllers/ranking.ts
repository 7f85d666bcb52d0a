/**
 * Which pods a ReplicaSet deletes first when it scales down (pkg/controller/controller_utils.go
 * `ActivePodsWithRanks.Less`, 1.32 with LogarithmicScaleDown GA since 1.31):
 * 1. unassigned before assigned; 2. Pending < Unknown < Running; 3. not ready before ready;
 * 4. lower `controller.kubernetes.io/pod-deletion-cost` first; 5. more pods of the same owner(s) on
 * its node first; 6. ready more recently first (log2 buckets of the ready age, ties by UID);
 * 7. more container restarts first; 8. created more recently first (log2 buckets, ties by UID).
 */
import {
  isPodReady,
  isPodActive,
  maxContainerRestarts,
  parseTime,
  readyCondition,
  type Pod,
} from './util.ts';

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
export const POD_DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

function deletionCost(pod: Pod): number {
  const v = pod.metadata?.annotations?.[POD_DELETION_COST];
  if (v === undefined) return 0;
  const n = Number(v);
  return Number.isInteger(n) ? n : 0;
}

/** log2 of the age in nanoseconds, as an integer; -1 when not in the past. */
function logRank(t: number, now: number): number {
  const d = (now - t) * 1_000_000;
  return d > 0 ? Math.floor(Math.log2(d)) : -1;
}

/** Compares two timestamps "more recent first"; zero (unknown) first; log buckets when now is known. */
function compareRecentFirst(
  a: number | undefined,
  b: number | undefined,
  now: number,
  uidA: string,
  uidB: string,
): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  const diff = logRank(a, now) - logRank(b, now);
  if (diff === 0) return uidA < uidB ? -1 : uidA > uidB ? 1 : 0;
  return diff;
}

/**
 * Sorts pods in deletion order: the first `n` are the ones to delete. `rank` maps a pod to the
 * number of related active pods on its node (getPodsRankedByRelatedPodsOnSameNode).
 */
export function rankPodsForDeletion(pods: Pod[], related: Pod[], now: number): Pod[] {
  const onNode = new Map<string, number>();
  for (const p of related) {
    const node = p.spec?.nodeName;
    if (!node || !isPodActive(p)) continue;
    onNode.set(node, (onNode.get(node) ?? 0) + 1);
  }
  const rank = (p: Pod) => (p.spec?.nodeName ? (onNode.get(p.spec.nodeName) ?? 0) : 0);
  const readyAt = (p: Pod) => parseTime(readyCondition(p)?.lastTransitionTime);
  const created = (p: Pod) => parseTime(p.metadata?.creationTimestamp);
  return [...pods].sort((a, b) => compareForDeletion(a, b, rank, readyAt, created, now));
}

function compareForDeletion(
  a: Pod,
  b: Pod,
  rank: (p: Pod) => number,
  readyAt: (p: Pod) => number | undefined,
  created: (p: Pod) => number | undefined,
  now: number,
): number {
  const na = a.spec?.nodeName ?? '';
  const nb = b.spec?.nodeName ?? '';
  if (na !== nb && (na === '' || nb === '')) return na === '' ? -1 : 1;
  const pa = PHASE_ORDINAL[a.status?.phase ?? 'Pending'] ?? 0;
  const pb = PHASE_ORDINAL[b.status?.phase ?? 'Pending'] ?? 0;
  if (pa !== pb) return pa - pb;
  const ra = isPodReady(a);
  const rb = isPodReady(b);
  if (ra !== rb) return ra ? 1 : -1;
  const ca = deletionCost(a);
  const cb = deletionCost(b);
  if (ca !== cb) return ca - cb;
  const ka = rank(a);
  const kb = rank(b);
  if (ka !== kb) return kb - ka;
  const uidA = a.metadata?.uid ?? '';
  const uidB = b.metadata?.uid ?? '';
  if (ra && rb) {
    const c = compareRecentFirst(readyAt(a), readyAt(b), now, uidA, uidB);
    if (c !== 0) return c;
  }
  const restarts = maxContainerRestarts(b) - maxContainerRestarts(a);
  if (restarts !== 0) return restarts;
  return compareRecentFirst(created(a), created(b), now, uidA, uidB);
}
