/**
 * Faults the UI, the console and the HTTP controls inject: stop/start a node's kubelet (the node
 * stops heartbeating and turns NotReady after the grace period; its pods keep their last reported
 * state), add or remove nodes, kill a container, stop/start the scheduler. Every function takes
 * the running cluster (anything with `components`, `nodes` and a component context) and returns
 * an error message or undefined.
 */
import { apiPath } from '../client.ts';
import type { ClusterContext, SimComponent } from '../component.ts';
import type { NodeSpec } from '../topology.ts';
import { createKubelet } from './index.ts';
import type { Kubelet } from './kubelet.ts';

/** The parts of a Cluster the faults need (cluster.ts's Cluster satisfies it). */
export interface FaultTarget {
  components: Map<string, SimComponent>;
  nodes: NodeSpec[];
  api: ClusterContext['api'];
  client: ClusterContext['client'];
  clock: ClusterContext['clock'];
  rng: ClusterContext['rng'];
  options: ClusterContext['options'];
}

function kubelet(cluster: FaultTarget, node: string): Kubelet | undefined {
  return cluster.components.get(`kubelet/${node}`) as Kubelet | undefined;
}

/** Stops the kubelet of `node` (the node will turn NotReady after 50 s). */
export function stopNode(cluster: FaultTarget, node: string): string | undefined {
  const k = kubelet(cluster, node);
  if (!k) return `node "${node}" not found`;
  k.stop();
  return undefined;
}

/** Starts the kubelet of `node` again (it re-registers, heartbeats and adopts its pods). */
export function startNode(cluster: FaultTarget, node: string): string | undefined {
  const k = kubelet(cluster, node);
  if (!k) return `node "${node}" not found`;
  k.start();
  return undefined;
}

/** Adds a worker node `worker-N` (next free number) with the cluster's worker capacity; returns its name. */
export function addNode(cluster: FaultTarget, overrides: Partial<NodeSpec> = {}): string {
  const used = new Set(cluster.nodes.map((n) => n.name));
  let i = cluster.nodes.filter((n) => n.role === 'worker').length + 1;
  while (used.has(`worker-${i}`)) i++;
  const name = overrides.name ?? `worker-${i}`;
  // The first node index whose pod CIDR no current node uses (removed nodes free theirs).
  const cidrs = new Set(cluster.nodes.map((n) => n.podCIDR));
  let index = 0;
  while (cidrs.has(`10.${244 + Math.floor(index / 256)}.${index % 256}.0/24`)) index++;
  const zones = cluster.options.zones;
  const zone = zones.length ? zones[(i - 1) % zones.length] : undefined;
  const spec: NodeSpec = {
    name,
    role: 'worker',
    labels: {
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': name,
      'kubernetes.io/os': 'linux',
      ...(zone ? { 'topology.kubernetes.io/zone': zone } : {}),
    },
    taints: [],
    capacity: { ...cluster.options.workerCapacity, 'ephemeral-storage': '100Gi' },
    podCIDR: `10.${244 + Math.floor(index / 256)}.${index % 256}.0/24`,
    internalIP: `172.${18 + Math.floor((index + 2) / 65536)}.${Math.floor((index + 2) / 256) % 256}.${(index + 2) % 256}`,
    ...overrides,
  };
  cluster.nodes.push(spec);
  const ctx: ClusterContext = {
    clock: cluster.clock,
    rng: cluster.rng,
    api: cluster.api,
    options: cluster.options,
    nodes: cluster.nodes,
    client: cluster.client,
    register: (c) => cluster.components.set(c.name, c),
  };
  createKubelet(ctx, spec).start();
  return name;
}

/** Removes a node: its kubelet stops and the Node object is deleted (pods are garbage collected). */
export function removeNode(cluster: FaultTarget, node: string): string | undefined {
  const k = kubelet(cluster, node);
  if (!k) return `node "${node}" not found`;
  k.stop();
  cluster.components.delete(`kubelet/${node}`);
  const i = cluster.nodes.findIndex((n) => n.name === node);
  if (i >= 0) cluster.nodes.splice(i, 1);
  const r = cluster.client('admin').delete(apiPath('v1', 'nodes', undefined, node));
  return r.ok ? undefined : r.status.message;
}

/** Kills a running container of a pod (exit 137); the kubelet restarts it per restartPolicy. */
export function killContainer(
  cluster: FaultTarget,
  namespace: string,
  pod: string,
  container?: string,
): string | undefined {
  const got = cluster
    .client('admin')
    .get<{ spec?: { nodeName?: string } }>(apiPath('v1', 'pods', namespace, pod));
  if (!got.ok) return got.status.message;
  const node = got.value.spec?.nodeName;
  if (!node) return `pod "${pod}" is not running on a node`;
  const worker = kubelet(cluster, node)?.worker(`${namespace}/${pod}`);
  if (!worker) return `pod "${pod}" is not known to the kubelet of ${node}`;
  return worker.kill(container)
    ? undefined
    : `no running container${container ? ` "${container}"` : ''} in pod "${pod}"`;
}

/** Stops the scheduler: new pods stay Pending. */
export function stopScheduler(cluster: FaultTarget): string | undefined {
  const s = cluster.components.get('kube-scheduler');
  if (!s) return 'kube-scheduler not found';
  s.stop();
  return undefined;
}

/** Starts the scheduler again: it lists the cluster and schedules what is pending. */
export function startScheduler(cluster: FaultTarget): string | undefined {
  const s = cluster.components.get('kube-scheduler');
  if (!s) return 'kube-scheduler not found';
  s.start();
  return undefined;
}
