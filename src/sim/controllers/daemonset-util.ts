/**
 * Which nodes a DaemonSet runs on (pkg/controller/daemon/daemon_controller.go `NodeShouldRunDaemonPod`
 * and pkg/controller/daemon/util): the template's nodeName, nodeSelector and required node
 * affinity must match, and NoSchedule/NoExecute taints must be tolerated, counting the tolerations
 * every daemon pod gets automatically. An untolerated NoSchedule taint stops new pods but keeps
 * running ones; an untolerated NoExecute taint evicts them.
 */
import type { NodeSelectorTerm, Taint, Toleration } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/types.ts';
import { toleratesTaint } from '../scheduler/plugins/taint-toleration.ts';
import { matchesNodeSelectorTerms } from '../scheduler/selectors.ts';

export interface PodSpecLike {
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
  hostNetwork?: boolean;
  affinity?: {
    nodeAffinity?: {
      requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] };
      [k: string]: unknown;
    };
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

/** The tolerations AddOrUpdateDaemonPodTolerations adds (no tolerationSeconds: never evicted). */
export function daemonPodTolerations(hostNetwork: boolean): Toleration[] {
  const t: Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (hostNetwork)
    t.push({
      key: 'node.kubernetes.io/network-unavailable',
      operator: 'Exists',
      effect: 'NoSchedule',
    });
  return t;
}

/** Adds the automatic tolerations unless an equal-key-and-effect one is already there. */
export function withDaemonTolerations(spec: PodSpecLike): Toleration[] {
  const out = [...(spec.tolerations ?? [])];
  for (const t of daemonPodTolerations(!!spec.hostNetwork)) {
    const i = out.findIndex((x) => x.key === t.key && x.effect === t.effect);
    if (i >= 0) out[i] = t;
    else out.push(t);
  }
  return out;
}

/** NodeShouldRunDaemonPod: shouldRun (create a pod) and shouldContinueRunning (keep one). */
export function nodeShouldRunDaemonPod(
  spec: PodSpecLike,
  node: KubeObject,
): { shouldRun: boolean; shouldContinueRunning: boolean } {
  const no = { shouldRun: false, shouldContinueRunning: false };
  const name = node.metadata?.name;
  if (spec.nodeName && spec.nodeName !== name) return no;
  const labels = node.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) if (labels[k] !== v) return no;
  const terms =
    spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms && !matchesNodeSelectorTerms(terms, name ?? '', labels)) return no;
  const tolerations = withDaemonTolerations(spec);
  const taints = ((node.spec as { taints?: Taint[] } | undefined)?.taints ?? []).filter(
    (t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute',
  );
  let shouldRun = true;
  for (const taint of taints) {
    if (tolerations.some((t) => toleratesTaint(t, taint))) continue;
    if (taint.effect === 'NoExecute') return no;
    shouldRun = false;
  }
  return { shouldRun, shouldContinueRunning: true };
}

/** ReplaceDaemonSetPodNodeNameNodeAffinity: pin the pod to `nodeName` with a matchFields term. */
export function pinToNode(spec: PodSpecLike, nodeName: string): PodSpecLike['affinity'] {
  const field = { key: 'metadata.name', operator: 'In', values: [nodeName] };
  const affinity = { ...(spec.affinity ?? {}) };
  const nodeAffinity = { ...(affinity.nodeAffinity ?? {}) };
  const terms =
    nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  const next = terms.length
    ? terms.map((t) => ({ ...t, matchFields: [field] }))
    : [{ matchFields: [field] }];
  nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = { nodeSelectorTerms: next };
  affinity.nodeAffinity = nodeAffinity;
  return affinity;
}

/** GetTargetNodeName: spec.nodeName, or the node the affinity pins the pod to. */
export function targetNodeName(pod: KubeObject & { spec?: PodSpecLike }): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms =
    pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
      ?.nodeSelectorTerms ?? [];
  for (const t of terms)
    for (const f of t.matchFields ?? [])
      if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1)
        return f.values[0];
  return undefined;
}

/** A pod as the DaemonSet controller sees it. */
type DaemonPod = KubeObject & { spec?: PodSpecLike };

const NO_PODS: readonly KubeObject[] = [];
/** The node each (immutable) pod object targets (memoised: a sync looks at every daemon pod). */
const targetCache = new WeakMap<DaemonPod, string>();
export function podNode(pod: DaemonPod): string {
  let node = targetCache.get(pod);
  if (node === undefined) {
    node = targetNodeName(pod) ?? '';
    targetCache.set(pod, node);
  }
  return node;
}

/**
 * The pods of a node not being deleted. A sync walks every node up to three times (thousands at
 * scale, once per node event), so the common case returns the list itself instead of a copy;
 * callers only read it.
 */
export function notDeleting<T extends KubeObject>(list: T[] | undefined): T[] {
  if (!list) return NO_PODS as T[];
  for (const p of list)
    if (p.metadata?.deletionTimestamp) return list.filter((q) => !q.metadata?.deletionTimestamp);
  return list;
}
