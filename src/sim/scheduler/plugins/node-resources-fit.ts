/**
 * NodeResourcesFit (plugins/noderesources/fit.go): requests must fit in allocatable minus what the
 * node's pods already request, pod count included. Scored with the LeastAllocated strategy
 * (cpu and memory, weight 1 each) over non-zero requests.
 */
import {
  MAX_NODE_SCORE,
  unschedulable,
  type FilterPlugin,
  type FilterStatus,
  type ScorePlugin,
} from '../framework.ts';
import type { NodeInfo } from '../node-info.ts';
import type { PodResources } from '../resources.ts';

const NAME = 'NodeResourcesFit';

export const nodeResourcesFit: FilterPlugin = {
  name: NAME,
  filter(state, node) {
    const r = state.podInfo.requests;
    const a = node.allocatable;
    const u = node.requested;
    // Fast path (most nodes fit): no allocation unless something is short.
    if (
      node.pods.size < node.allowedPods &&
      !(r.milliCPU > 0 && r.milliCPU > a.milliCPU - u.milliCPU) &&
      !(r.memory > 0 && r.memory > a.memory - u.memory) &&
      !(r.ephemeralStorage > 0 && r.ephemeralStorage > a.ephemeralStorage - u.ephemeralStorage) &&
      !hasScalar(r.scalar)
    )
      return null;
    return insufficient(r, node);
  },
  filterAll(state, nodes, out) {
    const r = state.podInfo.requests;
    const cpu = r.milliCPU;
    const memory = r.memory;
    const simple = r.ephemeralStorage === 0 && !hasScalar(r.scalar);
    for (let i = 0; i < nodes.length; i++) {
      if (out[i] !== null) continue;
      const node = nodes[i];
      const a = node.allocatable;
      const u = node.requested;
      if (
        simple &&
        node.pods.size < node.allowedPods &&
        !(cpu > 0 && cpu > a.milliCPU - u.milliCPU) &&
        !(memory > 0 && memory > a.memory - u.memory)
      )
        continue;
      out[i] = this.filter(state, node);
    }
  },
};

/** The slow path: every shortage as upstream words it (Too many pods, Insufficient cpu...). */
function insufficient(r: PodResources, node: NodeInfo): FilterStatus | null {
  const a = node.allocatable;
  const u = node.requested;
  const reasons: string[] = [];
  if (node.pods.size + 1 > node.allowedPods) reasons.push('Too many pods');
  if (r.milliCPU > 0 && r.milliCPU > a.milliCPU - u.milliCPU) reasons.push('Insufficient cpu');
  if (r.memory > 0 && r.memory > a.memory - u.memory) reasons.push('Insufficient memory');
  if (r.ephemeralStorage > 0 && r.ephemeralStorage > a.ephemeralStorage - u.ephemeralStorage)
    reasons.push('Insufficient ephemeral-storage');
  for (const [name, v] of Object.entries(r.scalar)) {
    if (v > 0 && v > (a.scalar[name] ?? 0) - (u.scalar[name] ?? 0))
      reasons.push(`Insufficient ${name}`);
  }
  return reasons.length ? unschedulable(NAME, reasons) : null;
}

function hasScalar(scalar: Record<string, number>): boolean {
  for (const name in scalar) if (name) return true;
  return false;
}

/** LeastAllocated for one resource: the share of `capacity` left free, as 0..MAX_NODE_SCORE. */
export function leastAllocated(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return ((capacity - requested) * MAX_NODE_SCORE) / capacity;
}

/**
 * BalancedAllocation's score from the cpu and memory requested (the pod's included) and
 * allocatable: one minus the standard deviation of the two fractions (half their distance).
 */
export function balancedAllocation(
  cpuRequested: number,
  cpuAllocatable: number,
  memoryRequested: number,
  memoryAllocatable: number,
): number {
  const cpu = cpuAllocatable ? Math.min(1, cpuRequested / cpuAllocatable) : 1;
  const mem = memoryAllocatable ? Math.min(1, memoryRequested / memoryAllocatable) : 1;
  return Math.floor((1 - Math.abs(cpu - mem) / 2) * MAX_NODE_SCORE);
}

export const leastAllocatedScore: ScorePlugin = {
  name: NAME,
  weight: 1,
  score(state, node) {
    const r = state.podInfo.requests;
    const cpu = leastAllocated(node.nonZeroMilliCPU + r.nonZeroMilliCPU, node.allocatable.milliCPU);
    const mem = leastAllocated(node.nonZeroMemory + r.nonZeroMemory, node.allocatable.memory);
    return Math.floor((cpu + mem) / 2);
  },
  scoreAll(state, nodes, out) {
    const r = state.podInfo.requests;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      const cpu = leastAllocated(
        node.nonZeroMilliCPU + r.nonZeroMilliCPU,
        node.allocatable.milliCPU,
      );
      const mem = leastAllocated(node.nonZeroMemory + r.nonZeroMemory, node.allocatable.memory);
      out[i] = Math.floor((cpu + mem) / 2);
    }
  },
};

/** NodeResourcesBalancedAllocation: prefers nodes whose cpu and memory fractions stay close. */
export const balancedAllocationScore: ScorePlugin = {
  name: 'NodeResourcesBalancedAllocation',
  weight: 1,
  score(state, node) {
    const r = state.podInfo.requests;
    const a = node.allocatable;
    return balancedAllocation(
      node.requested.milliCPU + r.milliCPU,
      a.milliCPU,
      node.requested.memory + r.memory,
      a.memory,
    );
  },
  scoreAll(state, nodes, out) {
    for (let i = 0; i < nodes.length; i++) out[i] = this.score(state, nodes[i]);
  },
};
