/**
 * ControllerRevisions, the template history of StatefulSets and DaemonSets
 * (pkg/controller/history/controller_history.go): each revision holds the pod template as a
 * strategic patch `{"spec":{"template":{..., "$patch":"replace"}}}`, is named
 * `<owner>-<hash of the data>` and numbered; an equal template reuses (and renumbers) its revision.
 */
import type { KubeObject } from '../api/types.ts';
import { apiPath, type SimClient } from '../client.ts';
import { computeHash } from './hash.ts';
import type { SharedInformer } from './informers.ts';
import type { PodTemplate } from './pod-control.ts';
import { byCreation } from './deployment-util.ts';
import { jsonEqual, newControllerRef, selectorMatches, type LabelSelectorSpec } from './util.ts';

/** `controller.kubernetes.io/hash`, the revision label. */
export const REVISION_HASH_LABEL = 'controller.kubernetes.io/hash';
/** The pod label naming its revision (StatefulSet: revision name; DaemonSet: the hash). */
export const CONTROLLER_REVISION_HASH = 'controller-revision-hash';

export interface ControllerRevision extends KubeObject {
  data?: unknown;
  revision?: number;
}

/** The patch a revision stores for a template. */
export function revisionData(template: PodTemplate | undefined): unknown {
  return { spec: { template: { ...(template ?? {}), $patch: 'replace' } } };
}

/** The template stored in a revision. */
export function templateOfRevision(rev: ControllerRevision): PodTemplate {
  const t = (rev.data as { spec?: { template?: PodTemplate & { $patch?: string } } } | undefined)
    ?.spec?.template;
  if (!t) return {};
  const { $patch: _p, ...rest } = t;
  return rest;
}

export interface OwnerInfo {
  obj: KubeObject & {
    spec?: { template?: PodTemplate; selector?: LabelSelectorSpec; revisionHistoryLimit?: number };
    status?: { collisionCount?: number };
  };
  apiVersion: string;
  kind: string;
}

/**
 * Finds or creates the revision of the owner's current template; returns it and every revision
 * of the owner sorted by revision number.
 */
export function syncRevision(
  client: SimClient,
  revisions: SharedInformer<ControllerRevision>,
  owner: OwnerInfo,
): { update: ControllerRevision | undefined; all: ControllerRevision[] } {
  const uid = owner.obj.metadata?.uid ?? '';
  const all = revisions
    .ownedBy(uid)
    .sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0) || byCreation(a, b));
  const data = revisionData(owner.obj.spec?.template);
  const max = all.reduce((m, r) => Math.max(m, r.revision ?? 0), 0);
  const equal = all.filter((r) => jsonEqual(r.data, data));
  if (equal.length > 0) {
    let rev = equal[equal.length - 1];
    if ((rev.revision ?? 0) !== max) {
      const res = client.patch<ControllerRevision>(
        apiPath('apps/v1', 'controllerrevisions', rev.metadata?.namespace, rev.metadata?.name),
        { revision: max + 1 },
      );
      if (res.ok) rev = res.value;
    }
    return { update: rev, all: all.map((r) => (r.metadata?.uid === rev.metadata?.uid ? rev : r)) };
  }
  const hash = computeHash(data, owner.obj.status?.collisionCount);
  const ns = owner.obj.metadata?.namespace;
  const rev: ControllerRevision = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: `${owner.obj.metadata?.name}-${hash}`,
      namespace: ns,
      labels: {
        ...(owner.obj.spec?.template?.metadata?.labels ?? {}),
        [REVISION_HASH_LABEL]: hash,
      },
      ownerReferences: [newControllerRef(owner.obj, owner.apiVersion, owner.kind)],
    },
    data,
    revision: max + 1,
  };
  const res = client.create<ControllerRevision>(apiPath('apps/v1', 'controllerrevisions', ns), rev);
  if (!res.ok) return { update: undefined, all };
  return { update: res.value, all: [...all, res.value] };
}

/** Deletes the oldest revisions not in use beyond revisionHistoryLimit (truncateHistory). */
export function truncateHistory(
  client: SimClient,
  all: ControllerRevision[],
  live: Set<string>,
  limit: number,
): void {
  const idle = all.filter((r) => !live.has(r.metadata?.name ?? ''));
  const excess = idle.length - limit;
  for (let i = 0; i < excess; i++) {
    const r = idle[i];
    client.delete(
      apiPath('apps/v1', 'controllerrevisions', r.metadata?.namespace, r.metadata?.name),
    );
  }
}

/** Adopts orphan revisions whose labels match (ClaimControllerRevisions), best effort. */
export function matchesOwner(
  rev: ControllerRevision,
  selector: LabelSelectorSpec | undefined,
): boolean {
  return selectorMatches(selector, rev.metadata?.labels);
}
