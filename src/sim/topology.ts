/**
 * The shape of the simulated cluster: which nodes exist, their labels, taints and capacity, as a
 * kubeadm-style cluster would register them.
 */

import { DEFAULT_EPOCH_MS } from './clock.ts';

export interface ClusterOptions {
  /** Worker nodes (default 3). */
  workers?: number;
  /** Control-plane nodes (1 by default, 3 for an HA cluster with a stacked etcd member on each). */
  controlPlanes?: number;
  /** Seed of the random source: same seed and inputs, same history. */
  seed?: number;
  /** Virtual start time (ms since epoch). */
  startMs?: number;
  /** Capacity of every worker node. */
  workerCapacity?: { cpu: string; memory: string; pods: string };
  /** Availability zones the workers are spread over, round-robin (none by default). */
  zones?: string[];
  /** Largest replicas/parallelism/completions the apiserver accepts (protects the browser). */
  maxReplicas?: number;
}

export interface NodeSpec {
  name: string;
  role: 'control-plane' | 'worker';
  labels: Record<string, string>;
  taints: {
    key: string;
    value?: string;
    effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  }[];
  capacity: { cpu: string; memory: string; pods: string; 'ephemeral-storage': string };
  /** The node's pod CIDR, `10.244.N.0/24` as flannel-style kubeadm clusters allocate. */
  podCIDR: string;
  internalIP: string;
}

export const KUBERNETES_VERSION = 'v1.32.3';
export const CONTAINER_RUNTIME_VERSION = 'containerd://1.7.24';
export const DEFAULT_WORKER_CAPACITY = { cpu: '4', memory: '8Gi', pods: '110' };
export const DEFAULT_MAX_REPLICAS = 10_000;

/** Resolves defaults; the result is what every component sees. */
export function resolveOptions(options: ClusterOptions = {}): Required<ClusterOptions> {
  const clampInt = (v: number | undefined, def: number, min: number, max: number) =>
    v === undefined || !Number.isFinite(v) ? def : Math.min(max, Math.max(min, Math.floor(v)));
  return {
    workers: clampInt(options.workers, 3, 0, 5_000),
    controlPlanes: clampInt(options.controlPlanes, 1, 1, 7),
    seed: clampInt(options.seed, 1, 0, 2 ** 32 - 1),
    startMs: options.startMs ?? DEFAULT_EPOCH_MS,
    workerCapacity: options.workerCapacity ?? DEFAULT_WORKER_CAPACITY,
    zones: options.zones ?? [],
    maxReplicas: options.maxReplicas ?? DEFAULT_MAX_REPLICAS,
  };
}

/** The nodes of a cluster: `control-plane` (or `control-plane-1..3` for HA), then `worker-1..N`. */
export function clusterNodes(options: Required<ClusterOptions>): NodeSpec[] {
  const nodes: NodeSpec[] = [];
  let index = 0;
  const base = (name: string, zone: string | undefined): Record<string, string> => ({
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux',
    ...(zone ? { 'topology.kubernetes.io/zone': zone } : {}),
  });
  for (let i = 1; i <= options.controlPlanes; i++) {
    const name = options.controlPlanes === 1 ? 'control-plane' : `control-plane-${i}`;
    nodes.push({
      name,
      role: 'control-plane',
      labels: {
        ...base(name, undefined),
        'node-role.kubernetes.io/control-plane': '',
        'node.kubernetes.io/exclude-from-external-load-balancers': '',
      },
      taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
      capacity: { cpu: '2', memory: '4Gi', pods: '110', 'ephemeral-storage': '100Gi' },
      podCIDR: `10.244.${index}.0/24`,
      internalIP: `172.18.0.${index + 2}`,
    });
    index++;
  }
  for (let i = 1; i <= options.workers; i++) {
    const name = `worker-${i}`;
    const zone =
      options.zones.length > 0 ? options.zones[(i - 1) % options.zones.length] : undefined;
    nodes.push({
      name,
      role: 'worker',
      labels: base(name, zone),
      taints: [],
      capacity: { ...options.workerCapacity, 'ephemeral-storage': '100Gi' },
      // 10.244.0.0/16 holds 256 /24s; larger clusters continue in 10.245+ (still unique per node).
      podCIDR: `10.${244 + Math.floor(index / 256)}.${index % 256}.0/24`,
      internalIP: `172.${18 + Math.floor((index + 2) / 65536)}.${Math.floor((index + 2) / 256) % 256}.${(index + 2) % 256}`,
    });
    index++;
  }
  return nodes;
}
