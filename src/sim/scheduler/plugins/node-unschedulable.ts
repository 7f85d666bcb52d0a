/**
 * NodeUnschedulable (plugins/nodeunschedulable): a cordoned node (`spec.unschedulable`) takes no
 * new pods unless they tolerate `node.kubernetes.io/unschedulable:NoSchedule`.
 */
import { unschedulable, type FilterPlugin } from '../framework.ts';
import { toleratesTaint } from './taint-toleration.ts';

const NAME = 'NodeUnschedulable';
const UNSCHEDULABLE_TAINT = {
  key: 'node.kubernetes.io/unschedulable',
  effect: 'NoSchedule',
} as const;

export const nodeUnschedulable: FilterPlugin = {
  name: NAME,
  filter(state, node) {
    if (!node.unschedulable) return null;
    if ((state.pod.spec?.tolerations ?? []).some((t) => toleratesTaint(t, UNSCHEDULABLE_TAINT)))
      return null;
    return unschedulable(NAME, ['node(s) were unschedulable'], 'UnschedulableAndUnresolvable');
  },
  filterAll(state, nodes, out) {
    for (let i = 0; i < nodes.length; i++)
      if (out[i] === null && nodes[i].unschedulable) out[i] = this.filter(state, nodes[i]);
  },
};
