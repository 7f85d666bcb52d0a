/**
 * The scheduler cache's per-node aggregate (pkg/scheduler/framework/types.go NodeInfo): the node,
 * its pods, and the sums the plugins need, kept incrementally so a scheduling cycle never rescans
 * every pod in the cluster.
 */
import type { Node, Pod, Taint } from 'kubernetes-types/core/v1';
import {
  allocatableOf,
  emptyResources,
  podRequests,
  type PodResources,
  type Resources,
} from './resources.ts';

/** What the scheduler precomputes once per pod. */
export interface PodInfo {
  key: string;
  pod: Pod;
  requests: PodResources;
  priority: number;
  /** `hostIP/protocol/port` of each declared hostPort. */
  hostPorts: string[];
  /** The controller owner's uid (for the default spreading score). */
  ownerUid?: string;
  hasRequiredAntiAffinity: boolean;
}

/** Pod key `namespace/name`. */
export function podKey(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

/** Host ports of a pod as `ip/proto/port` strings (0.0.0.0 when no hostIP). */
export function podHostPorts(pod: Pod): string[] {
  const out: string[] = [];
  for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    for (const p of c.ports ?? []) {
      if (p.hostPort)
        out.push(`${p.hostIP || '0.0.0.0'}/${p.protocol ?? 'TCP'}/${String(p.hostPort)}`);
    }
  }
  return out;
}

/** Builds a PodInfo with the given resolved priority. */
export function newPodInfo(pod: Pod, priority: number): PodInfo {
  const owner = pod.metadata?.ownerReferences?.find((o) => o.controller);
  return {
    key: podKey(pod),
    pod,
    requests: podRequests(pod),
    priority,
    hostPorts: podHostPorts(pod),
    ownerUid: owner?.uid,
    hasRequiredAntiAffinity:
      (pod.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution
        ?.length ?? 0) > 0,
  };
}

/** Cluster-wide sums the NodeInfos keep up to date (lets plugins skip whole-cluster scans). */
export interface ClusterCounters {
  podsWithRequiredAntiAffinity: number;
  /** The next NodeInfo index (indices are never reused while the scheduler runs). */
  nextIndex?: number;
  /**
   * Pods per controller owner uid, per node index: the default spreading score reads one array
   * slot per node instead of a map lookup (it runs for hundreds of nodes per pod).
   */
  owners?: Map<string, Int32Array>;
  /** Pods per controller owner uid in the whole cache (an owner's array goes when it reaches 0). */
  ownerTotals?: Map<string, number>;
  /**
   * Each node's figures the common filters and scores read, HOT_STRIDE numbers per node index
   * (HOT_* offsets): one contiguous array instead of several objects per node, so a cycle over
   * hundreds of nodes reads memory in order.
   */
  hot?: Float64Array;
  /**
   * The requests the cached plain scores (HOT_SCORE_*) were computed for, and their stamp: a
   * node's cached scores are current when its HOT_SCORED stamp equals `scoreEpoch` (any change to
   * the node clears its stamp; other requests start a new epoch).
   */
  scoreEpoch?: number;
  scoreRequests?: readonly [number, number, number, number];
}

/** Offsets into `ClusterCounters.hot`, per node. */
export const HOT_ALLOCATABLE_CPU = 0;
export const HOT_ALLOCATABLE_MEMORY = 1;
export const HOT_REQUESTED_CPU = 2;
export const HOT_REQUESTED_MEMORY = 3;
export const HOT_NON_ZERO_CPU = 4;
export const HOT_NON_ZERO_MEMORY = 5;
/** Free pod slots on a schedulable, untainted node; -1 on any other node. */
export const HOT_PLAIN_FREE_PODS = 6;
/** The score epoch the two cached scores below belong to (0: none). */
export const HOT_SCORED = 7;
export const HOT_SCORE_LEAST_ALLOCATED = 8;
export const HOT_SCORE_BALANCED = 9;
export const HOT_STRIDE = 10;

/** Empty counters for a scheduler cache. */
export function newClusterCounters(): ClusterCounters {
  return {
    podsWithRequiredAntiAffinity: 0,
    nextIndex: 0,
    owners: new Map(),
    ownerTotals: new Map(),
    hot: new Float64Array(0),
  };
}

export class NodeInfo {
  node: Node;
  name: string;
  labels: Record<string, string> = {};
  taints: Taint[] = [];
  unschedulable = false;
  allocatable: Resources = emptyResources();
  allowedPods = 110;
  readonly requested: Resources = emptyResources();
  nonZeroMilliCPU = 0;
  nonZeroMemory = 0;
  readonly pods = new Map<string, PodInfo>();
  readonly usedPorts = new Map<string, number>();
  /** This node's slot in the counters' per-owner arrays (-1 without counters). */
  readonly index: number;
  /** Pods on this node per controller owner uid (only without shared counters). */
  private readonly localOwners = new Map<string, number>();
  podsWithRequiredAntiAffinity = 0;
  /** Bumped on every change; lets observers skip unchanged nodes. */
  generation = 0;

