/**
 * The ReplicaSet controller (pkg/controller/replicaset/replica_set.go), which also runs
 * ReplicationControllers (pkg/controller/replication wraps the same code): keep `spec.replicas`
 * active pods that match the selector, adopting orphans and releasing pods that stopped matching;
 * create at most 500 per sync (BurstReplicas) in slow-start batches; delete the lowest-ranked
 * pods first; publish replicas / fullyLabeledReplicas / readyReplicas / availableReplicas.
 */
import type { KubeObject } from '../api/types.ts';
import { apiPath } from '../client.ts';
import { formatTimestamp } from '../clock.ts';
import type { ControllerContext } from './context.ts';
import { Expectations } from './expectations.ts';
import {
  createPod,
  deletePod,
  podFromTemplate,
  setControllerRef,
  slowStartBatch,
  SLOW_START_INITIAL_BATCH,
  type PodTemplate,
} from './pod-control.ts';
import { rankPodsForDeletion } from './ranking.ts';
import { writeStatus } from './status-writer.ts';
import {
  availableAt,
  controllerRef,
  isPodActive,
  isPodAvailable,
  isPodReady,
  jsonEqual,
  keyOf,
  newControllerRef,
  omitEmpty,
  selectorIsEmpty,
  selectorMatches,
  setCondition,
  type Condition,
  type LabelSelectorSpec,
  type Pod,
} from './util.ts';

/** BurstReplicas: the most pods one sync creates or deletes. */
export const BURST_REPLICAS = 500;

export interface ReplicaSetLike extends KubeObject {
  spec?: {
    replicas?: number;
    minReadySeconds?: number;
    selector?: LabelSelectorSpec | Record<string, string>;
    template?: PodTemplate;
  };
  status?: Record<string, unknown>;
}

/** A pod's controller owner as the ReplicaSet controller resolves it (see ownerOf). */
interface Owner {
  uid: string;
  key: string;
  live: boolean;
  labels: Record<string, string> | undefined;
}

interface Kind {
  apiVersion: string;
  kind: string;
  resource: string;
  user: string;
  /** RC selectors are plain maps; RS selectors are metav1.LabelSelector. */
  selector(obj: ReplicaSetLike): LabelSelectorSpec | undefined;
}

const REPLICA_SET: Kind = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  resource: 'replicasets',
  user: 'replicaset-controller',
  selector: (rs) => rs.spec?.selector as LabelSelectorSpec | undefined,
};

const REPLICATION_CONTROLLER: Kind = {
  apiVersion: 'v1',
  kind: 'ReplicationController',
  resource: 'replicationcontrollers',
  user: 'replication-controller',
  selector: (rc) => {
    const sel = (rc.spec?.selector as Record<string, string> | undefined) ?? {};
    return { matchLabels: sel };
  },
};

/** Starts the ReplicaSet controller. */
export function startReplicaSetController(ctx: ControllerContext): void {
  startReplicaController(ctx, REPLICA_SET);
}

/** Starts the ReplicationController controller (the same logic over v1 ReplicationControllers). */
export function startReplicationController(ctx: ControllerContext): void {
  startReplicaController(ctx, REPLICATION_CONTROLLER);
}

