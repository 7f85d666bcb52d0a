/**
 * The scheduling framework's contracts (pkg/scheduler/framework/interface.go), reduced to what the
 * simulation needs: PreFilter (may skip a plugin or reject the pod outright), Filter per node,
 * Score per node with normalisation, and the statuses whose reasons build the FitError message.
 */
import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import type { NodeInfo, PodInfo } from './node-info.ts';

/**
 * Unschedulable: removing pods could help (preemption considers the node).
 * UnschedulableAndUnresolvable: preemption cannot help on this node.
 */
export type StatusCode = 'Unschedulable' | 'UnschedulableAndUnresolvable';

export interface FilterStatus {
  code: StatusCode;
  /** Reason strings exactly as upstream plugins word them (counted in the FitError histogram). */
  reasons: string[];
  plugin: string;
}

/** Read-only view of the cluster for one scheduling cycle. */
export interface Snapshot {
  nodes: readonly NodeInfo[];
  byName: ReadonlyMap<string, NodeInfo>;
  /** Pods in the cluster with required anti-affinity (0 lets InterPodAffinity skip its scan). */
  podsWithRequiredAntiAffinity?: number;
  pvc(namespace: string, name: string): PersistentVolumeClaim | undefined;
  pv(name: string): PersistentVolume | undefined;
  storageClass(name: string): StorageClass | undefined;
}

/** Per-cycle data: the pod being scheduled and what plugins computed in PreFilter. */
export interface CycleState {
  pod: Pod;
  podInfo: PodInfo;
  snapshot: Snapshot;
  data: Map<string, unknown>;
  /** Filter plugins that did not skip this pod in PreFilter (set by scheduleOne). */
  activeFilters?: FilterPlugin[];
  /** PreFilterResult.NodeNames: when set, only these nodes can fit. */
  nodeNames?: Set<string>;
  /**
   * Set by the plain filter pass when every feasible node passed it: each feasible node's offset
   * into the scheduler cache's hot array, in feasible order (see fast-path.ts).
   */
  plainOffsets?: Int32Array;
}

/** `skip`: the plugin has nothing to check for this pod; a status rejects the pod on every node. */
export type PreFilterResult = 'skip' | FilterStatus | undefined;

export interface FilterPlugin {
  readonly name: string;
  preFilter?(state: CycleState): PreFilterResult;
  filter(state: CycleState, node: NodeInfo): FilterStatus | null;
  /**
   * Filters `nodes[0..count)` in one loop, writing each node's status (null: it passes) into
   * `out`; nodes whose `out` entry is already a status are skipped. Same results as `filter`.
   */
  filterAll?(state: CycleState, nodes: readonly NodeInfo[], out: (FilterStatus | null)[]): void;
}

export interface ScorePlugin {
  readonly name: string;
  readonly weight: number;
  /** Returns 'skip' when the plugin would give every node the same score. */
  preScore?(state: CycleState, nodes: readonly NodeInfo[]): 'skip' | undefined;
  score(state: CycleState, node: NodeInfo): number;
  /** Scores every node into `out` (same results as `score`; one tight loop instead of a call per node). */
  scoreAll?(state: CycleState, nodes: readonly NodeInfo[], out: Float64Array): void;
  /** Rescales raw scores in place to 0..MAX_NODE_SCORE. */
  normalize?(state: CycleState, scores: Float64Array): void;
}

export const MAX_NODE_SCORE = 100;

/** Builds a status. */
export function unschedulable(
  plugin: string,
  reasons: string[],
  code: StatusCode = 'Unschedulable',
): FilterStatus {
  return { plugin, reasons, code };
}

/** One score scaled so that `max` becomes MAX_NODE_SCORE (reverse: the smallest does). */
export function normalizedScore(score: number, max: number, reverse: boolean): number {
  if (max === 0) return reverse ? MAX_NODE_SCORE : 0;
  const s = Math.floor((score * MAX_NODE_SCORE) / max);
  return reverse ? MAX_NODE_SCORE - s : s;
}

/** Scales scores so the largest becomes MAX_NODE_SCORE (reverse: the smallest does). */
export function defaultNormalize(scores: Float64Array, reverse: boolean): void {
  let max = 0;
  for (const s of scores) if (s > max) max = s;
  for (let i = 0; i < scores.length; i++) scores[i] = normalizedScore(scores[i], max, reverse);
}
