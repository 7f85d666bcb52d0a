/**
 * The common case of a scheduling cycle in one pass per phase: a pod with plain cpu/memory
 * requests, no node selector, affinity, tolerations, host ports, volumes or spread constraints,
 * placed among untainted, schedulable nodes. Upstream runs the same plugins (fit.go,
 * nodeunschedulable, tainttoleration, balanced_allocation.go, the default spreading) on 16
 * goroutines; here the active plugins' rules are evaluated together node by node instead of one
 * plugin loop at a time. Anything outside the common case goes through the plugins themselves,
 * so the nodes found, the scores and the choice are exactly those of the general path
 * (schedule-one.test.ts compares both with the plain algorithm).
 */
import {
  MAX_NODE_SCORE,
  type CycleState,
  type FilterPlugin,
  type ScorePlugin,
} from './framework.ts';
import {
  HOT_ALLOCATABLE_CPU,
  HOT_ALLOCATABLE_MEMORY,
  HOT_NON_ZERO_CPU,
  HOT_NON_ZERO_MEMORY,
  HOT_PLAIN_FREE_PODS,
  HOT_REQUESTED_CPU,
  HOT_REQUESTED_MEMORY,
  HOT_SCORE_BALANCED,
  HOT_SCORE_LEAST_ALLOCATED,
  HOT_SCORED,
  HOT_STRIDE,
  type ClusterCounters,
  type NodeInfo,
} from './node-info.ts';
import type { PodResources } from './resources.ts';
import {
  balancedAllocationScore,
  leastAllocatedScore,
  nodeResourcesFit,
} from './plugins/node-resources-fit.ts';
import { nodeUnschedulable } from './plugins/node-unschedulable.ts';
import { podTopologySpreadScore } from './plugins/pod-topology-spread.ts';
import { taintTolerationFilter, taintTolerationScore } from './plugins/taint-toleration.ts';

/** Filters whose verdict on an untainted, schedulable node depends only on the pod's requests. */
const PLAIN_FILTERS: ReadonlySet<FilterPlugin> = new Set([
  nodeUnschedulable,
  taintTolerationFilter,
  nodeResourcesFit,
]);

/** Score plugins whose rules the plain pass evaluates (the default spreading, not constraints). */
const PLAIN_SCORES: ReadonlySet<ScorePlugin> = new Set([
  taintTolerationScore,
  leastAllocatedScore,
  podTopologySpreadScore,
  balancedAllocationScore,
]);

/**
 * Whether `active` (the filters left after PreFilter) can take the plain filter pass: a node
 * passes them all when it is schedulable, untainted and has room for the pod's cpu and memory.
 */
export function plainFilters(state: CycleState, active: readonly FilterPlugin[]): boolean {
  const r = state.podInfo.requests;
  if (r.ephemeralStorage !== 0) return false;
  for (const name in r.scalar) if (name) return false;
  for (const plugin of active) if (!PLAIN_FILTERS.has(plugin)) return false;
  return true;
}

/**
 * The nodes' figures for the plain pass: the shared hot array and each node's offset into it, or
 * undefined when the nodes do not belong to one scheduler cache.
 */
export function hotView(
  nodes: readonly NodeInfo[],
): { hot: Float64Array; at: Int32Array } | undefined {
  const hot = nodes[0]?.hotArray();
  if (!hot) return undefined;
  let at = offsets.get(nodes);
  if (!at) {
    at = new Int32Array(nodes.length);
    for (let i = 0; i < nodes.length; i++) {
      if (nodes[i].hotArray() !== hot) return undefined;
      at[i] = nodes[i].index * HOT_STRIDE;
    }
    offsets.set(nodes, at);
  }
  return { hot, at };
}

/** Hot-array offsets per node list (the scheduler keeps one list until nodes change). */
const offsets = new WeakMap<readonly NodeInfo[], Int32Array>();

/**
 * Whether the node at `at` certainly passes the plain filters (NodeResourcesFit's test, no
 * taints, not cordoned). False means "run the plugins", not "rejected".
 */
export function passesPlainFilters(state: CycleState, hot: Float64Array, at: number): boolean {
  if (!(hot[at + HOT_PLAIN_FREE_PODS] > 0)) return false;
  const r = state.podInfo.requests;
  return (
    !(r.milliCPU > 0 && r.milliCPU > hot[at + HOT_ALLOCATABLE_CPU] - hot[at + HOT_REQUESTED_CPU]) &&
    !(r.memory > 0 && r.memory > hot[at + HOT_ALLOCATABLE_MEMORY] - hot[at + HOT_REQUESTED_MEMORY])
  );
}