function startReplicaController(ctx: ControllerContext, kind: Kind): void {
  const client = ctx.client(kind.user);
  const recorder = ctx.recorder(kind.user);
  const owners = ctx.informers.for<ReplicaSetLike>(kind.apiVersion, kind.resource);
  const pods = ctx.informers.for<Pod>('v1', 'pods');
  const expectations = new Expectations(ctx.clock);
  const queue = ctx.queue(kind.user, sync);

  /**
   * The owner `pod`'s controller reference names, when it is of this kind: its uid, its key, and
   * whether it still exists (then with its template's labels).
   */
  const ownerOf = (pod: Pod): Owner | undefined => {
    const ref = controllerRef(pod);
    if (!ref || ref.kind !== kind.kind) return undefined;
    const key = `${pod.metadata?.namespace}/${ref.name}`;
    const rs = owners.get(key);
    return rs?.metadata?.uid === ref.uid
      ? { uid: ref.uid, key, live: true, labels: rs.spec?.template?.metadata?.labels ?? {} }
      : { uid: ref.uid, key, live: false, labels: undefined };
  };
  const liveKey = (owner: Owner | undefined) => (owner?.live ? owner.key : undefined);
  const ownerKeyOf = (pod: Pod): string | undefined => liveKey(ownerOf(pod));
  const enqueueMatching = (pod: Pod) => {
    for (const rs of owners.inNamespace(pod.metadata?.namespace ?? '')) {
      const sel = kind.selector(rs);
      if (!selectorIsEmpty(sel) && selectorMatches(sel, pod.metadata?.labels)) queue.add(keyOf(rs));
    }
  };

  // Status counters kept incrementally from pod events, by owner uid, so a sync costs O(1) and
  // not O(pods): a 10,000-replica ReplicaSet syncs thousands of times while its pods start.
  const stats = new Map<string, Counts>();
  /** Owners whose pods must be re-checked against the selector (labels or selector changed). */
  const recheck = new Set<string>();
  const account = (pod: Pod, sign: 1 | -1, owner = ownerOf(pod)) => {
    if (!owner) return;
    let c = stats.get(owner.uid);
    if (!c) stats.set(owner.uid, (c = { active: 0, ready: 0, fullyLabeled: 0 }));
    addCounts(c, contribution(pod, owner.labels), sign);
    // Drop the counters of a deleted owner once its last pod is gone.
    if (!owner.live && c.active === 0 && c.ready === 0 && c.fullyLabeled === 0)
      stats.delete(owner.uid);
  };
  const recount = (rs: ReplicaSetLike) => {
    const uid = rs.metadata?.uid ?? '';
    const c = { active: 0, ready: 0, fullyLabeled: 0 };
    const labels = rs.spec?.template?.metadata?.labels ?? {};
    for (const p of pods.ownedIter(uid)) addCounts(c, contribution(p, labels), 1);
    stats.set(uid, c);
    recheck.add(uid);
  };

  owners.on({
    add: (rs) => {
      recount(rs);
      queue.add(keyOf(rs));
    },
    update: (old, rs) => {
      if (!jsonEqual(old.spec?.template?.metadata?.labels, rs.spec?.template?.metadata?.labels))
        recount(rs);
      if (!jsonEqual(old.spec?.selector, rs.spec?.selector)) recheck.add(rs.metadata?.uid ?? '');
      queue.add(keyOf(rs));
    },
    delete: (rs) => {
      expectations.delete(keyOf(rs));
      stats.delete(rs.metadata?.uid ?? '');
      queue.add(keyOf(rs));
    },
  });
  pods.on({
    add: (pod) => {
      account(pod, 1);
      const key = ownerKeyOf(pod);
      if (key) {
        expectations.creationObserved(key);
        if (pod.metadata?.deletionTimestamp) expectations.deletionObserved(key, keyOf(pod));
        queue.add(key);
      } else if (!controllerRef(pod)) enqueueMatching(pod);
    },
    update: (old, pod) => {
      const owner = ownerOf(pod);
      const oldRef = controllerRef(old);
      // Same owner before and after (most updates are status writes): one owner lookup serves both.
      const oldOwner =
        owner &&
        oldRef?.uid === owner.uid &&
        oldRef.kind === kind.kind &&
        old.metadata?.namespace === pod.metadata?.namespace
          ? owner
          : ownerOf(old);
      account(old, -1, oldOwner);
      account(pod, 1, owner);
      const key = liveKey(owner);
      const oldKey = liveKey(oldOwner);
      if (old.metadata?.resourceVersion === pod.metadata?.resourceVersion) return;
      if (oldKey && oldKey !== key) queue.add(oldKey);
      if (key) {
        if (!jsonEqual(old.metadata?.labels, pod.metadata?.labels))
          recheck.add(controllerRef(pod)?.uid ?? '');
        if (pod.metadata?.deletionTimestamp) expectations.deletionObserved(key, keyOf(pod));
        queue.add(key);
        const minReady = owners.get(key)?.spec?.minReadySeconds ?? 0;
        if (minReady > 0 && isPodReady(old) !== isPodReady(pod))
          queue.addAfter(key, minReady * 1000);
      } else if (!controllerRef(pod)) enqueueMatching(pod);
    },
    delete: (pod) => {
      account(pod, -1);
      const key = ownerKeyOf(pod);
      if (key) {
        expectations.deletionObserved(key, keyOf(pod));
        queue.add(key);
      }
    },
  });

  function sync(key: string): void {
    const rs = owners.get(key);
    if (!rs) {
      expectations.delete(key);
      return;
    }
    const meta = rs.metadata ?? {};
    const ns = meta.namespace ?? 'default';
    const uid = meta.uid ?? '';
    const selector = kind.selector(rs);
    const ref = newControllerRef(rs, kind.apiVersion, kind.kind);
    const deleting = !!meta.deletionTimestamp;
    const templateLabels = rs.spec?.template?.metadata?.labels ?? {};
    // Claim pods (ControllerRefManager.ClaimPods): release ours that stopped matching (checked
    // only when labels or the selector changed), adopt matching orphans unless being deleted.
    // Changes made here reach the counters through the informer later, so this sync adjusts them.
    const counts = { ...(stats.get(uid) ?? { active: 0, ready: 0, fullyLabeled: 0 }) };
    const released = new Set<string>();
    if (recheck.delete(uid)) {
      for (const pod of pods.ownedBy(uid)) {
        if (selectorMatches(selector, pod.metadata?.labels)) continue;
        released.add(keyOf(pod));
        addCounts(counts, contribution(pod, templateLabels), -1);
        if (!pod.metadata?.deletionTimestamp)
          setControllerRef(client, podPath(pod), pod, undefined, uid);
      }
    }
    const adopted: Pod[] = [];
    if (!deleting && !selectorIsEmpty(selector)) {
      for (const pod of pods.orphansIn(ns)) {
        if (pod.metadata?.deletionTimestamp || !selectorMatches(selector, pod.metadata?.labels))
          continue;
        const got = setControllerRef(client, podPath(pod), pod, ref) as Pod | undefined;
        if (!got) continue;
        adopted.push(got);
        addCounts(counts, contribution(got, templateLabels), 1);
      }
    }
    const activePods = () => {
      const out: Pod[] = [];
      for (const p of pods.ownedIter(uid))
        if (isPodActive(p) && !released.has(keyOf(p))) out.push(p);
      for (const p of adopted) if (isPodActive(p)) out.push(p);
      return out;
    };
    let failure: string | undefined;
    if (expectations.satisfied(key) && !deleting)
      failure = manageReplicas(key, rs, counts.active, activePods);
    updateStatus(key, rs, counts, activePods, failure);
  }

  function manageReplicas(
    key: string,
    rs: ReplicaSetLike,
    activeCount: number,
    activePods: () => Pod[],
  ): string | undefined {
    const diff = activeCount - (rs.spec?.replicas ?? 1);
    const ns = rs.metadata?.namespace ?? 'default';
    if (diff < 0) {
      const want = Math.min(-diff, BURST_REPLICAS);
      expectations.expect(key, want);
      const ref = newControllerRef(rs, kind.apiVersion, kind.kind);
      let failure: string | undefined;
      const made = slowStartBatch(want, SLOW_START_INITIAL_BATCH, () => {
        const pod = podFromTemplate(rs.spec?.template ?? {}, ns, ref, {
          generateName: `${rs.metadata?.name}-`,
        });
        const res = createPod(client, recorder, rs, pod);
        if (!res.ok) {
          failure = res.status.message;
          expectations.creationObserved(key);
        }
        return res.ok;
      });
      // Creations skipped after a failed batch will not be observed: lower the expectations.
      for (let i = made; i < want; i++) expectations.creationObserved(key);
      if (failure !== undefined) queue.addRateLimited(key);
      return failure;
    }
    if (diff > 0) {
      const n = Math.min(diff, BURST_REPLICAS);
      const doomed = podsToDelete(rs, activePods(), n);
      expectations.expect(key, 0, doomed.map(keyOf));
      for (const pod of doomed) {
        if (!deletePod(client, recorder, rs, pod)) expectations.deletionObserved(key, keyOf(pod));
      }
    }
    return undefined;
  }

  /** The related pods for co-location ranking: those of every RS with the same controller. */
  function podsToDelete(rs: ReplicaSetLike, active: Pod[], n: number): Pod[] {
    if (n >= active.length) return active;
    let related = active;
    const owner = controllerRef(rs);
    if (owner) {
      related = [];
      for (const sibling of owners.ownedBy(owner.uid))
        for (const p of pods.ownedBy(sibling.metadata?.uid ?? ''))
          if (isPodActive(p)) related.push(p);
    }
    return rankPodsForDeletion(active, related, ctx.clock.now()).slice(0, n);
  }

  function updateStatus(
    key: string,
    rs: ReplicaSetLike,
    counts: Counts,
    activePods: () => Pod[],
    failure: string | undefined,
  ): void {
    const now = ctx.clock.now();
    const minReady = rs.spec?.minReadySeconds ?? 0;
    let available = counts.ready;
    let nextAvailable = Infinity;
    if (minReady > 0) {
      // Availability depends on time: count it (rarely used, so O(pods) is fine here).
      available = 0;
      for (const pod of activePods()) {
        if (!isPodReady(pod)) continue;
        if (isPodAvailable(pod, minReady, now)) available++;
        else nextAvailable = Math.min(nextAvailable, availableAt(pod, minReady) ?? Infinity);
      }
    }
    let conditions = (rs.status?.conditions as Condition[] | undefined) ?? [];
    if (failure !== undefined) {
      conditions = setCondition(conditions, {
        type: 'ReplicaFailure',
        status: 'True',
        reason: 'FailedCreate',
        message: failure,
        lastTransitionTime: formatTimestamp(now),
      });
    } else if (
      conditions.length &&
      expectations.satisfied(key) &&
      counts.active === (rs.spec?.replicas ?? 1)
    ) {
      conditions = conditions.filter((c) => c.type !== 'ReplicaFailure');
    }
    const status = {
      replicas: counts.active,
      ...omitEmpty({
        fullyLabeledReplicas: counts.fullyLabeled,
        readyReplicas: counts.ready,
        availableReplicas: available,
      }),
      observedGeneration: rs.metadata?.generation ?? 1,
      ...(conditions.length ? { conditions } : {}),
    };
    const meta = rs.metadata ?? {};
    const path = apiPath(kind.apiVersion, kind.resource, meta.namespace, meta.name);
    const res = writeStatus(client, path, rs, status);
    if (res && !res.ok && res.status.code !== 404) queue.addRateLimited(key);
    if (nextAvailable !== Infinity) queue.addAfter(key, Math.max(1, nextAvailable - now));
  }
}

interface Counts {
  active: number;
  ready: number;
  fullyLabeled: number;
}

/** What one pod adds to its ReplicaSet's status counters (only active pods count). */
function contribution(pod: Pod, templateLabels: Record<string, string> | undefined): Counts {
  if (!isPodActive(pod)) return { active: 0, ready: 0, fullyLabeled: 0 };
  const labels = pod.metadata?.labels ?? {};
  let full = 1;
  for (const k in templateLabels) if (labels[k] !== templateLabels[k]) full = 0;
  return { active: 1, ready: isPodReady(pod) ? 1 : 0, fullyLabeled: full };
}

function addCounts(to: Counts, c: Counts, sign: 1 | -1): void {
  to.active += sign * c.active;
  to.ready += sign * c.ready;
  to.fullyLabeled += sign * c.fullyLabeled;
}

function podPath(pod: Pod): string {
  return apiPath('v1', 'pods', pod.metadata?.namespace, pod.metadata?.name);
}
