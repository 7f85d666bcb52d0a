/**
 * One scheduling attempt (pkg/scheduler/schedule_one.go): run PreFilter, filter nodes starting
 * where the last attempt stopped until enough feasible nodes are found (the adaptive
 * percentageOfNodesToScore), score them, and pick the best (ties broken at random). The outcome
 * keeps every plugin's verdict so the UI can explain the decision.
 */
import type { Rng } from '../rng.ts';
import {
  MAX_NODE_SCORE,
  type CycleState,
  type FilterPlugin,
  type FilterStatus,
  type ScorePlugin,
} from './framework.ts';
import type { Diagnosis } from './fit-error.ts';
import type { NodeInfo } from './node-info.ts';

/** schedule_one.go: minFeasibleNodesToFind and minFeasibleNodesPercentageToFind. */
const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;
/** How many nodes' details a decision record keeps (big clusters evaluate hundreds). */
const RECORD_LIMIT = 50;
/** How many scored nodes a decision keeps (the winner and the best runners-up). */
const SCORES_KEPT = 10;

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

export interface NodeScoreRecord {
  node: string;
  total: number;
  /** Weighted, normalised score per plugin. */
  plugins: Record<string, number>;
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
  const outcome: ScheduleOutcome = {
    evaluatedNodes: 0,
    feasibleNodes: 0,
    skippedPlugins: [],
    rejected: [],
    scores: [],
  };
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
  const feasible: NodeInfo[] = [];
  const start = state.nodeNames ? 0 : cursor.next % candidates.length;
  let processed = 0;
  for (; processed < candidates.length && feasible.length < toFind; processed++) {
    const node = candidates[(start + processed) % candidates.length];
    const status = runFilters(state, pre.active, node);
    if (status) {
      nodeToStatus.set(node.name, status);
      if (outcome.rejected.length < RECORD_LIMIT)
        outcome.rejected.push({ node: node.name, plugin: status.plugin, reasons: status.reasons });
    } else feasible.push(node);
  }
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
  const n = feasible.length;
  const totals = new Float64Array(n);
  const perPlugin: { name: string; scores: number[] }[] = [];
  for (const plugin of profile.scores) {
    if (plugin.preScore?.(state, feasible) === 'skip') {
      outcome.skippedPlugins.push(plugin.name);
      continue;
    }
    const scores = new Array<number>(n);
    for (let i = 0; i < n; i++) scores[i] = plugin.score(state, feasible[i]);
    plugin.normalize?.(state, scores);
    for (let i = 0; i < n; i++) {
      const s = scores[i];
      scores[i] = (s > MAX_NODE_SCORE ? MAX_NODE_SCORE : s < 0 ? 0 : s) * plugin.weight;
      totals[i] += scores[i];
    }
    perPlugin.push({ name: plugin.name, scores });
  }
  // selectHost: highest total; ties resolved by reservoir sampling.
  let best = 0;
  let ties = 1;
  for (let i = 1; i < n; i++) {
    if (totals[i] > totals[best]) {
      best = i;
      ties = 1;
    } else if (totals[i] === totals[best]) {
      ties++;
      if (rng.int(ties) === 0) best = i;
    }
  }
  outcome.node = feasible[best].name;
  // Keep the chosen node and the runners-up (a partial selection, not a full sort).
  const top: number[] = [best];
  for (let i = 0; i < n; i++) {
    if (i === best) continue;
    if (top.length < SCORES_KEPT) top.push(i);
    else {
      let worst = 1;
      for (let j = 2; j < top.length; j++) if (totals[top[j]] < totals[top[worst]]) worst = j;
      if (totals[i] > totals[top[worst]]) top[worst] = i;
    }
  }
  const rest = top.slice(1).sort((a, b) => totals[b] - totals[a]);
  outcome.scores = [best, ...rest].map((i) => {
    const plugins: Record<string, number> = {};
    for (const p of perPlugin) plugins[p.name] = p.scores[i];
    return { node: feasible[i].name, total: totals[i], plugins };
  });
  return outcome;
}