/** One plugin's weighted scores: per node, or one figure shared by every node. */
export type PluginScores =
  { name: string; scores: Float64Array } | { name: string; constant: number };

/**
 * Scores `feasible` with the plain score plugins in one pass, or returns undefined when `active`
 * (the score plugins left after PreScore) or the nodes are outside the common case. Adds the
 * per-node weighted scores into `totals` and returns each plugin's share as the general path
 * does (plugins scoring every node alike folded into one figure).
 */
export function scorePlain(
  state: CycleState,
  active: readonly ScorePlugin[],
  feasible: readonly NodeInfo[],
  totals: Float64Array,
): PluginScores[] | undefined {
  for (const plugin of active) if (!PLAIN_SCORES.has(plugin)) return undefined;
  const spread = active.includes(podTopologySpreadScore);
  if (spread && state.data.has(SPREAD_CONSTRAINTS_KEY)) return undefined;
  const n = feasible.length;
  const at = state.plainOffsets;
  const owners = feasible[0].ownerArrays();
  const hot = feasible[0].hotArray();
  if (!at || at.length !== n || !owners || !hot) return undefined;

  const counters = feasible[0].sharedCounters();
  if (!counters) return undefined;
  const epoch = scoreEpoch(counters, state.podInfo.requests);
  const r = state.podInfo.requests;
  // Every slot is written below: no need to zero them.
  const la = scratch(0, n, false);
  const ba = scratch(1, n, false);
  const sp = scratch(2, n, false);
  const counts = spread ? owners.get(state.podInfo.ownerUid ?? '') : undefined;
  let maxCount = 0;
  // Whether a plugin's raw score differs between nodes (else it folds into one figure, as
  // addWeighted does: the same raw score everywhere normalises to the same score everywhere).
  let laVaries = false;
  let baVaries = false;
  let spVaries = false;
  for (let i = 0; i < n; i++) {
    const o = at[i];
    let least: number;
    let balanced: number;
    if (hot[o + HOT_SCORED] === epoch) {
      least = hot[o + HOT_SCORE_LEAST_ALLOCATED];
      balanced = hot[o + HOT_SCORE_BALANCED];
    } else {
      const allocCpu = hot[o + HOT_ALLOCATABLE_CPU];
      const allocMemory = hot[o + HOT_ALLOCATABLE_MEMORY];
      // NodeResourcesFit, LeastAllocated over non-zero requests (cpu and memory, weight 1 each).
      const cpuFree = leastAllocated(hot[o + HOT_NON_ZERO_CPU] + r.nonZeroMilliCPU, allocCpu);
      const memFree = leastAllocated(hot[o + HOT_NON_ZERO_MEMORY] + r.nonZeroMemory, allocMemory);
      least = Math.floor((cpuFree + memFree) / 2);
      // BalancedAllocation: one minus the standard deviation of the two requested fractions.
      const cpu = allocCpu ? Math.min(1, (hot[o + HOT_REQUESTED_CPU] + r.milliCPU) / allocCpu) : 1;
      const mem = allocMemory
        ? Math.min(1, (hot[o + HOT_REQUESTED_MEMORY] + r.memory) / allocMemory)
        : 1;
      balanced = Math.floor((1 - Math.abs(cpu - mem) / 2) * MAX_NODE_SCORE);
      // Both depend only on the node's figures and these requests: kept until either changes.
      hot[o + HOT_SCORE_LEAST_ALLOCATED] = least;
      hot[o + HOT_SCORE_BALANCED] = balanced;
      hot[o + HOT_SCORED] = epoch;
    }
    la[i] = least;
    ba[i] = balanced;
    if (least !== la[0]) laVaries = true;
    if (balanced !== ba[0]) baVaries = true;
    let c = 0;
    if (counts) {
      const index = (o / HOT_STRIDE) | 0;
      if (index < counts.length) c = counts[index];
      if (c > maxCount) maxCount = c;
    }
    sp[i] = c;
    if (c !== sp[0]) spVaries = true;
  }

  const wLa = active.includes(leastAllocatedScore) && laVaries ? leastAllocatedScore.weight : 0;
  const wBa =
    active.includes(balancedAllocationScore) && baVaries ? balancedAllocationScore.weight : 0;
  const wSp = spread && spVaries ? podTopologySpreadScore.weight : 0;
  // One pass adds every varying score, weighted, into the totals (kept per node for the record).
  for (let i = 0; i < n; i++) {
    let total = 0;
    if (wLa !== 0) total += la[i] = clamp(la[i]) * wLa;
    if (wBa !== 0) total += ba[i] = clamp(ba[i]) * wBa;
    if (wSp !== 0) total += sp[i] = clamp(spreadScore(sp[i], maxCount)) * wSp;
    totals[i] = total;
  }

  // Same order and folding as the general path: plugins in profile order.
  const out: PluginScores[] = [];
  for (const plugin of active) {
    const name = plugin.name;
    if (plugin === taintTolerationScore)
      // No feasible node has a taint: every raw score is 0, which normalises to the maximum.
      out.push({ name, constant: MAX_NODE_SCORE * plugin.weight });
    else if (plugin === leastAllocatedScore)
      out.push(wLa ? { name, scores: la } : { name, constant: clamp(la[0]) * plugin.weight });
    else if (plugin === balancedAllocationScore)
      out.push(wBa ? { name, scores: ba } : { name, constant: clamp(ba[0]) * plugin.weight });
    else
      out.push(
        wSp
          ? { name, scores: sp }
          : { name, constant: clamp(spreadScore(sp[0], maxCount)) * plugin.weight },
      );
  }
  return out;
}

