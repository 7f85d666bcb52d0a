/**
 * The DaemonSet controller (pkg/controller/daemon: daemon_controller.go, update.go): one pod per
 * eligible node, pinned with a `metadata.name In [node]` node affinity and left to the scheduler
 * (as upstream since 1.12), with the automatic daemon tolerations; it follows nodes being added,
 * removed or relabelled, replaces failed pods, rolls updates with maxUnavailable (default 1), and
 * publishes desired/current/ready/updated/available/misscheduled counts.
 */
import type { KubeObject } from '../api/types.ts';
import { apiPath } from '../client.ts';
import type { ControllerContext } from './context.ts';
import {
  CONTROLLER_REVISION_HASH,
  REVISION_HASH_LABEL,
  syncRevision,
  truncateHistory,
  type ControllerRevision,
} from './controller-revision.ts';
import {
  nodeShouldRunDaemonPod,
  pinToNode,
  notDeleting,
  podNode,
  withDaemonTolerations,
  type PodSpecLike,
} from './daemonset-util.ts';
import { Expectations } from './expectations.ts';
import {
  createPod,
  deletePod,
  podFromTemplate,
  slowStartBatch,
  SLOW_START_INITIAL_BATCH,
  type PodTemplate,
} from './pod-control.ts';
import { writeStatus } from './status-writer.ts';
import {
  availableAt,
  controllerRef,
  isPodAvailable,
  isPodReady,
  keyOf,
  newControllerRef,
  scaledValue,
  type LabelSelectorSpec,
  type Pod,
} from './util.ts';

const USER = 'daemonset-controller';
/** The deprecated label carrying the DaemonSet generation a pod was made from. */
export const POD_TEMPLATE_GENERATION = 'pod-template-generation';

type Eligibility = { shouldRun: boolean; shouldContinueRunning: boolean };

export interface DaemonSet extends KubeObject {
  spec?: {
    selector?: LabelSelectorSpec;
    template?: PodTemplate;
    updateStrategy?: {
      type?: string;
      rollingUpdate?: { maxUnavailable?: number | string; maxSurge?: number | string };
    };
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
  };
  status?: Record<string, unknown> & { collisionCount?: number };
}

