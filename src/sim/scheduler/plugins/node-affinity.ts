/**
 * NodeAffinity (plugins/nodeaffinity): `spec.nodeSelector` and required node affinity filter;
 * preferred node affinity terms add their weights to the score.
 */
import {
  defaultNormalize,
  unschedulable,
  type FilterPlugin,
  type ScorePlugin,
} from '../framework.ts';
import { matchesNodeSelectorTerm, matchesNodeSelectorTerms } from '../selectors.ts';

const NAME = 'NodeAffinity';

export const nodeAffinityFilter: FilterPlugin = {
  name: NAME,
  preFilter(state) {
    const spec = state.pod.spec;
    const hasSelector = spec?.nodeSelector && Object.keys(spec.nodeSelector).length > 0;
    const required = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (!hasSelector && !required) return 'skip';
    // Terms that name nodes (matchFields metadata.name In [...]) narrow the candidates up front.
    const terms = required?.nodeSelectorTerms ?? [];
    const names = new Set<string>();
    for (const term of terms) {
      const field = (term.matchFields ?? []).find(
        (f) => f.key === 'metadata.name' && f.operator === 'In',
      );
      if (!field) return undefined;
      for (const v of field.values ?? []) names.add(v);
    }
    if (terms.length > 0) state.nodeNames = names;
    return undefined;
  },
  filter(state, node) {
    const spec = state.pod.spec;
    for (const [k, v] of Object.entries(spec?.nodeSelector ?? {})) {
      if (node.labels[k] !== v) return reject();
    }
    const required = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (required && !matchesNodeSelectorTerms(required.nodeSelectorTerms, node.name, node.labels))
      return reject();
    return null;
  },
};

function reject() {
  return unschedulable(
    NAME,
    ["node(s) didn't match Pod's node affinity/selector"],
    'UnschedulableAndUnresolvable',
  );
}

export const nodeAffinityScore: ScorePlugin = {
  name: NAME,
  weight: 2,
  preScore(state) {
    const preferred =
      state.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
    return preferred?.length ? undefined : 'skip';
  },
  score(state, node) {
    let total = 0;
    for (const term of state.pod.spec?.affinity?.nodeAffinity
      ?.preferredDuringSchedulingIgnoredDuringExecution ?? []) {
      if (term.weight && matchesNodeSelectorTerm(term.preference, node.name, node.labels))
        total += term.weight;
    }
    return total;
  },
  normalize(_state, scores) {
    defaultNormalize(scores, false);
  },
};