/** The default spreading's normalised score: fewer of the owner's pods on the node scores higher. */
function spreadScore(count: number, maxCount: number): number {
  return maxCount === 0
    ? MAX_NODE_SCORE
    : MAX_NODE_SCORE - Math.floor((count * MAX_NODE_SCORE) / maxCount);
}

function clamp(score: number): number {
  return score > MAX_NODE_SCORE ? MAX_NODE_SCORE : score < 0 ? 0 : score;
}

/**
 * Reusable score arrays (a cycle's scores are read before the next cycle starts): a fresh
 * Float64Array per plugin per pod is an off-heap allocation that costs more than scoring.
 */
const buffers: Float64Array[] = [];

/** Scratch array number `slot`, `n` long (zeroed unless `zero` is false). */
export function scratch(slot: number, n: number, zero = true): Float64Array {
  let buffer = buffers[slot];
  if (!buffer || buffer.length < n) buffers[slot] = buffer = new Float64Array(Math.max(n, 1024));
  const view = buffer.subarray(0, n);
  if (zero) view.fill(0);
  return view;
}

let offsetBuffer = new Int32Array(1024);

/** A reusable array for `n` hot-array offsets (the plain filter pass fills it). */
export function scratchOffsets(n: number): Int32Array {
  if (offsetBuffer.length < n) offsetBuffer = new Int32Array(n);
  return offsetBuffer;
}

/** The key PodTopologySpread's PreScore stores explicit constraints' counts under. */
const SPREAD_CONSTRAINTS_KEY = 'PodTopologySpread/score';

/**
 * The epoch of the cached scores for `requests`: the current one when the previous plain cycle
 * scored the same requests (pods of one template), else a new one (every node's cache goes stale).
 */
function scoreEpoch(counters: ClusterCounters, requests: PodResources): number {
  const key = counters.scoreRequests;
  if (
    counters.scoreEpoch !== undefined &&
    key &&
    key[0] === requests.milliCPU &&
    key[1] === requests.memory &&
    key[2] === requests.nonZeroMilliCPU &&
    key[3] === requests.nonZeroMemory
  )
    return counters.scoreEpoch;
  counters.scoreEpoch = (counters.scoreEpoch ?? 0) + 1;
  counters.scoreRequests = [
    requests.milliCPU,
    requests.memory,
    requests.nonZeroMilliCPU,
    requests.nonZeroMemory,
  ];
  return counters.scoreEpoch;
}

function leastAllocated(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return ((capacity - requested) * MAX_NODE_SCORE) / capacity;
}

/**
 * Clamps normalised scores to 0..MAX_NODE_SCORE and weights them: one figure when every node
 * scores alike (adding the same to every total cannot change the choice), else added into `totals`.
 */
export function addWeighted(
  plugin: ScorePlugin,
  scores: Float64Array,
  totals: Float64Array,
): PluginScores {
  const first = scores[0];
  let same = true;
  for (let i = 1; i < scores.length && same; i++) if (scores[i] !== first) same = false;
  const weight = plugin.weight;
  if (same) {
    const s = first > MAX_NODE_SCORE ? MAX_NODE_SCORE : first < 0 ? 0 : first;
    return { name: plugin.name, constant: s * weight };
  }
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    const w = (s > MAX_NODE_SCORE ? MAX_NODE_SCORE : s < 0 ? 0 : s) * weight;
    scores[i] = w;
    totals[i] += w;
  }
  return { name: plugin.name, scores };
}
