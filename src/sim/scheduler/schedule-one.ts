/**
 * One scheduling attempt (pkg/scheduler/schedule_one.go): run PreFilter, filter nodes starting
 * where the last attempt stopped until enough feasible nodes are found (the adaptive
 * percentageOfNodesToScore), score them, and pick the best (ties broken at random). The outcome
 * keeps every plugin's verdict so the UI can explain the decision.
 */
import type { Rng } from '../rng.ts';
import {
  type CycleState,
  type FilterPlugin,
  type FilterStatus,
  type ScorePlugin,
} from './framework.ts';
import type { Diagnosis } from './fit-error.ts';
import {
  addWeighted,
  hotView,
  scratchTotals,
  scratchOffsets,
  passesPlainFilters,
  plainFilters,
  scorePlain,
  type PluginScores,
} from './fast-path.ts';
import { keepScores, type KeptScores, type NodeScoreRecord } from './kept-scores.ts';
import type { NodeInfo } from './node-info.ts';

export type { NodeScoreRecord } from './kept-scores.ts';

/** schedule_one.go: minFeasibleNodesToFind and minFeasibleNodesPercentageToFind. */
const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;
/** How many nodes' details a decision record keeps (big clusters evaluate hundreds). */
const RECORD_LIMIT = 50;

const NODE_AFFINITY_MISMATCH: FilterStatus = {
  plugin: 'NodeAffinity',
  code: 'UnschedulableAndUnresolvable',
  reasons: ["node(s) didn't match Pod's node affinity/selector"],
};