  constructor(
    node: Node,
    private readonly counters?: ClusterCounters,
  ) {
    this.node = node;
    this.name = node.metadata?.name ?? '';
    this.index = counters?.owners && counters.nextIndex !== undefined ? counters.nextIndex++ : -1;
    this.setNode(node);
  }

  setNode(node: Node): void {
    this.node = node;
    this.labels = node.metadata?.labels ?? {};
    this.taints = node.spec?.taints ?? [];
    this.unschedulable = node.spec?.unschedulable === true;
    const a = allocatableOf(
      (node.status ?? {}) as { allocatable?: Record<string, unknown> } | undefined,
    );
    this.allocatable = a.resources;
    this.allowedPods = a.pods;
    this.generation++;
    this.writeHot();
  }

  private writeHot(): void {
    const counters = this.counters;
    if (!counters?.hot || this.index < 0) return;
    let hot = counters.hot;
    const at = this.index * HOT_STRIDE;
    if (hot.length < at + HOT_STRIDE) {
      const grown = new Float64Array(Math.max(64, (counters.nextIndex ?? 0) * 2) * HOT_STRIDE);
      grown.set(hot);
      counters.hot = hot = grown;
    }
    hot[at + HOT_ALLOCATABLE_CPU] = this.allocatable.milliCPU;
    hot[at + HOT_ALLOCATABLE_MEMORY] = this.allocatable.memory;
    hot[at + HOT_REQUESTED_CPU] = this.requested.milliCPU;
    hot[at + HOT_REQUESTED_MEMORY] = this.requested.memory;
    hot[at + HOT_NON_ZERO_CPU] = this.nonZeroMilliCPU;
    hot[at + HOT_NON_ZERO_MEMORY] = this.nonZeroMemory;
    hot[at + HOT_PLAIN_FREE_PODS] =
      this.unschedulable || this.taints.length !== 0 ? -1 : this.allowedPods - this.pods.size;
    hot[at + HOT_SCORED] = 0;
  }

  /** The scheduler cache's shared counters, when this NodeInfo belongs to one. */
  sharedCounters(): ClusterCounters | undefined {
    return this.index >= 0 ? this.counters : undefined;
  }

  addPod(info: PodInfo): void {
    if (this.pods.has(info.key)) this.removePod(info.key);
    this.pods.set(info.key, info);
    this.apply(info, 1);
  }

  removePod(key: string): PodInfo | undefined {
    const info = this.pods.get(key);
    if (!info) return undefined;
    this.pods.delete(key);
    this.apply(info, -1);
    return info;
  }

  /** The shared per-owner arrays indexed by `index`, when this NodeInfo belongs to a cache. */
  ownerArrays(): ReadonlyMap<string, Int32Array> | undefined {
    return this.index >= 0 ? this.counters?.owners : undefined;
  }

  /** Pods of the controller owner `uid` on this node. */
  ownerCount(uid: string): number {
    const owners = this.counters?.owners;
    if (!owners || this.index < 0) return this.localOwners.get(uid) ?? 0;
    const counts = owners.get(uid);
    return counts && this.index < counts.length ? counts[this.index] : 0;
  }

  private countOwner(uid: string, sign: 1 | -1): void {
    const owners = this.counters?.owners;
    if (!owners || this.index < 0) {
      const n = (this.localOwners.get(uid) ?? 0) + sign;
      if (n > 0) this.localOwners.set(uid, n);
      else this.localOwners.delete(uid);
      return;
    }
    let counts = owners.get(uid);
    if (!counts || counts.length <= this.index) {
      const grown = new Int32Array(Math.max(16, (this.counters?.nextIndex ?? 0) * 2));
      if (counts) grown.set(counts);
      counts = grown;
      owners.set(uid, counts);
    }
    counts[this.index] += sign;
    const totals = this.counters?.ownerTotals;
    if (totals) {
      const total = (totals.get(uid) ?? 0) + sign;
      // Drop the owner's array once no node holds one of its pods.
      if (total > 0) totals.set(uid, total);
      else {
        totals.delete(uid);
        owners.delete(uid);
      }
    }
  }

  private apply(info: PodInfo, sign: 1 | -1): void {
    const r = info.requests;
    this.requested.milliCPU += sign * r.milliCPU;
    this.requested.memory += sign * r.memory;
    this.requested.ephemeralStorage += sign * r.ephemeralStorage;
    for (const [k, v] of Object.entries(r.scalar))
      this.requested.scalar[k] = (this.requested.scalar[k] ?? 0) + sign * v;
    this.nonZeroMilliCPU += sign * r.nonZeroMilliCPU;
    this.nonZeroMemory += sign * r.nonZeroMemory;
    for (const p of info.hostPorts) {
      const n = (this.usedPorts.get(p) ?? 0) + sign;
      if (n > 0) this.usedPorts.set(p, n);
      else this.usedPorts.delete(p);
    }
    if (info.ownerUid) this.countOwner(info.ownerUid, sign);
    if (info.hasRequiredAntiAffinity) {
      this.podsWithRequiredAntiAffinity += sign;
      if (this.counters) this.counters.podsWithRequiredAntiAffinity += sign;
    }
    this.generation++;
    this.writeHot();
  }
}
