/**
 * Pure Deployment rules (pkg/controller/deployment/util/deployment_util.go): surge and
 * unavailability fenceposts, revision annotations, finding the new ReplicaSet, the size of a new
 * ReplicaSet during a rolling update, proportional scaling shares and completeness checks.
 */
import type { KubeObject } from '../api/types.ts';
import { computeHash } from './hash.ts';
import type { PodTemplate } from './pod-control.ts';
import {
  jsonEqual,
  parseTime,
  scaledValue,
  type Condition,
  type LabelSelectorSpec,
} from './util.ts';

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const POD_TEMPLATE_HASH = 'pod-template-hash';

/** Deployment annotations never copied onto its ReplicaSets (annotationsToSkip). */
const ANNOTATIONS_TO_SKIP = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  REVISION_HISTORY,
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  'deprecated.deployment.rollback.to',
]);

export interface Deployment extends KubeObject {
  spec?: {
    replicas?: number;
    selector?: LabelSelectorSpec;
    template?: PodTemplate;
    strategy?: {
      type?: string;
      rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string };
    };
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
    paused?: boolean;
    progressDeadlineSeconds?: number;
  };
  status?: DeploymentStatus;
}

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: Condition[];
  collisionCount?: number;
  [k: string]: unknown;
}

export interface ReplicaSet extends KubeObject {
  spec?: {
    replicas?: number;
    minReadySeconds?: number;
    selector?: LabelSelectorSpec;
    template?: PodTemplate;
  };
  status?: {
    replicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    observedGeneration?: number;
    conditions?: Condition[];
  };
}

export const replicasOf = (rs: ReplicaSet | Deployment | undefined): number =>
  rs?.spec?.replicas ?? 0;

