/**
 * Small helpers every workload controller shares: label selectors, owner references, pod state
 * (active, ready, available), conditions and int-or-percent values, as in
 * pkg/controller/controller_utils.go and k8s.io/kubectl/pkg/util/podutils.
 */
import type { KubeObject, OwnerReference } from '../api/types.ts';
import { deepClone, deepEqual } from '../apiserver/object-util.ts';
import { matchesLabelSelector } from '../scheduler/selectors.ts';

/** A metav1.LabelSelector. */
export interface LabelSelectorSpec {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** Whether `labels` satisfy a metav1.LabelSelector (the scheduler's matcher; nil matches nothing). */
export function selectorMatches(
  selector: LabelSelectorSpec | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  return matchesLabelSelector(selector, labels);
}

/** Whether a selector selects nothing (no labels and no expressions): controllers then match no pods. */
export function selectorIsEmpty(selector: LabelSelectorSpec | undefined): boolean {
  return (
    !selector ||
    (Object.keys(selector.matchLabels ?? {}).length === 0 &&
      (selector.matchExpressions ?? []).length === 0)
  );
}

/** The controlling owner reference (`controller: true`), if any. */
export function controllerRef(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((r) => r.controller === true);
}

/** The owner reference a controller puts on what it creates (metav1.NewControllerRef). */
export function newControllerRef(
  owner: KubeObject,
  apiVersion: string,
  kind: string,
): OwnerReference {
  return {
    apiVersion,
    kind,
    name: owner.metadata?.name ?? '',
    uid: owner.metadata?.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

export interface PodCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  [k: string]: unknown;
}

export interface ContainerStatus {
  name: string;
  restartCount?: number;
  ready?: boolean;
  [k: string]: unknown;
}

/** The parts of a Pod the controllers read. */
export interface Pod extends KubeObject {
  spec?: { nodeName?: string; restartPolicy?: string; [k: string]: unknown };
  status?: {
    phase?: string;
    conditions?: PodCondition[];
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
    startTime?: string;
    [k: string]: unknown;
  };
}

/** Not Succeeded, not Failed and not being deleted (controller.IsPodActive). */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata?.deletionTimestamp;
}

/** Not being deleted, whatever the phase (IsPodTerminating's complement). */
export function isPodTerminating(pod: Pod): boolean {
  return !!pod.metadata?.deletionTimestamp;
}

/** The pod's Ready condition. */
export function readyCondition(pod: Pod): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === 'Ready');
}

/** Ready condition True (podutil.IsPodReady). */
export function isPodReady(pod: Pod): boolean {
  return readyCondition(pod)?.status === 'True';
}

/** Ready for at least minReadySeconds at `nowMs` (podutil.IsPodAvailable). */
export function isPodAvailable(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  const c = readyCondition(pod);
  if (c?.status !== 'True') return false;
  if (minReadySeconds <= 0) return true;
  const since = parseTime(c.lastTransitionTime);
  return since !== undefined && since + minReadySeconds * 1000 <= nowMs;
}

/** When a pod ready but not yet available becomes available, or undefined. */
export function availableAt(pod: Pod, minReadySeconds: number): number | undefined {
  const c = readyCondition(pod);
  if (c?.status !== 'True' || minReadySeconds <= 0) return undefined;
  const since = parseTime(c.lastTransitionTime);
  return since === undefined ? undefined : since + minReadySeconds * 1000;
}

/** RFC 3339 to epoch milliseconds. */
export function parseTime(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  // eslint-disable-next-line no-restricted-globals
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** A condition as controllers set them (status objects' `conditions`). */
export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastUpdateTime?: string;
  lastProbeTime?: string;
}

/**
 * Sets a condition (deploymentutil.SetDeploymentCondition): the same status and reason leave the
 * old one untouched; a new reason with the same status keeps lastTransitionTime; the changed
 * condition moves to the end of the list, as upstream filters it out and appends it.
 */
export function setCondition(conditions: Condition[], cond: Condition): Condition[] {
  const old = conditions.find((c) => c.type === cond.type);
  if (old && old.status === cond.status && old.reason === cond.reason) return conditions;
  const next =
    old && old.status === cond.status
      ? { ...cond, lastTransitionTime: old.lastTransitionTime ?? cond.lastTransitionTime }
      : cond;
  return [...conditions.filter((c) => c.type !== cond.type), next];
}

/**
 * Resolves an IntOrString against a total (intstr.GetScaledValueFromIntOrPercent): `25%` of 10
 * is 3 when rounding up, 2 when rounding down.
 */
export function scaledValue(
  value: number | string | undefined,
  total: number,
  roundUp: boolean,
  fallback: number,
): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value);
  if (!m) {
    const n = Number(value);
    return Number.isFinite(n) ? n : fallback;
  }
  const scaled = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/** Max restartCount over the pod's containers. */
export function maxContainerRestarts(pod: Pod): number {
  let max = 0;
  for (const c of pod.status?.containerStatuses ?? []) max = Math.max(max, c.restartCount ?? 0);
  return max;
}

/** Deep copy and structural equality of JSON values: the apiserver's helpers, shared. */
export const clone = deepClone;
export const jsonEqual = deepEqual;

/** `namespace/name` key of an object. */
export function keyOf(obj: KubeObject): string {
  const ns = obj.metadata?.namespace;
  return ns ? `${ns}/${obj.metadata?.name ?? ''}` : (obj.metadata?.name ?? '');
}

/** Splits a `namespace/name` key. */
export function splitKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/');
  return i < 0
    ? { namespace: '', name: key }
    : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A JSON merge patch (RFC 7386) turning `from` into `to`: changed fields are set, removed fields
 * are nulled, nested objects are diffed, arrays are replaced. Undefined when nothing changed.
 */
export function mergePatchDiff(from: unknown, to: unknown): unknown {
  if (!isPlainObject(from) || !isPlainObject(to))
    return jsonEqual(from, to) ? undefined : (to ?? null);
  const patch: Record<string, unknown> = {};
  let changed = false;
  for (const k in to) {
    const v = to[k];
    if (v === undefined) continue;
    const d = mergePatchDiff(from[k], v);
    if (d !== undefined) {
      patch[k] = d;
      changed = true;
    }
  }
  for (const k in from) {
    if (from[k] !== undefined && to[k] === undefined) {
      patch[k] = null;
      changed = true;
    }
  }
  return changed ? patch : undefined;
}

/** Drops zero, empty-string and undefined fields (Go's `omitempty` on status integers). */
export function omitEmpty<T extends Record<string, unknown>>(obj: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined || v === 0 || v === '' || v === null) continue;
    out[k] = v;
  }
  return out as T;
}
