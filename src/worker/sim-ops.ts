/**
 * Simulation operations outside the Kubernetes API, executed against a running cluster: faults
 * (nodes, control-plane components, containers), traffic, and inspection (kube-proxy rules, etcd,
 * time travel over etcd revisions).
 */
import type { KubeObject } from '../sim/api/types';
import type { Cluster } from '../sim/cluster';
import { kubeProxyIptablesSave, setNodeDown } from '../sim/network/index';
import { sendRequest, type TrafficResult } from '../sim/network/traffic';
import { addNode, killContainer, removeNode, startNode, stopNode } from '../sim/node/faults';
import type { EtcdStats } from '../sim/store/etcd';
import type { SimOp } from './protocol';

export type FaultOp = Extract<
  SimOp,
  {
    op:
      | 'stop-node'
      | 'start-node'
      | 'remove-node'
      | 'add-node'
      | 'stop-component'
      | 'start-component'
      | 'kill-container';
  }
>;

/** Control-plane nodes that are stopped decide whether etcd keeps its quorum and the API serves. */
function updateControlPlaneHealth(cluster: Cluster): void {
  const controlPlanes = cluster.nodes.filter((n) => n.role === 'control-plane');
  const down = controlPlanes.filter(
    (n) => cluster.components.get(`kubelet/${n.name}`)?.running() === false,
  ).length;
  // etcd needs a majority of its members (one per control-plane node, stacked) to accept anything.
  const quorum = down <= Math.floor((controlPlanes.length - 1) / 2);
  cluster.apiserver.setEtcdQuorum(quorum);
  cluster.apiserver.setAvailable(down < controlPlanes.length);
}

const COMPONENT_NAMES = [
  'kube-scheduler',
  'kube-controller-manager',
  'cloud-controller-manager',
  'kube-apiserver',
];

/** Runs a fault; returns an error sentence when it cannot. */
export function runFault(cluster: Cluster, op: FaultOp): string | undefined {
  switch (op.op) {
    case 'stop-node': {
      const error = stopNode(cluster, op.node);
      if (error) return error;
      setNodeDown(cluster.api, op.node, true);
      updateControlPlaneHealth(cluster);
      return undefined;
    }
    case 'start-node': {
      const error = startNode(cluster, op.node);
      if (error) return error;
      setNodeDown(cluster.api, op.node, false);
      updateControlPlaneHealth(cluster);
      return undefined;
    }
    case 'add-node':
      addNode(cluster);
      return undefined;
    case 'remove-node':
      return removeNode(cluster, op.node);
    case 'kill-container':
      return killContainer(cluster, op.namespace, op.pod, op.container);
    case 'stop-component':
    case 'start-component': {
      const start = op.op === 'start-component';
      if (op.component === 'kube-apiserver') {
        cluster.apiserver.setAvailable(start);
        return undefined;
      }
      const component = cluster.components.get(op.component);
      if (!component || !COMPONENT_NAMES.includes(op.component)) {
        return `unknown component "${op.component}" (known: ${COMPONENT_NAMES.join(', ')})`;
      }
      if (start) component.start();
      else component.stop();
      return undefined;
    }
  }
}

/** Sends `count` requests and returns their traces. */
export function runTraffic(
  cluster: Cluster,
  op: Extract<SimOp, { op: 'traffic' }>,
): TrafficResult[] {
  const count = Math.max(1, Math.min(1_000, Math.floor(op.count)));
  const results: TrafficResult[] = [];
  for (let i = 0; i < count; i++) {
    results.push(
      sendRequest(cluster.network, {
        from: op.fromPod ? { pod: op.fromPod } : { external: true },
        to: op.to,
        ...(op.path ? { path: op.path } : {}),
        ...(op.host ? { host: op.host } : {}),
      }),
    );
  }
  return results;
}

/** A node's kube-proxy rules as `iptables-save` text. */
export function proxyRules(cluster: Cluster, node: string): { text: string } | string {
  const text = kubeProxyIptablesSave(cluster.api, node);
  return text === undefined ? `no kube-proxy on node "${node}"` : { text };
}

/** etcd's figures for the "what is in etcd" view. */
export function etcdStats(cluster: Cluster): EtcdStats {
  return cluster.apiserver.etcd.stats();
}

/** Every object as etcd held it at `revision` (read-only time travel). */
export function objectsAt(
  cluster: Cluster,
  revision: number,
): { revision: number; objects: KubeObject[] } | string {
  const result = cluster.apiserver.etcd.rangeAt('/registry/', revision);
  if (!result.ok) return `revision ${revision} is no longer in etcd's history (${result.message})`;
  return { revision, objects: result.kvs.map((kv) => kv.value as KubeObject) };
}