/** ResolveFenceposts: surge rounds up, unavailable rounds down, both 0 means unavailable 1. */
export function resolveFenceposts(d: Deployment): { maxSurge: number; maxUnavailable: number } {
  const ru = d.spec?.strategy?.rollingUpdate;
  const desired = d.spec?.replicas ?? 1;
  const maxSurge = scaledValue(ru?.maxSurge ?? '25%', desired, true, 0);
  let maxUnavailable = scaledValue(ru?.maxUnavailable ?? '25%', desired, false, 0);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

export const isRollingUpdate = (d: Deployment): boolean =>
  (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';

/** MaxSurge: 0 unless RollingUpdate. */
export function maxSurge(d: Deployment): number {
  return isRollingUpdate(d) ? resolveFenceposts(d).maxSurge : 0;
}

/** MaxUnavailable: 0 unless RollingUpdate; never more than replicas. */
export function maxUnavailable(d: Deployment): number {
  if (!isRollingUpdate(d) || (d.spec?.replicas ?? 1) === 0) return 0;
  return Math.min(resolveFenceposts(d).maxUnavailable, d.spec?.replicas ?? 1);
}

/** Revision number of a ReplicaSet (0 when missing). */
export function revisionOf(obj: KubeObject | undefined): number {
  const n = Number(obj?.metadata?.annotations?.[REVISION] ?? 0);
  return Number.isFinite(n) ? n : 0;
}

/** MaxRevision over old ReplicaSets. */
export function maxRevision(rss: ReplicaSet[]): number {
  return rss.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
}

function withoutHash(template: PodTemplate | undefined): PodTemplate {
  const t = structuredClone(template ?? {});
  if (t.metadata?.labels) {
    const { [POD_TEMPLATE_HASH]: _drop, ...rest } = t.metadata.labels;
    t.metadata = { ...t.metadata, labels: rest };
  }
  return t;
}

/** EqualIgnoreHash: templates equal apart from the pod-template-hash label. */
export function equalIgnoreHash(a: PodTemplate | undefined, b: PodTemplate | undefined): boolean {
  return jsonEqual(withoutHash(a), withoutHash(b));
}

/** The hash of a Deployment's template with its collision count. */
export function templateHash(d: Deployment): string {
  return computeHash(d.spec?.template ?? {}, d.status?.collisionCount);
}

/** Oldest first, then by name (ReplicaSetsByCreationTimestamp). */
export function byCreation(a: KubeObject, b: KubeObject): number {
  const ta = parseTime(a.metadata?.creationTimestamp) ?? 0;
  const tb = parseTime(b.metadata?.creationTimestamp) ?? 0;
  if (ta !== tb) return ta - tb;
  return (a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1;
}

/** FindNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's. */
export function findNewReplicaSet(
  d: Deployment,
  rss: ReplicaSet[],
  equal: (rs: ReplicaSet, d: Deployment) => boolean = (rs, dep) =>
    equalIgnoreHash(rs.spec?.template, dep.spec?.template),
): ReplicaSet | undefined {
  return [...rss].sort(byCreation).find((rs) => equal(rs, d));
}

/**
 * A memo of template equality by (ReplicaSet uid, generation, Deployment uid, generation): the
 * templates of a given generation never change, and comparing them is the costly part of a sync.
 */
export function templateEqualityMemo(): (rs: ReplicaSet, d: Deployment) => boolean {
  const memo = new Map<string, boolean>();
  return (rs, d) => {
    const key = `${rs.metadata?.uid}/${rs.metadata?.generation}/${d.metadata?.uid}/${d.metadata?.generation}`;
    let v = memo.get(key);
    if (v === undefined) {
      v = equalIgnoreHash(rs.spec?.template, d.spec?.template);
      if (memo.size > 20_000) memo.clear();
      memo.set(key, v);
    }
    return v;
  };
}

/** NewRSNewReplicas: how big the new ReplicaSet may be now. */
export function newRSNewReplicas(d: Deployment, all: ReplicaSet[], newRS: ReplicaSet): number {
  const desired = d.spec?.replicas ?? 1;
  if (!isRollingUpdate(d)) return desired;
  const current = all.reduce((s, rs) => s + replicasOf(rs), 0);
  const maxTotal = desired + maxSurge(d);
  if (current >= maxTotal) return replicasOf(newRS);
  const scaleUp = Math.min(maxTotal - current, desired - replicasOf(newRS));
  return replicasOf(newRS) + scaleUp;
}

/** IsSaturated: the new ReplicaSet has all desired replicas available. */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const desired = d.spec?.replicas ?? 1;
  const annotated = Number(rs.metadata?.annotations?.[DESIRED_REPLICAS]);
  return (
    replicasOf(rs) === desired &&
    annotated === desired &&
    (rs.status?.availableReplicas ?? 0) === desired
  );
}

/** GetProportion: this ReplicaSet's share of `toAdd` extra replicas. */
export function getProportion(rs: ReplicaSet, d: Deployment, toAdd: number, added: number): number {
  if (replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

function replicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  const desired = d.spec?.replicas ?? 1;
  if (desired === 0) return -replicasOf(rs);
  const deploymentReplicas = desired + maxSurge(d);
  const annotatedRaw = rs.metadata?.annotations?.[MAX_REPLICAS];
  let annotated = annotatedRaw === undefined ? NaN : Number(annotatedRaw);
  if (!Number.isFinite(annotated)) annotated = d.status?.replicas ?? 0;
  if (annotated === 0) return 0;
  // integer.RoundToInt32: round half away from zero.
  const size = (replicasOf(rs) * deploymentReplicas) / annotated;
  return Math.sign(size) * Math.round(Math.abs(size)) - replicasOf(rs);
}

/** Copies the Deployment's annotations onto the ReplicaSet and sets revision / replica annotations. */
export function newReplicaSetAnnotations(
  d: Deployment,
  rs: ReplicaSet,
  newRevision: number,
  exists: boolean,
): Record<string, string> {
  const out: Record<string, string> = { ...(rs.metadata?.annotations ?? {}) };
  for (const [k, v] of Object.entries(d.metadata?.annotations ?? {}))
    if (!ANNOTATIONS_TO_SKIP.has(k)) out[k] = v;
  const old = out[REVISION];
  const oldNum = Number(old ?? 0);
  if (old === undefined || oldNum < newRevision) {
    out[REVISION] = String(newRevision);
    if (exists && old !== undefined) {
      out[REVISION_HISTORY] = out[REVISION_HISTORY] ? `${out[REVISION_HISTORY]},${old}` : old;
    }
  }
  if (!exists || out[DESIRED_REPLICAS] === undefined)
    out[DESIRED_REPLICAS] = String(d.spec?.replicas ?? 1);
  if (!exists || out[MAX_REPLICAS] === undefined)
    out[MAX_REPLICAS] = String((d.spec?.replicas ?? 1) + maxSurge(d));
  return out;
}

/** DeploymentComplete: every replica updated and available, and the generation observed. */
export function deploymentComplete(d: Deployment, s: DeploymentStatus): boolean {
  const desired = d.spec?.replicas ?? 1;
  return (
    (s.updatedReplicas ?? 0) === desired &&
    (s.replicas ?? 0) === desired &&
    (s.availableReplicas ?? 0) === desired &&
    (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 1)
  );
}

/** DeploymentProgressing: more updated/ready/available replicas, or fewer old ones, than before. */
export function deploymentProgressing(d: Deployment, s: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (
    (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** DeploymentTimedOut: the Progressing condition has not moved for progressDeadlineSeconds. */
export function deploymentTimedOut(d: Deployment, s: DeploymentStatus, now: number): boolean {
  const deadline = d.spec?.progressDeadlineSeconds;
  if (deadline === undefined || deadline === null) return false;
  const cond = s.conditions?.find((c) => c.type === 'Progressing');
  if (!cond || cond.reason === 'NewReplicaSetAvailable') return false;
  if (cond.reason === 'ProgressDeadlineExceeded') return true;
  const from = parseTime(cond.lastUpdateTime) ?? now;
  return from + deadline * 1000 < now;
}
