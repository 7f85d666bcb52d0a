/**
 * The disruption controller (pkg/controller/disruption/disruption.go): keeps each
 * PodDisruptionBudget's status (expectedPods, desiredHealthy, currentHealthy, disruptionsAllowed,
 * the DisruptionAllowed condition) so the eviction subresource can refuse evictions that would
 * break it. Integer minAvailable counts the matching pods; percentages and maxUnavailable are taken
 * from the scale of the pods' controllers (Deployment through its ReplicaSet, ReplicaSet,
 * ReplicationController, StatefulSet). Entries of `disruptedPods` are dropped once the pod is gone
 * or after 2 minutes (DeletionTimeout).
 */
import type { KubeObject } from '../api/types.ts';
import { apiPath } from '../client.ts';
import { formatTimestamp } from '../clock.ts';
import type { ControllerContext } from './context.ts';
import { writeStatus } from './status-writer.ts';
import {
  controllerRef,
  isPodReady,
  keyOf,
  parseTime,
  scaledValue,
  selectorMatches,
  setCondition,
  type Condition,
  type LabelSelectorSpec,
  type Pod,
} from './util.ts';

const USER = 'disruption-controller';
const DELETION_TIMEOUT_MS = 2 * 60_000;

export interface PodDisruptionBudget extends KubeObject {
  spec?: {
    selector?: LabelSelectorSpec;
    minAvailable?: number | string;
    maxUnavailable?: number | string;
  };
  status?: {
    disruptedPods?: Record<string, string>;
    conditions?: Condition[];
    [k: string]: unknown;
  };
}

type Scaled = KubeObject & { spec?: { replicas?: number } };

