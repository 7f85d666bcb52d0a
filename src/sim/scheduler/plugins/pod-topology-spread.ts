/**
 * PodTopologySpread (plugins/podtopologyspread): for each DoNotSchedule constraint, placing the pod
 * in a domain must keep `matching pods in that domain - fewest in any domain <= maxSkew`. Only nodes
 * that pass the pod's node selector/affinity count (nodeAffinityPolicy Honor). Scoring prefers
 * domains with fewer matching pods; pods without constraints get the system default spreading
 * (fewer pods of the same controller on a node scores higher).
 */
import type { Pod, TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import {
  defaultNormalize,
  unschedulable,
  type CycleState,
  type FilterPlugin,
  type ScorePlugin,
} from '../framework.ts';
import type { NodeInfo } from '../node-info.ts';
import { matchesLabelSelector, matchesNodeSelectorTerms } from '../selectors.ts';

const NAME = 'PodTopologySpread';
const STATE_KEY = 'PodTopologySpread/counts';

interface ConstraintCounts {
  constraint: TopologySpreadConstraint;
  /** Matching pods per topology value, for every domain of an eligible node. */
  counts: Map<string, number>;
  selfMatch: boolean;
}

function nodeMatchesPodAffinity(pod: Pod, node: NodeInfo): boolean {
  for (const [k, v] of Object.entries(pod.spec?.nodeSelector ?? {}))
    if (node.labels[k] !== v) return false;
  const req = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  return !req || matchesNodeSelectorTerms(req.nodeSelectorTerms, node.name, node.labels);
}

function computeCounts(
  state: CycleState,
  constraints: TopologySpreadConstraint[],
): ConstraintCounts[] {
  const pod = state.pod;
  const ns = pod.metadata?.namespace;
  const result = constraints.map((constraint) => ({
    constraint,
    counts: new Map<string, number>(),
    selfMatch: matchesLabelSelector(constraint.labelSelector, pod.metadata?.labels),
  }));
  for (const node of state.snapshot.nodes) {
    if (!nodeMatchesPodAffinity(pod, node)) continue;
    for (const c of result) {
      const value = node.labels[c.constraint.topologyKey];
      if (value === undefined) continue;
      let n = c.counts.get(value) ?? 0;
      for (const p of node.pods.values()) {
        if (p.pod.metadata?.namespace !== ns || p.pod.metadata?.deletionTimestamp) continue;
        if (matchesLabelSelector(c.constraint.labelSelector, p.pod.metadata?.labels)) n++;
      }
      c.counts.set(value, n);
    }
  }
  return result;
}

function hardConstraints(pod: Pod): TopologySpreadConstraint[] {
  return (pod.spec?.topologySpreadConstraints ?? []).filter(
    (c) => c.whenUnsatisfiable !== 'ScheduleAnyway',
  );
}

export const podTopologySpreadFilter: FilterPlugin = {
  name: NAME,
  preFilter(state) {
    const constraints = hardConstraints(state.pod);
    if (constraints.length === 0) return 'skip';
    state.data.set(STATE_KEY, computeCounts(state, constraints));
    return undefined;
  },
  filter(state, node) {
    const all = state.data.get(STATE_KEY) as ConstraintCounts[];
    for (const c of all) {
      const value = node.labels[c.constraint.topologyKey];
      if (value === undefined)
        return unschedulable(
          NAME,
          ["node(s) didn't match pod topology spread constraints (missing required label)"],
          'UnschedulableAndUnresolvable',
        );
      let min = Infinity;
      for (const n of c.counts.values()) min = Math.min(min, n);
      if (c.constraint.minDomains && c.counts.size < c.constraint.minDomains) min = 0;
      if (!Number.isFinite(min)) min = 0;
      const match = (c.counts.get(value) ?? 0) + (c.selfMatch ? 1 : 0);
      if (match - min > c.constraint.maxSkew)
        return unschedulable(NAME, ["node(s) didn't match pod topology spread constraints"]);
    }
    return null;
  },
};

const SCORE_KEY = 'PodTopologySpread/score';

export const podTopologySpreadScore: ScorePlugin = {
  name: NAME,
  weight: 2,
  preScore(state: CycleState) {
    const constraints = state.pod.spec?.topologySpreadConstraints ?? [];
    if (constraints.length > 0) {
      state.data.set(SCORE_KEY, computeCounts(state, constraints));
      return undefined;
    }
    // System default spreading applies to pods that belong to a controller.
    return state.podInfo.ownerUid ? undefined : 'skip';
  },
  score(state, node) {
    const counts = state.data.get(SCORE_KEY) as ConstraintCounts[] | undefined;
    if (!counts) return node.ownerCount(state.podInfo.ownerUid ?? '');
    let total = 0;
    for (const c of counts) total += c.counts.get(node.labels[c.constraint.topologyKey] ?? '') ?? 0;
    return total;
  },
  scoreAll(state, nodes, out) {
    if (state.data.has(SCORE_KEY)) {
      for (let i = 0; i < nodes.length; i++) out[i] = this.score(state, nodes[i]);
      return;
    }
    // System default spreading: one array read per node.
    const uid = state.podInfo.ownerUid ?? '';
    const first = nodes[0];
    const owners = first ? first.ownerArrays() : undefined;
    if (!owners) {
      for (let i = 0; i < nodes.length; i++) out[i] = nodes[i].ownerCount(uid);
      return;
    }
    const counts = owners.get(uid);
    if (!counts) {
      out.fill(0);
      return;
    }
    for (let i = 0; i < nodes.length; i++) {
      const index = nodes[i].index;
      out[i] = index >= 0 && index < counts.length ? counts[index] : 0;
    }
  },
  normalize(_state, scores) {
    defaultNormalize(scores, true);
  },
};
