/**
 * InterPodAffinity (plugins/interpodaffinity/filtering.go, scoring.go): required pod affinity needs
 * a matching pod in the node's topology domain (except for the first pod of a group that matches
 * its own terms); required anti-affinity forbids one; and existing pods' required anti-affinity
 * keeps the incoming pod out of their domains. Preferred terms add or subtract their weights.
 */
import type { Pod, PodAffinityTerm } from 'kubernetes-types/core/v1';
import {
  unschedulable,
  MAX_NODE_SCORE,
  type CycleState,
  type FilterPlugin,
  type ScorePlugin,
} from '../framework.ts';
import type { NodeInfo } from '../node-info.ts';
import { matchesLabelSelector } from '../selectors.ts';

const NAME = 'InterPodAffinity';
const STATE_KEY = 'InterPodAffinity/state';

/** Whether `target` is selected by `term` declared by `owner` (namespaces default to the owner's). */
export function termMatches(term: PodAffinityTerm, owner: Pod, target: Pod): boolean {
  const namespaces = term.namespaces?.length
    ? term.namespaces
    : term.namespaceSelector
      ? undefined
      : [owner.metadata?.namespace ?? ''];
  if (namespaces && !namespaces.includes(target.metadata?.namespace ?? '')) return false;
  return matchesLabelSelector(term.labelSelector, target.metadata?.labels);
}

interface AffinityState {
  affinity: PodAffinityTerm[];
  antiAffinity: PodAffinityTerm[];
  /** Per affinity term: topology values that hold a matching pod. */
  affinityDomains: Set<string>[];
  anyAffinityMatch: boolean;
  antiDomains: Set<string>[];
  /** `key=value` domains forbidden by existing pods' anti-affinity. */
  existingAnti: Set<string>;
}

function computeState(state: CycleState): AffinityState {
  const pod = state.pod;
  const affinity =
    pod.spec?.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  const antiAffinity =
    pod.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  const s: AffinityState = {
    affinity,
    antiAffinity,
    affinityDomains: affinity.map(() => new Set()),
    anyAffinityMatch: false,
    antiDomains: antiAffinity.map(() => new Set()),
    existingAnti: new Set(),
  };
  const needAll = affinity.length > 0 || antiAffinity.length > 0;
  for (const node of state.snapshot.nodes) {
    if (!needAll && node.podsWithRequiredAntiAffinity === 0) continue;
    for (const p of node.pods.values()) {
      if (needAll) {
        affinity.forEach((term, i) => {
          if (!termMatches(term, pod, p.pod)) return;
          s.anyAffinityMatch = true;
          const v = node.labels[term.topologyKey];
          if (v !== undefined) s.affinityDomains[i].add(v);
        });
        antiAffinity.forEach((term, i) => {
          const v = node.labels[term.topologyKey];
          if (v !== undefined && termMatches(term, pod, p.pod)) s.antiDomains[i].add(v);
        });
      }
      if (p.hasRequiredAntiAffinity) {
        for (const term of p.pod.spec?.affinity?.podAntiAffinity
          ?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
          const v = node.labels[term.topologyKey];
          if (v !== undefined && termMatches(term, p.pod, pod))
            s.existingAnti.add(`${term.topologyKey}=${v}`);
        }
      }
    }
  }
  return s;
}

export const interPodAffinityFilter: FilterPlugin = {
  name: NAME,
  preFilter(state) {
    const a = state.pod.spec?.affinity;
    if (
      !a?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length &&
      !a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length &&
      state.snapshot.podsWithRequiredAntiAffinity === 0
    )
      return 'skip';
    const s = computeState(state);
    if (s.affinity.length === 0 && s.antiAffinity.length === 0 && s.existingAnti.size === 0)
      return 'skip';
    state.data.set(STATE_KEY, s);
    return undefined;
  },
  filter(state, node) {
    const s = state.data.get(STATE_KEY) as AffinityState;
    for (const domain of s.existingAnti) {
      const eq = domain.indexOf('=');
      if (node.labels[domain.slice(0, eq)] === domain.slice(eq + 1))
        return unschedulable(NAME, ["node(s) didn't satisfy existing pods anti-affinity rules"]);
    }
    for (let i = 0; i < s.antiAffinity.length; i++) {
      const v = node.labels[s.antiAffinity[i].topologyKey];
      if (v !== undefined && s.antiDomains[i].has(v))
        return unschedulable(NAME, ["node(s) didn't match pod anti-affinity rules"]);
    }
    if (s.affinity.length > 0) {
      // The first pod of a group may land anywhere if it matches its own affinity terms.
      const selfMatch =
        !s.anyAffinityMatch && s.affinity.every((t) => termMatches(t, state.pod, state.pod));
      for (let i = 0; i < s.affinity.length; i++) {
        const v = node.labels[s.affinity[i].topologyKey];
        if (v === undefined || (!selfMatch && !s.affinityDomains[i].has(v)))
          return unschedulable(
            NAME,
            ["node(s) didn't match pod affinity rules"],
            'UnschedulableAndUnresolvable',
          );
      }
    }
    return null;
  },
};

const SCORE_KEY = 'InterPodAffinity/score';

export const interPodAffinityScore: ScorePlugin = {
  name: NAME,
  weight: 2,
  preScore(state) {
    const a = state.pod.spec?.affinity;
    const terms = [
      ...(a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((w) => ({
        ...w,
        sign: 1,
      })),
      ...(a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((w) => ({
        ...w,
        sign: -1,
      })),
    ];
    if (terms.length === 0) return 'skip';
    // Sum of signed weights per `key=value` domain.
    const domains = new Map<string, number>();
    for (const node of state.snapshot.nodes) {
      for (const p of node.pods.values()) {
        for (const t of terms) {
          const key = t.podAffinityTerm.topologyKey;
          const v = node.labels[key];
          if (v === undefined || !termMatches(t.podAffinityTerm, state.pod, p.pod)) continue;
          const d = `${key}=${v}`;
          domains.set(d, (domains.get(d) ?? 0) + t.sign * t.weight);
        }
      }
    }
    state.data.set(SCORE_KEY, domains);
    return undefined;
  },
  score(state, node: NodeInfo) {
    const domains = state.data.get(SCORE_KEY) as Map<string, number>;
    let total = 0;
    for (const [d, w] of domains) {
      const eq = d.indexOf('=');
      if (node.labels[d.slice(0, eq)] === d.slice(eq + 1)) total += w;
    }
    return total;
  },
  normalize(_state, scores) {
    let min = Infinity;
    let max = -Infinity;
    for (const s of scores) {
      min = Math.min(min, s);
      max = Math.max(max, s);
    }
    for (let i = 0; i < scores.length; i++)
      scores[i] = max > min ? Math.floor(((scores[i] - min) * MAX_NODE_SCORE) / (max - min)) : 0;
  },
};