/** Starts the DaemonSet controller. */
export function startDaemonSetController(ctx: ControllerContext): void {
  const client = ctx.client(USER);
  const recorder = ctx.recorder(USER);
  const sets = ctx.informers.for<DaemonSet>('apps/v1', 'daemonsets');
  const pods = ctx.informers.for<Pod>('v1', 'pods');
  const nodes = ctx.informers.for<KubeObject>('v1', 'nodes');
  const revisions = ctx.informers.for<ControllerRevision>('apps/v1', 'controllerrevisions');
  const expectations = new Expectations(ctx.clock);
  const queue = ctx.queue(USER, sync);

  // NodeShouldRunDaemonPod results by DaemonSet generation and node resourceVersion: a sync asks
  // for every node several times, and a busy DaemonSet syncs on every pod change.
  const eligibility = new Map<
    string,
    { generation: number; byNode: Map<string, { rv: string; result: Eligibility }> }
  >();
  const shouldRunOn = (ds: DaemonSet, node: KubeObject): Eligibility => {
    const uid = ds.metadata?.uid ?? '';
    const generation = ds.metadata?.generation ?? 0;
    let memo = eligibility.get(uid);
    if (!memo || memo.generation !== generation) {
      memo = { generation, byNode: new Map() };
      eligibility.set(uid, memo);
    }
    const name = node.metadata?.name ?? '';
    const rv = node.metadata?.resourceVersion ?? '';
    const hit = memo.byNode.get(name);
    if (hit && hit.rv === rv) return hit.result;
    const result = nodeShouldRunDaemonPod((ds.spec?.template?.spec ?? {}) as PodSpecLike, node);
    memo.byNode.set(name, { rv, result });
    return result;
  };

  const ownerKey = (pod: Pod): string | undefined => {
    const ref = controllerRef(pod);
    if (!ref || ref.kind !== 'DaemonSet') return undefined;
    const key = `${pod.metadata?.namespace}/${ref.name}`;
    return sets.get(key)?.metadata?.uid === ref.uid ? key : undefined;
  };
  const enqueueAll = () => {
    for (const ds of sets.list()) queue.add(keyOf(ds));
  };
  sets.on({
    add: (ds) => queue.add(keyOf(ds)),
    update: (_o, ds) => queue.add(keyOf(ds)),
    delete: (ds) => {
      expectations.delete(keyOf(ds));
      eligibility.delete(ds.metadata?.uid ?? '');
    },
  });
  pods.on(expectations.podHandlers(ownerKey, (key) => queue.add(key)));
  // A sync walks every node, so node events enqueue only the DaemonSets they concern, as upstream
  // (daemon_controller.go addNode/updateNode): otherwise booting N nodes costs N syncs of N nodes.
  nodes.on({
    add: (node) => {
      for (const ds of sets.list()) if (shouldRunOn(ds, node).shouldRun) queue.add(keyOf(ds));
    },
    update: (old, node) => {
      // Only changes that can move eligibility matter (labels, taints, unschedulable).
      if (
        JSON.stringify([old.metadata?.labels, old.spec]) ===
        JSON.stringify([node.metadata?.labels, node.spec])
      )
        return;
      for (const ds of sets.list()) {
        const before = shouldRunOn(ds, old);
        const after = shouldRunOn(ds, node);
        if (
          before.shouldRun !== after.shouldRun ||
          before.shouldContinueRunning !== after.shouldContinueRunning
        )
          queue.add(keyOf(ds));
      }
    },
    delete: enqueueAll,
  });

  function sync(key: string): void {
    const ds = sets.get(key);
    if (!ds || ds.metadata?.deletionTimestamp) return;
    const { update, all } = syncRevision(client, revisions, {
      obj: ds,
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
    });
    if (!update) return queue.addRateLimited(key);
    const hash = update.metadata?.labels?.[REVISION_HASH_LABEL] ?? '';
    const byNode = new Map<string, Pod[]>();
    const owned = pods.ownedBy(ds.metadata?.uid ?? '');
    // Pods of an older revision: without any, a rolling update has nothing to do.
    let oldPods = 0;
    for (const p of owned) {
      if (p.metadata?.labels?.[CONTROLLER_REVISION_HASH] !== hash) oldPods++;
      const node = podNode(p);
      const list = byNode.get(node);
      if (list) list.push(p);
      else byNode.set(node, [p]);
    }
    const nodeList = nodes.list();
    // Eligibility once per node per sync (the manage loop, the rolling update and the status
    // all need it; thousands of nodes at scale).
    const eligible = nodeList.map((n) => shouldRunOn(ds, n));
    const surgeAllowed =
      (ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' &&
      fenceposts(ds, nodeList.length).surge > 0;
    const nodeNames = new Set(nodeList.map((n) => n.metadata?.name ?? ''));
    if (expectations.satisfied(key)) {
      const toCreate: string[] = [];
      const toDelete: Pod[] = [];
      for (let i = 0; i < nodeList.length; i++) {
        const name = nodeList[i].metadata?.name ?? '';
        const { shouldRun, shouldContinueRunning } = eligible[i];
        const here = notDeleting(byNode.get(name));
        if (shouldRun && here.length === 0) toCreate.push(name);
        else if (shouldContinueRunning) {
          // One healthy pod (the steady state on every node): nothing to do.
          if (here.length === 0 || (here.length === 1 && here[0].status?.phase !== 'Failed'))
            continue;
          const failed = here.filter((p) => p.status?.phase === 'Failed');
          for (const p of failed) {
            recorder.event(
              ds,
              'Warning',
              'FailedDaemonPod',
              `Found failed daemon pod ${p.metadata?.namespace}/${p.metadata?.name} on node ${name}, will try to kill it`,
            );
            toDelete.push(p);
          }
          // More than one daemon pod on a node: keep the oldest running one, except the one old
          // plus one new pair of a surging rolling update.
          const alive = here.filter((p) => p.status?.phase !== 'Failed');
          const revisions = new Set(
            alive.map((p) => p.metadata?.labels?.[CONTROLLER_REVISION_HASH] === hash),
          );
          const surgePair = alive.length === 2 && revisions.size === 2 && surgeAllowed;
          if (alive.length > 1 && !surgePair) {
            alive.sort((a, b) =>
              String(a.metadata?.creationTimestamp).localeCompare(
                String(b.metadata?.creationTimestamp),
              ),
            );
            toDelete.push(...alive.slice(1));
          }
          if (shouldRun && alive.length === 0 && failed.length > 0) toCreate.push(name);
        } else toDelete.push(...here);
      }
      // Pods pinned to nodes that no longer exist and never scheduled (getUnscheduledPodsWithoutNode).
      for (const [node, list] of byNode) {
        if (nodeNames.has(node)) continue;
        for (const p of list)
          if (!p.spec?.nodeName && !p.metadata?.deletionTimestamp) toDelete.push(p);
      }
      if (oldPods > 0) {
        const rolled = rollingUpdate(ds, byNode, hash, nodeList, eligible, toDelete);
        toDelete.push(...rolled.victims);
        toCreate.push(...rolled.surgeNodes);
      }
      syncNodes(ds, key, toCreate, toDelete, hash);
    }
    updateStatus(ds, byNode, nodeList, eligible, hash);
    const live = new Set<string>([update.metadata?.name ?? '']);
    for (const p of owned)
      live.add(`${ds.metadata?.name}-${p.metadata?.labels?.[CONTROLLER_REVISION_HASH]}`);
    truncateHistory(client, all, live, ds.spec?.revisionHistoryLimit ?? 10);
  }

  /** The rolling update's maxSurge and maxUnavailable (both 0 means maxUnavailable 1). */
  function fenceposts(ds: DaemonSet, desired: number): { surge: number; unavailable: number } {
    const ru = ds.spec?.updateStrategy?.rollingUpdate;
    const surge = Math.max(0, scaledValue(ru?.maxSurge ?? 0, desired, true, 0));
    let unavailable = Math.max(0, scaledValue(ru?.maxUnavailable ?? 1, desired, true, 1));
    if (surge === 0 && unavailable === 0) unavailable = 1;
    return { surge, unavailable };
  }

  /**
   * rollingUpdate (update.go): with maxSurge 0, delete old pods while fewer than maxUnavailable
   * pods are unavailable (unavailable old pods go at once); with maxSurge, start the new pod next
   * to the old one on up to maxSurge nodes and delete the old pod once the new one is available.
   */
  function rollingUpdate(
    ds: DaemonSet,
    byNode: Map<string, Pod[]>,
    hash: string,
    nodeList: KubeObject[],
    eligibility: Eligibility[],
    already: Pod[],
  ): { victims: Pod[]; surgeNodes: string[] } {
    const none = { victims: [], surgeNodes: [] };
    if ((ds.spec?.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return none;
    const now = ctx.clock.now();
    const minReady = ds.spec?.minReadySeconds ?? 0;
    const eligible = nodeList.filter((_n, i) => eligibility[i].shouldRun);
    const { surge, unavailable: maxUnavailable } = fenceposts(ds, eligible.length);
    const doomed = new Set(already);
    let unavailable = 0;
    let surging = 0;
    const candidates: { node: string; old: Pod }[] = [];
    const victims: Pod[] = [];
    const surgeNodes: string[] = [];
    for (const n of eligible) {
      const name = n.metadata?.name ?? '';
      const pods = byNode.get(name);
      if (!pods) {
        unavailable++;
        continue;
      }
      const here = pods.filter((p) => !p.metadata?.deletionTimestamp && !doomed.has(p));
      const fresh = here.find((p) => p.metadata?.labels?.[CONTROLLER_REVISION_HASH] === hash);
      const old = here.find((p) => p.metadata?.labels?.[CONTROLLER_REVISION_HASH] !== hash);
      if (fresh && old) {
        // Surge in progress on this node: retire the old pod once the new one is available.
        if (isPodAvailable(fresh, minReady, now)) victims.push(old);
        else surging++;
      } else if (fresh) {
        if (!isPodAvailable(fresh, minReady, now)) unavailable++;
      } else if (old) {
        if (surge > 0) {
          if (!isPodAvailable(old, minReady, now)) surgeNodes.push(name);
          else candidates.push({ node: name, old });
        } else if (!isPodAvailable(old, minReady, now)) victims.push(old);
        else candidates.push({ node: name, old });
      } else unavailable++;
    }
    if (surge > 0) {
      for (const c of candidates) {
        if (surging + surgeNodes.length >= surge) break;
        surgeNodes.push(c.node);
      }
      return { victims, surgeNodes };
    }
    for (const c of candidates) {
      if (unavailable + victims.length >= maxUnavailable) break;
      victims.push(c.old);
    }
    return { victims, surgeNodes };
  }

  function syncNodes(
    ds: DaemonSet,
    key: string,
    toCreate: string[],
    toDelete: Pod[],
    hash: string,
  ): void {
    expectations.expect(key, toCreate.length, toDelete.map(keyOf));
    const ns = ds.metadata?.namespace ?? 'default';
    const ref = newControllerRef(ds, 'apps/v1', 'DaemonSet');
    let i = 0;
    const made = slowStartBatch(toCreate.length, SLOW_START_INITIAL_BATCH, () => {
      const node = toCreate[i++];
      const template = ds.spec?.template ?? {};
      const pod = podFromTemplate(template, ns, ref, { generateName: `${ds.metadata?.name}-` });
      pod.metadata = {
        ...pod.metadata,
        labels: {
          ...(pod.metadata?.labels ?? {}),
          [CONTROLLER_REVISION_HASH]: hash,
          [POD_TEMPLATE_GENERATION]: String(ds.metadata?.generation ?? 1),
        },
      };
      const spec = (pod.spec ?? {}) as PodSpecLike;
      spec.affinity = pinToNode(spec, node);
      spec.tolerations = withDaemonTolerations(spec);
      pod.spec = spec;
      const res = createPod(client, recorder, ds, pod);
      if (!res.ok) expectations.creationObserved(key);
      return res.ok;
    });
    for (let j = made; j < toCreate.length; j++) expectations.creationObserved(key);
    if (made < toCreate.length) queue.addRateLimited(key);
    for (const p of toDelete)
      if (!deletePod(client, recorder, ds, p)) expectations.deletionObserved(key, keyOf(p));
  }

  function updateStatus(
    ds: DaemonSet,
    byNode: Map<string, Pod[]>,
    nodeList: KubeObject[],
    eligibility: Eligibility[],
    hash: string,
  ): void {
    const now = ctx.clock.now();
    const minReady = ds.spec?.minReadySeconds ?? 0;
    let desired = 0;
    let current = 0;
    let misscheduled = 0;
    let ready = 0;
    let available = 0;
    let updated = 0;
    let next = Infinity;
    for (let i = 0; i < nodeList.length; i++) {
      const { shouldRun } = eligibility[i];
      const here = notDeleting(byNode.get(nodeList[i].metadata?.name ?? ''));
      if (shouldRun) {
        desired++;
        if (here.length === 0) continue;
        current++;
        const pod = here[0];
        if (isPodReady(pod)) {
          ready++;
          if (isPodAvailable(pod, minReady, now)) available++;
          else next = Math.min(next, availableAt(pod, minReady) ?? Infinity);
        }
        if (pod.metadata?.labels?.[CONTROLLER_REVISION_HASH] === hash) updated++;
      } else if (here.length > 0) misscheduled++;
    }
    const status: Record<string, unknown> = {
      currentNumberScheduled: current,
      numberMisscheduled: misscheduled,
      desiredNumberScheduled: desired,
      numberReady: ready,
      observedGeneration: ds.metadata?.generation ?? 1,
      ...(updated ? { updatedNumberScheduled: updated } : {}),
      ...(available ? { numberAvailable: available } : {}),
      ...(desired - available > 0 ? { numberUnavailable: desired - available } : {}),
      ...(ds.status?.collisionCount !== undefined
        ? { collisionCount: ds.status.collisionCount }
        : {}),
    };
    const res = writeStatus(
      client,
      apiPath('apps/v1', 'daemonsets', ds.metadata?.namespace, ds.metadata?.name),
      ds,
      status,
    );
    if (res && !res.ok && res.status.code !== 404) queue.addRateLimited(keyOf(ds));
    if (next !== Infinity) queue.addAfter(keyOf(ds), Math.max(1, next - now));
  }
}
