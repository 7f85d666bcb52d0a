/** NodePorts (plugins/nodeports): a hostPort may be used once per node, protocol and host IP. */
import { unschedulable, type FilterPlugin } from '../framework.ts';

const NAME = 'NodePorts';

export const nodePorts: FilterPlugin = {
  name: NAME,
  preFilter(state) {
    return state.podInfo.hostPorts.length > 0 ? undefined : 'skip';
  },
  filter(state, node) {
    for (const p of state.podInfo.hostPorts) {
      const [ip, proto, port] = p.split('/');
      const conflict =
        node.usedPorts.has(p) ||
        (ip === '0.0.0.0'
          ? [...node.usedPorts.keys()].some((u) => u.endsWith(`/${proto}/${port}`))
          : node.usedPorts.has(`0.0.0.0/${proto}/${port}`));
      if (conflict)
        return unschedulable(NAME, ["node(s) didn't have free ports for the requested pod ports"]);
    }
    return null;
  },
};
