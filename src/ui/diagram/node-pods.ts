/**
 * The pods on each node, read once per change of the informer cache's Pod map and shared by every
 * node frame (instead of each frame scanning all pods): what a summarised node paints and counts,
 * and the CPU its pods request. Entries that did not change keep their identity, so a frame
 * selecting its entry re-renders only when its own pods change.
 */
import type { KubeObject } from '../../sim/api/types';
import { objectsOf, type ClusterState, type ObjectsByKey } from '../store/cluster-store';
import { namespaceVisible, type NamespaceFilter } from '../store/view-store';
import { cpuMillis, podNodeName, podPhase, podReadiness } from './model';

/** What the compact grid needs of a pod. */
export interface PodBrief {
  key: string;
  /** `running`, `pending`, `terminating`, ... (the CSS phase class). */
  phase: string;
  ready: boolean;
}

export interface NodePods {
  /** By key, in name order. */
  pods: readonly PodBrief[];
  /** `Running 38 · Pending 2` (phases in name order). */
  counts: string;
}

const EMPTY: NodePods = Object.freeze({ pods: Object.freeze([]), counts: '' });

const byNamespace = new WeakMap<ObjectsByKey, Map<NamespaceFilter, Map<string, NodePods>>>();
/** The last index per namespace filter, to keep unchanged entries' identity. */
const previous = new Map<NamespaceFilter, Map<string, NodePods>>();
const cpuIndex = new WeakMap<ObjectsByKey, Map<string, number>>();

/** True when both lists hold the same pods, in the same order, with the same look. */
function samePods(a: readonly PodBrief[], b: readonly PodBrief[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i].key !== b[i].key || a[i].phase !== b[i].phase || a[i].ready !== b[i].ready)
      return false;
  }
  return true;
}

function buildIndex(pods: ObjectsByKey, namespace: NamespaceFilter): Map<string, NodePods> {
  const grouped = new Map<string, PodBrief[]>();
  const phases = new Map<string, Map<string, number>>();
  for (const [key, pod] of Object.entries(pods)) {
    const node = podNodeName(pod);
    if (!node || !namespaceVisible(namespace, pod.metadata?.namespace)) continue;
    const phase = podPhase(pod);
    const { ready, total } = podReadiness(pod);
    let list = grouped.get(node);
    if (!list) grouped.set(node, (list = []));
    list.push({ key, phase: phase.toLowerCase(), ready: total > 0 && ready === total });
    let counts = phases.get(node);
    if (!counts) phases.set(node, (counts = new Map()));
    counts.set(phase, (counts.get(phase) ?? 0) + 1);
  }
  const before = previous.get(namespace);
  const index = new Map<string, NodePods>();
  for (const [node, list] of grouped) {
    list.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const counts = [...(phases.get(node) ?? [])]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([phase, n]) => `${phase} ${n}`)
      .join(' · ');
    const old = before?.get(node);
    // Compared field by field: joining the briefs into strings for every node on every pass
    // allocated about a megabyte a second while a thousand pods churned (garbage collections).
    const same = old && old.counts === counts && samePods(old.pods, list);
    index.set(node, same ? old : { pods: list, counts });
  }
  previous.set(namespace, index);
  return index;
}

/** The pods on `node` that pass the namespace filter (one shared index per Pod map). */
export function podsOnNode(
  state: ClusterState,
  node: string,
  namespace: NamespaceFilter,
): NodePods {
  const pods = objectsOf(state, 'Pod');
  let perNamespace = byNamespace.get(pods);
  if (!perNamespace) byNamespace.set(pods, (perNamespace = new Map()));
  let index = perNamespace.get(namespace);
  if (!index) perNamespace.set(namespace, (index = buildIndex(pods, namespace)));
  return index.get(node) ?? EMPTY;
}

interface ContainerResources {
  resources?: { requests?: Record<string, unknown> };
}

/** CPU requests per pod object (the index is rebuilt per Pod map; most pods did not change). */
const cpuOf = new WeakMap<KubeObject, number>();

function podCpu(pod: KubeObject): number {
  let total = cpuOf.get(pod);
  if (total === undefined) cpuOf.set(pod, (total = readPodCpu(pod)));
  return total;
}

function readPodCpu(pod: KubeObject): number {
  const containers =
    (pod.spec as { containers?: ContainerResources[] } | undefined)?.containers ?? [];
  let total = 0;
  for (const c of containers) total += cpuMillis(c.resources?.requests?.cpu);
  return total;
}

/**
 * CPU requested by the pods bound to `node` that still hold resources (not Succeeded or Failed),
 * as the scheduler's NodeResourcesFit counts it; same answer as `requestedCpuOn`, one pass for
 * all nodes per Pod map.
 */
export function requestedCpu(state: ClusterState, node: string): number {
  const pods = objectsOf(state, 'Pod');
  let index = cpuIndex.get(pods);
  if (!index) {
    index = new Map();
    for (const pod of Object.values(pods)) {
      const name = podNodeName(pod);
      if (!name) continue;
      const phase = (pod.status as { phase?: string } | undefined)?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') continue;
      index.set(name, (index.get(name) ?? 0) + podCpu(pod));
    }
    cpuIndex.set(pods, index);
  }
  return index.get(node) ?? 0;
}

const pendingIndex = new WeakMap<ObjectsByKey, Map<NamespaceFilter, number>>();

/** Pods not yet bound to a node that pass the namespace filter (one count per Pod map). */
export function pendingCount(state: ClusterState, namespace: NamespaceFilter): number {
  const pods = objectsOf(state, 'Pod');
  let counts = pendingIndex.get(pods);
  if (!counts) pendingIndex.set(pods, (counts = new Map()));
  let count = counts.get(namespace);
  if (count === undefined) {
    count = 0;
    for (const p of Object.values(pods))
      if (!podNodeName(p) && namespaceVisible(namespace, p.metadata?.namespace)) count++;
    counts.set(namespace, count);
  }
  return count;
}
