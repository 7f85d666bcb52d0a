/**
 * The common case of a scheduling cycle in a few tight passes: a pod with plain cpu/memory
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
  normalizedScore,
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
  balancedAllocation,
  balancedAllocationScore,
  leastAllocated,
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
  const counters = nodes[0]?.sharedCounters();
  const hot = counters?.hot;
  if (!hot) return undefined;
  let at = offsets.get(nodes);
  if (!at) {
    at = new Int32Array(nodes.length);
    for (let i = 0; i < nodes.length; i++) {
      if (nodes[i].sharedCounters() !== counters) return undefined;
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
 * taints, not cordoned) for a pod requesting `milliCPU` and `memory`. False means "run the
 * plugins", not "rejected". The requests come as numbers: the caller reads them once per cycle.
 */
export function passesPlainFilters(
  hot: Float64Array,
  at: number,
  milliCPU: number,
  memory: number,
): boolean {
  return (
    hot[at + HOT_PLAIN_FREE_PODS] > 0 &&
    !(milliCPU > 0 && milliCPU > hot[at + HOT_ALLOCATABLE_CPU] - hot[at + HOT_REQUESTED_CPU]) &&
    !(memory > 0 && memory > hot[at + HOT_ALLOCATABLE_MEMORY] - hot[at + HOT_REQUESTED_MEMORY])
  );
}

/**
 * One plugin's weighted scores: per node, one figure shared by every node (not in the totals),
 * or read back per node on demand (already in the totals).
 */
export type PluginScores =
  | { name: string; scores: Float64Array }
  | { name: string; constant: number }
  | { name: string; perNode: (index: number) => number };

/**
 * Scores `feasible` with the plain score plugins in two passes (the resource scores, cached per
 * node, then the spreading once its highest count is known), or returns undefined when `active`
 * (the score plugins left after PreScore) or the nodes are outside the common case. Writes each
 * node's weighted total into `totals`; each plugin's share is read back for the kept nodes only.
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
  const counters = feasible[0].sharedCounters();
  const owners = counters?.owners;
  const hot = counters?.hot;
  if (!at || at.length !== n || !counters || !owners || !hot) return undefined;
  const epoch = scoreEpoch(counters, state.podInfo.requests);
  const r = state.podInfo.requests;
  const counts = spread ? owners.get(state.podInfo.ownerUid ?? '') : undefined;
  const ownerCount = scratchOwnerCounts(n);
  const wLa = active.includes(leastAllocatedScore) ? leastAllocatedScore.weight : 0;
  const wBa = active.includes(balancedAllocationScore) ? balancedAllocationScore.weight : 0;
  // No feasible node has a taint: every raw score is 0, which normalises to the maximum.
  const taint = active.includes(taintTolerationScore)
    ? MAX_NODE_SCORE * taintTolerationScore.weight
    : 0;
  // Totals here hold every plugin's weighted score (none is folded into a separate figure);
  // adding the same to every node changes neither the choice nor the reported totals.
  let maxCount = 0;
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
      balanced = balancedAllocation(
        hot[o + HOT_REQUESTED_CPU] + r.milliCPU,
        allocCpu,
        hot[o + HOT_REQUESTED_MEMORY] + r.memory,
        allocMemory,
      );
      // Both depend only on the node's figures and these requests: kept until either changes.
      hot[o + HOT_SCORE_LEAST_ALLOCATED] = least;
      hot[o + HOT_SCORE_BALANCED] = balanced;
      hot[o + HOT_SCORED] = epoch;
    }
    totals[i] = clamp(least) * wLa + clamp(balanced) * wBa + taint;
    if (counts) {
      const c = countAt(counts, o);
      ownerCount[i] = c;
      if (c > maxCount) maxCount = c;
    }
  }
  // The default spreading normalises by the highest count among these nodes: a second pass,
  // reading each count found above and each distinct count's weighted score from a table.
  const wSp = spread ? podTopologySpreadScore.weight : 0;
  if (wSp !== 0) {
    if (!counts || maxCount >= n) {
      for (let i = 0; i < n; i++)
        totals[i] += clamp(spreadScore(counts ? ownerCount[i] : 0, maxCount)) * wSp;
    } else {
      const byCount = scratchSpread(maxCount + 1);
      for (let c = 0; c <= maxCount; c++) byCount[c] = clamp(spreadScore(c, maxCount)) * wSp;
      for (let i = 0; i < n; i++) totals[i] += byCount[ownerCount[i]];
    }
  }

  const figures: PlainFigures = { hot, at, counts, maxCount, taint, wLa, wBa, wSp };
  const shares: PluginScores[] = [];
  for (const plugin of active) shares.push(new PlainShare(plugin, figures));
  return shares;
}

/** What a plain pass leaves to read each plugin's share back for the few nodes a decision keeps. */
interface PlainFigures {
  hot: Float64Array;
  at: Int32Array;
  counts: Int32Array | undefined;
  maxCount: number;
  taint: number;
  wLa: number;
  wBa: number;
  wSp: number;
}