/** Starts the disruption controller. */
export function startDisruptionController(ctx: ControllerContext): void {
  const client = ctx.client(USER);
  const recorder = ctx.recorder('controllermanager');
  const pdbs = ctx.informers.for<PodDisruptionBudget>('policy/v1', 'poddisruptionbudgets');
  const pods = ctx.informers.for<Pod>('v1', 'pods');
  const rss = ctx.informers.for<Scaled>('apps/v1', 'replicasets');
  const deployments = ctx.informers.for<Scaled>('apps/v1', 'deployments');
  const sets = ctx.informers.for<Scaled>('apps/v1', 'statefulsets');
  const rcs = ctx.informers.for<Scaled>('v1', 'replicationcontrollers');
  const queue = ctx.queue(USER, sync);

  pdbs.on({ add: (p) => queue.add(keyOf(p)), update: (_o, p) => queue.add(keyOf(p)) });
  const onPod = (pod: Pod) => {
    for (const pdb of pdbs.inNamespace(pod.metadata?.namespace ?? ''))
      if (selectorMatches(pdb.spec?.selector, pod.metadata?.labels)) queue.add(keyOf(pdb));
  };
  pods.on({ add: onPod, update: (_o, p) => onPod(p), delete: onPod });
  // A scale change of a controller moves percentages.
  const onScaled = (obj: Scaled) => {
    for (const pdb of pdbs.inNamespace(obj.metadata?.namespace ?? '')) queue.add(keyOf(pdb));
  };
  for (const inf of [deployments, sets, rcs]) inf.on({ update: (_o, o) => onScaled(o) });

  /** The scale of a pod's controller, keyed by the controller uid (finders in disruption.go). */
  function controllerScale(pod: Pod): { uid: string; replicas: number } | undefined {
    const ref = controllerRef(pod);
    const ns = pod.metadata?.namespace ?? '';
    if (!ref) return undefined;
    const find = (inf: typeof rss, name: string, uid: string) => {
      const o = inf.get(`${ns}/${name}`);
      return o?.metadata?.uid === uid ? o : undefined;
    };
    if (ref.kind === 'ReplicaSet') {
      const rs = find(rss, ref.name, ref.uid);
      if (!rs) return undefined;
      const owner = controllerRef(rs);
      if (owner?.kind === 'Deployment') {
        const d = find(deployments, owner.name, owner.uid);
        return d ? { uid: owner.uid, replicas: d.spec?.replicas ?? 1 } : undefined;
      }
      return { uid: ref.uid, replicas: rs.spec?.replicas ?? 1 };
    }
    const inf =
      ref.kind === 'StatefulSet' ? sets : ref.kind === 'ReplicationController' ? rcs : undefined;
    const o = inf && find(inf, ref.name, ref.uid);
    return o ? { uid: ref.uid, replicas: o.spec?.replicas ?? 1 } : undefined;
  }

  function sync(key: string): void {
    const pdb = pdbs.get(key);
    if (!pdb || pdb.metadata?.deletionTimestamp) return;
    const now = ctx.clock.now();
    const ns = pdb.metadata?.namespace ?? '';
    const selector = pdb.spec?.selector;
    const matched = [...pods.inNamespace(ns)].filter((p) =>
      selectorMatches(selector, p.metadata?.labels),
    );
    if (matched.length === 0) recorder.event(pdb, 'Normal', 'NoPods', 'No matching pods found');
    let expected = 0;
    let desired = 0;
    let failure: string | undefined;
    const byScale = () => {
      const seen = new Map<string, number>();
      for (const p of matched) {
        const s = controllerScale(p);
        if (!s) {
          failure = `found no controllers for pod "${p.metadata?.name}"`;
          return 0;
        }
        seen.set(s.uid, s.replicas);
      }
      return [...seen.values()].reduce((a, b) => a + b, 0);
    };
    const { minAvailable, maxUnavailable } = pdb.spec ?? {};
    if (maxUnavailable !== undefined && maxUnavailable !== null) {
      expected = byScale();
      desired = Math.max(0, expected - scaledValue(maxUnavailable, expected, true, 0));
    } else if (typeof minAvailable === 'number') {
      expected = matched.length;
      desired = minAvailable;
    } else if (minAvailable !== undefined && minAvailable !== null) {
      expected = byScale();
      desired = scaledValue(minAvailable, expected, true, 0);
    }
    // Drop disrupted-pod entries whose pod is gone, being deleted, or older than the timeout.
    const disrupted: Record<string, string> = {};
    for (const [name, at] of Object.entries(pdb.status?.disruptedPods ?? {})) {
      const pod = pods.get(`${ns}/${name}`);
      if (!pod || pod.metadata?.deletionTimestamp) continue;
      const t = parseTime(at) ?? 0;
      if (t + DELETION_TIMEOUT_MS < now) continue;
      disrupted[name] = at;
      queue.addAfter(key, t + DELETION_TIMEOUT_MS - now + 1);
    }
    let healthy = 0;
    for (const p of matched) {
      if (p.metadata?.deletionTimestamp || disrupted[p.metadata?.name ?? '']) continue;
      if (isPodReady(p)) healthy++;
    }
    const allowed = failure || expected <= 0 ? 0 : Math.max(0, healthy - desired);
    const stamp = formatTimestamp(now);
    const condition: Condition = failure
      ? {
          type: 'DisruptionAllowed',
          status: 'False',
          reason: 'SyncFailed',
          message: failure,
          lastTransitionTime: stamp,
        }
      : allowed > 0
        ? {
            type: 'DisruptionAllowed',
            status: 'True',
            reason: 'SufficientPods',
            message: '',
            lastTransitionTime: stamp,
          }
        : {
            type: 'DisruptionAllowed',
            status: 'False',
            reason: 'InsufficientPods',
            message: '',
            lastTransitionTime: stamp,
          };
    const conditions = setCondition(pdb.status?.conditions ?? [], {
      ...condition,
      observedGeneration: pdb.metadata?.generation,
    } as Condition);
    const status = {
      ...(Object.keys(disrupted).length ? { disruptedPods: disrupted } : {}),
      disruptionsAllowed: allowed,
      currentHealthy: healthy,
      desiredHealthy: desired,
      expectedPods: expected,
      observedGeneration: pdb.metadata?.generation ?? 1,
      conditions,
    };
    const res = writeStatus(
      client,
      apiPath('policy/v1', 'poddisruptionbudgets', ns, pdb.metadata?.name),
      pdb,
      status,
    );
    if (res && !res.ok && res.status.code !== 404) queue.addRateLimited(key);
  }
}
