/**
 * TaintToleration (pkg/scheduler/framework/plugins/tainttoleration): a node's NoSchedule and
 * NoExecute taints must be tolerated; PreferNoSchedule taints lower the score.
 */
import type { Taint, Toleration } from 'kubernetes-types/core/v1';
import {
  defaultNormalize,
  unschedulable,
  type CycleState,
  type FilterPlugin,
  type ScorePlugin,
} from '../framework.ts';
import type { NodeInfo } from '../node-info.ts';

const NAME = 'TaintToleration';

/** Whether one toleration tolerates one taint (component-helpers ToleratesTaint). */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (!t.key && t.operator !== 'Exists') return false;
  if (t.operator === 'Exists') return true;
  return (t.value ?? '') === (taint.value ?? '');
}

/** The first taint (with one of `effects`) that no toleration tolerates. */
export function firstUntoleratedTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
  effects: readonly string[],
): Taint | undefined {
  for (const taint of taints) {
    if (!effects.includes(taint.effect)) continue;
    if (!tolerations.some((t) => toleratesTaint(t, taint))) return taint;
  }
  return undefined;
}

export const taintTolerationFilter: FilterPlugin = {
  name: NAME,
  filter(state: CycleState, node: NodeInfo) {
    if (node.taints.length === 0) return null;
    const taint = firstUntoleratedTaint(node.taints, state.pod.spec?.tolerations ?? [], [
      'NoSchedule',
      'NoExecute',
    ]);
    if (!taint) return null;
    // Upstream formats `{%s: %s}` with key and value; an empty value leaves `{key: }`.
    return unschedulable(
      NAME,
      [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`],
      'UnschedulableAndUnresolvable',
    );
  },
  filterAll(state, nodes, out) {
    for (let i = 0; i < nodes.length; i++)
      if (out[i] === null && nodes[i].taints.length > 0) out[i] = this.filter(state, nodes[i]);
  },
};

export const taintTolerationScore: ScorePlugin = {
  name: NAME,
  weight: 3,
  score(state, node) {
    if (node.taints.length === 0) return 0;
    let count = 0;
    const tolerations = (state.pod.spec?.tolerations ?? []).filter(
      (t) => !t.effect || t.effect === 'PreferNoSchedule',
    );
    for (const taint of node.taints) {
      if (taint.effect !== 'PreferNoSchedule') continue;
      if (!tolerations.some((t) => toleratesTaint(t, taint))) count++;
    }
    return count;
  },
  scoreAll(state, nodes, out) {
    for (let i = 0; i < nodes.length; i++)
      out[i] = nodes[i].taints.length === 0 ? 0 : this.score(state, nodes[i]);
  },
  normalize(_state, scores) {
    defaultNormalize(scores, true);
  },
};
