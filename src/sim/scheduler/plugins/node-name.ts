/** NodeName (plugins/nodename): a pod that names a node fits only there. */
import { unschedulable, type FilterPlugin } from '../framework.ts';

const NAME = 'NodeName';

export const nodeName: FilterPlugin = {
  name: NAME,
  preFilter(state) {
    return state.pod.spec?.nodeName ? undefined : 'skip';
  },
  filter(state, node) {
    if (state.pod.spec?.nodeName === node.name) return null;
    return unschedulable(
      NAME,
      ["node(s) didn't match the requested node name"],
      'UnschedulableAndUnresolvable',
    );
  },
};