/**
 * One plugin's weighted share of a plain pass's totals, read back per node. An object, not a
 * closure: a closure made in scorePlain would put the passes' variables in a heap context, and
 * the loops would load and store them there on every node.
 */
class PlainShare {
  readonly name: string;

  constructor(
    private readonly plugin: ScorePlugin,
    private readonly f: PlainFigures,
  ) {
    this.name = plugin.name;
  }

  perNode(i: number): number {
    const { plugin, f } = this;
    if (plugin === taintTolerationScore) return f.taint;
    if (plugin === leastAllocatedScore)
      return clamp(f.hot[f.at[i] + HOT_SCORE_LEAST_ALLOCATED]) * f.wLa;
    if (plugin === balancedAllocationScore)
      return clamp(f.hot[f.at[i] + HOT_SCORE_BALANCED]) * f.wBa;
    return clamp(spreadScore(f.counts ? countAt(f.counts, f.at[i]) : 0, f.maxCount)) * f.wSp;
  }
}

/** The owner's pod count on the node at hot-array offset `o`. */
function countAt(counts: Int32Array, o: number): number {
  const index = (o / HOT_STRIDE) | 0;
  return index < counts.length ? counts[index] : 0;
}

/** The default spreading's normalised score: fewer of the owner's pods on the node scores higher. */
function spreadScore(count: number, maxCount: number): number {
  return normalizedScore(count, maxCount, true);
}

function clamp(score: number): number {
  return score > MAX_NODE_SCORE ? MAX_NODE_SCORE : score < 0 ? 0 : score;
}

/**
 * A reusable array for a cycle's totals (read before the next cycle starts): a fresh
 * Float64Array per pod is an off-heap allocation that costs more than scoring.
 */
let totalsBuffer = new Float64Array(1024);

/** Zeroed totals for `n` nodes. */
export function scratchTotals(n: number): Float64Array {
  if (totalsBuffer.length < n) totalsBuffer = new Float64Array(n);
  const view = totalsBuffer.subarray(0, n);
  view.fill(0);
  return view;
}

let ownerCountBuffer = new Int32Array(1024);

/** A reusable array for the owner's pod count on each of `n` nodes. */
function scratchOwnerCounts(n: number): Int32Array {
  if (ownerCountBuffer.length < n) ownerCountBuffer = new Int32Array(n);
  return ownerCountBuffer;
}

let spreadBuffer = new Float64Array(128);

/** A reusable array for the weighted spreading score of each count 0..n-1. */
function scratchSpread(n: number): Float64Array {
  if (spreadBuffer.length < n) spreadBuffer = new Float64Array(n);
  return spreadBuffer;
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
  if (same) return { name: plugin.name, constant: clamp(first) * weight };
  for (let i = 0; i < scores.length; i++) {
    const w = clamp(scores[i]) * weight;
    scores[i] = w;
    totals[i] += w;
  }
  return { name: plugin.name, scores };
}
