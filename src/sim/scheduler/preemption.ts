/**
 * DefaultPreemption (pkg/scheduler/framework/preemption/preemption.go, plugins/defaultpreemption):
 * when a pod fits nowhere, look for a node where evicting lower-priority pods would make room.
 * Only nodes rejected with a resolvable status (Unschedulable) are candidates; on each, remove
 * every lower-priority pod, check the pod fits, then reprieve victims from the highest priority
 * down while it still fits. The node whose victims matter least wins. With no candidate, the
 * PostFilter message is a second FitError histogram prefixed with `preemption: `.
 */
import type { CycleState, FilterPlugin, FilterStatus } from './framework.ts';
import { fitErrorMessage } from './fit-error.ts';
import { NodeInfo, type PodInfo } from './node-info.ts';
import { runFilters } from './schedule-one.ts';

export interface PreemptionResult {
  /** The nominated node, with the pods to evict there. */
  node?: string;
  victims: PodInfo[];
  /** The PostFilter message (`preemption: ...`) when preemption cannot help. */
  message?: string;
}

const NOT_HELPFUL: FilterStatus = {
  plugin: 'DefaultPreemption',
  code: 'UnschedulableAndUnresolvable',
  reasons: ['Preemption is not helpful for scheduling'],
};

function withoutPods(node: NodeInfo, removed: Set<string>): NodeInfo {
  const copy = new NodeInfo(node.node);
  for (const p of node.pods.values()) if (!removed.has(p.key)) copy.addPod(p);
  return copy;
}

/** Finds victims for `state.pod` given the filter verdicts of the failed attempt. */
export function preempt(
  state: CycleState,
  filters: readonly FilterPlugin[],
  nodeToStatus: Map<string, FilterStatus>,
): PreemptionResult {
  const pod = state.pod;
  if (pod.spec?.preemptionPolicy === 'Never')
    return { victims: [], message: 'preemption: not eligible due to preemptionPolicy=Never.' };
  const priority = state.podInfo.priority;
  const active = state.activeFilters ?? filters;
  const candidateStatus = new Map<string, FilterStatus>();
  const candidates: { node: string; victims: PodInfo[] }[] = [];
  for (const node of state.snapshot.nodes) {
    const status = nodeToStatus.get(node.name);
    if (!status || status.code !== 'Unschedulable') continue;
    const lower = [...node.pods.values()].filter(
      (p) => p.priority < priority && !p.pod.metadata?.deletionTimestamp,
    );
    if (lower.length === 0) {
      candidateStatus.set(node.name, {
        plugin: 'DefaultPreemption',
        code: 'UnschedulableAndUnresolvable',
        reasons: ['No preemption victims found for incoming pod'],
      });
      continue;
    }
    const removed = new Set(lower.map((p) => p.key));
    const rejected = runFilters(state, active, withoutPods(node, removed));
    if (rejected) {
      candidateStatus.set(node.name, rejected);
      continue;
    }
    // Reprieve as many as possible, most important first.
    lower.sort((a, b) => b.priority - a.priority);
    const victims: PodInfo[] = [];
    for (const p of lower) {
      removed.delete(p.key);
      if (runFilters(state, active, withoutPods(node, removed))) {
        removed.add(p.key);
        victims.push(p);
      }
    }
    candidates.push({ node: node.name, victims });
  }
  if (candidates.length === 0) {
    const message = fitErrorMessage({
      numAllNodes: state.snapshot.nodes.length,
      nodeToStatus: candidateStatus,
      absentStatus: NOT_HELPFUL,
    });
    return { victims: [], message: `preemption: ${message}` };
  }
  const key = (c: { victims: PodInfo[] }) => [
    Math.max(...c.victims.map((v) => v.priority), -Infinity),
    c.victims.reduce((s, v) => s + v.priority, 0),
    c.victims.length,
  ];
  candidates.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] - kb[i];
    return a.node < b.node ? -1 : 1;
  });
  return { node: candidates[0].node, victims: candidates[0].victims };
}