/** How many feasible nodes to look for: all below 100 nodes, else `50 - N/125` % (at least 5 %, 100 nodes). */
export function numFeasibleNodesToFind(numAllNodes: number, percentage = 0): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let pct = percentage;
  if (pct <= 0) {
    pct = 50 - Math.trunc(numAllNodes / 125);
    if (pct < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) pct = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const n = Math.trunc((numAllNodes * pct) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}

/** A scheduling decision kept as data. */
export interface ScheduleOutcome {
  node?: string;
  /** Present when no node fits. */
  diagnosis?: Diagnosis;
  evaluatedNodes: number;
  feasibleNodes: number;
  /** Plugins that said nothing for this pod (PreFilter skip). */
  skippedPlugins: string[];
  /** Rejected nodes and why (up to RECORD_LIMIT). */
  rejected: { node: string; plugin: string; reasons: string[] }[];
  /** The chosen node first, then the best runners-up (up to SCORES_KEPT). */
  scores: NodeScoreRecord[];
}

/** An outcome whose score records are built when first read (see kept-scores.ts). */
class Outcome implements ScheduleOutcome {
  node?: string;
  diagnosis?: Diagnosis;
  evaluatedNodes = 0;
  feasibleNodes = 0;
  skippedPlugins: string[] = [];
  rejected: ScheduleOutcome['rejected'] = [];
  kept: KeptScores | NodeScoreRecord[] = [];

  get scores(): NodeScoreRecord[] {
    if (!Array.isArray(this.kept)) this.kept = this.kept.toRecords();
    return this.kept;
  }

  set scores(records: NodeScoreRecord[]) {
    this.kept = records;
  }
}

export interface Profile {
  filters: readonly FilterPlugin[];
  scores: readonly ScorePlugin[];
  percentageOfNodesToScore?: number;
}

/** Runs the filters of `plugins` on one node; the first rejection wins (as upstream, which stops early). */
export function runFilters(
  state: CycleState,
  plugins: readonly FilterPlugin[],
  node: NodeInfo,
): FilterStatus | null {
  for (const p of plugins) {
    const s = p.filter(state, node);
    if (s) return s;
  }
  return null;
}

/** Runs PreFilter; returns the active filter plugins, or a rejection for the whole pod. */
export function runPreFilters(
  state: CycleState,
  plugins: readonly FilterPlugin[],
  skipped: string[],
): { active: FilterPlugin[] } | { rejected: FilterStatus } {
  const active: FilterPlugin[] = [];
  for (const p of plugins) {
    const r = p.preFilter?.(state);
    if (r === 'skip') skipped.push(p.name);
    else if (r) return { rejected: r };
    else active.push(p);
  }
  return { active };
}

/** Schedules one pod against `nodes`; `cursor` carries the rotating start index between attempts. */
export function scheduleOne(
  state: CycleState,
  profile: Profile,
  rng: Rng,
  cursor: { next: number },
): ScheduleOutcome {
  const nodes = state.snapshot.nodes;
  const outcome = new Outcome();
  const nodeToStatus = new Map<string, FilterStatus>();
  if (nodes.length === 0) {
    outcome.diagnosis = { numAllNodes: 0, nodeToStatus };
    return outcome;
  }
  const pre = runPreFilters(state, profile.filters, outcome.skippedPlugins);
  if ('rejected' in pre) {
    for (const n of nodes) nodeToStatus.set(n.name, pre.rejected);
    outcome.diagnosis = {
      numAllNodes: nodes.length,
      nodeToStatus,
      preFilterMsg: pre.rejected.reasons.join(', '),
    };
    return outcome;
  }
  state.activeFilters = pre.active;
  // PreFilterResult.NodeNames (NodeAffinity on metadata.name, as DaemonSet pods use): evaluate
  // only those nodes; the others count as not matching the node affinity.
  const candidates = state.nodeNames ? nodes.filter((n) => state.nodeNames?.has(n.name)) : nodes;
  const absentStatus = state.nodeNames ? NODE_AFFINITY_MISMATCH : undefined;
  if (candidates.length === 0) {
    outcome.diagnosis = { numAllNodes: nodes.length, nodeToStatus, absentStatus };
    return outcome;
  }
  const toFind = numFeasibleNodesToFind(candidates.length, profile.percentageOfNodesToScore);
  const start = state.nodeNames ? 0 : cursor.next % candidates.length;
  const feasible = scratchFeasible(toFind);
  const processed = findFeasibleNodes({
    state,
    active: pre.active,
    candidates,
    start,
    toFind,
    feasible,
    nodeToStatus,
    rejected: outcome.rejected,
  });
  if (!state.nodeNames) cursor.next = (start + processed) % candidates.length;
  outcome.evaluatedNodes = processed;
  outcome.feasibleNodes = feasible.length;
  if (feasible.length === 0) {
    outcome.diagnosis = { numAllNodes: nodes.length, nodeToStatus, absentStatus };
    return outcome;
  }
  if (feasible.length === 1) {
    outcome.node = feasible[0].name;
    outcome.scores = [{ node: feasible[0].name, total: 0, plugins: {} }];
    return outcome;
  }
  const totals = scratchTotals(feasible.length);
  const perPlugin = scoreNodes(state, profile.scores, feasible, totals, outcome.skippedPlugins);
  const best = selectHost(totals, rng);
  outcome.node = feasible[best].name;
  outcome.kept = keepScores(best, totals, perPlugin, feasible);
  return outcome;
}

/**
 * The feasible nodes' list, reused from cycle to cycle (read before the next cycle starts; the
 * outcome keeps node names only): `toFind` slots, cut to the number found. A fresh list grown by
 * push was a tenth of everything a 150,000-pod run allocates.
 */
const feasibleBuffer: NodeInfo[] = [];

function scratchFeasible(toFind: number): NodeInfo[] {
  feasibleBuffer.length = toFind;
  return feasibleBuffer;
}

/** One search for feasible nodes: the cycle, where to start, and where its results go. */
interface FeasibleSearch {
  state: CycleState;
  active: readonly FilterPlugin[];
  candidates: readonly NodeInfo[];
  start: number;
  toFind: number;
  /** `toFind` slots; cut to the nodes found. */
  feasible: NodeInfo[];
  nodeToStatus: Map<string, FilterStatus>;
  rejected: ScheduleOutcome['rejected'];
}

/**
 * Filters nodes from `start` (wrapping) until `toFind` fit; returns how many were processed.
 * Plugin by plugin over a window of nodes (each plugin one tight loop), the window sized so it
 * can never hold more nodes than are still to find: the same nodes are processed, and the same
 * first rejection recorded per node, as when every node runs through every plugin in turn.
 */
function findFeasibleNodes(search: FeasibleSearch): number {
  const { state, active, candidates, start, toFind, feasible, nodeToStatus, rejected } = search;
  const count = candidates.length;
  const view = plainFilters(state, active) ? hotView(candidates) : undefined;
  if (view) return findPlain(search, view);
  let processed = 0;
  let found = 0;
  let index = start;
  const window: NodeInfo[] = [];
  const statuses: (FilterStatus | null)[] = [];
  while (processed < count && found < toFind) {
    const size = Math.min(toFind - found, count - processed);
    window.length = size;
    statuses.length = size;
    for (let k = 0; k < size; k++) {
      window[k] = candidates[index];
      statuses[k] = null;
      index = index + 1 === count ? 0 : index + 1;
    }
    processed += size;
    for (const plugin of active) {
      if (plugin.filterAll) plugin.filterAll(state, window, statuses);
      else
        for (let k = 0; k < size; k++)
          if (statuses[k] === null) statuses[k] = plugin.filter(state, window[k]);
    }
    for (let k = 0; k < size; k++) {
      const status = statuses[k];
      if (status === null) feasible[found++] = window[k];
      else recordRejection(window[k], status, nodeToStatus, rejected);
    }
  }
  feasible.length = found;
  return processed;
}

/**
 * findFeasibleNodes for the plain filters: node by node, a node that certainly passes costs a few
 * comparisons, any other goes through the plugins (so a rejection carries the plugin's status).
 */
function findPlain(search: FeasibleSearch, view: { hot: Float64Array; at: Int32Array }): number {
  const { state, active, candidates, start, toFind, feasible, nodeToStatus, rejected } = search;
  const count = candidates.length;
  const { hot, at } = view;
  const { milliCPU, memory } = state.podInfo.requests;
  // Offsets of the feasible nodes while every one of them passed the plain test.
  let offsets: Int32Array | undefined = scratchOffsets(toFind);
  let processed = 0;
  let found = 0;
  let index = start;
  while (processed < count && found < toFind) {
    const i = index;
    const node = candidates[i];
    index = index + 1 === count ? 0 : index + 1;
    processed++;
    if (passesPlainFilters(hot, at[i], milliCPU, memory)) {
      if (offsets) offsets[found] = at[i];
      feasible[found++] = node;
      continue;
    }
    const status = runFilters(state, active, node);
    if (status === null) {
      offsets = undefined;
      feasible[found++] = node;
    } else recordRejection(node, status, nodeToStatus, rejected);
  }
  feasible.length = found;
  if (offsets) state.plainOffsets = offsets.subarray(0, found);
  return processed;
}

function recordRejection(
  node: NodeInfo,
  status: FilterStatus,
  nodeToStatus: Map<string, FilterStatus>,
  rejected: ScheduleOutcome['rejected'],
): void {
  nodeToStatus.set(node.name, status);
  if (rejected.length < RECORD_LIMIT)
    rejected.push({ node: node.name, plugin: status.plugin, reasons: status.reasons });
}

/** Runs every score plugin over `feasible`, adding weighted, normalised scores into `totals`. */
function scoreNodes(
  state: CycleState,
  plugins: readonly ScorePlugin[],
  feasible: readonly NodeInfo[],
  totals: Float64Array,
  skipped: string[],
): PluginScores[] {
  const n = feasible.length;
  const active: ScorePlugin[] = [];
  for (const plugin of plugins) {
    if (plugin.preScore?.(state, feasible) === 'skip') skipped.push(plugin.name);
    else active.push(plugin);
  }
  const plain = scorePlain(state, active, feasible, totals);
  if (plain) return plain;
  const perPlugin: PluginScores[] = [];
  for (const plugin of active) {
    const scores = new Float64Array(n);
    if (plugin.scoreAll) plugin.scoreAll(state, feasible, scores);
    else for (let i = 0; i < n; i++) scores[i] = plugin.score(state, feasible[i]);
    // The same raw score everywhere normalises to the same score everywhere (a one-node
    // normalisation gives it); addWeighted then keeps it as one figure.
    const same = allEqual(scores);
    plugin.normalize?.(state, same ? scores.subarray(0, 1) : scores);
    if (same) scores.fill(scores[0]);
    perPlugin.push(addWeighted(plugin, scores, totals));
  }
  return perPlugin;
}

function allEqual(scores: Float64Array): boolean {
  const first = scores[0];
  for (let i = 1; i < scores.length; i++) if (scores[i] !== first) return false;
  return true;
}

/**
 * selectHost: the highest total; ties resolved uniformly at random (upstream samples the ties
 * one by one; one draw among the collected ties gives the same distribution).
 */
function selectHost(totals: Float64Array, rng: Rng): number {
  let bestTotal = -Infinity;
  let ties = 0;
  let first = 0;
  for (let i = 0; i < totals.length; i++) {
    const t = totals[i];
    if (t > bestTotal) {
      bestTotal = t;
      ties = 1;
      first = i;
    } else if (t === bestTotal) ties++;
  }
  if (ties === 1) return first;
  let pick = rng.int(ties);
  for (let i = first; i < totals.length; i++) {
    if (totals[i] !== bestTotal) continue;
    if (pick === 0) return i;
    pick--;
  }
  return first;
}
