/**
 * Deletion as the generic registry does it (apiserver registry/store.go Delete, rest/delete.go
 * BeforeDelete): preconditions, graceful deletion (pods: deletionTimestamp + grace period, removed
 * when the kubelet confirms with grace 0), finalizers (the object stays, with deletionTimestamp,
 * until they are gone) and the garbage collector's `orphan` / `foregroundDeletion` finalizers.
 */
import type { KubeObject, ObjectMeta } from '../api/types.ts';
import type { ResourceInfo } from './resources.ts';
import type { Registry, WriteOptions, WriteResult } from './registry.ts';
import { objectKeyFor } from './registry.ts';
import { badRequest, conflict, notFound } from './status.ts';
import { deepEqual, isObject, timestamp } from './object-util.ts';

export type PropagationPolicy = 'Foreground' | 'Background' | 'Orphan';

export interface DeleteOptions {
  propagationPolicy?: PropagationPolicy;
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  orphanDependents?: boolean;
}

export const FINALIZER_ORPHAN = 'orphan';
export const FINALIZER_FOREGROUND = 'foregroundDeletion';

/** Reads DeleteOptions from a body and the query (the query wins, as in the REST handler). */
export function parseDeleteOptions(
  body: unknown,
  query: Record<string, string>,
): DeleteOptions | string {
  const out: DeleteOptions = {};
  if (isObject(body)) {
    if (typeof body.propagationPolicy === 'string')
      out.propagationPolicy = body.propagationPolicy as PropagationPolicy;
    if (typeof body.gracePeriodSeconds === 'number')
      out.gracePeriodSeconds = body.gracePeriodSeconds;
    if (isObject(body.preconditions))
      out.preconditions = body.preconditions as DeleteOptions['preconditions'];
    if (typeof body.orphanDependents === 'boolean') out.orphanDependents = body.orphanDependents;
  }
  if (query.propagationPolicy) out.propagationPolicy = query.propagationPolicy as PropagationPolicy;
  if (query.gracePeriodSeconds !== undefined && query.gracePeriodSeconds !== '')
    out.gracePeriodSeconds = Number(query.gracePeriodSeconds);
  if (query.orphanDependents !== undefined)
    out.orphanDependents = query.orphanDependents === 'true';
  if (
    out.propagationPolicy &&
    !['Foreground', 'Background', 'Orphan'].includes(out.propagationPolicy)
  ) {
    return `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${out.propagationPolicy}": supported values: "Foreground", "Background", "Orphan", "nil"`;
  }
  if (
    out.gracePeriodSeconds !== undefined &&
    (!Number.isFinite(out.gracePeriodSeconds) || out.gracePeriodSeconds < 0)
  ) {
    if (out.gracePeriodSeconds !== undefined && out.gracePeriodSeconds < 0)
      out.gracePeriodSeconds = 1;
    else return 'invalid gracePeriodSeconds';
  }
  return out;
}

/** The grace period a delete gets: pods' CheckGracefulDelete (pkg/registry/core/pod/strategy.go); 0 for everything else. */
function gracePeriod(info: ResourceInfo, obj: KubeObject, requested: number | undefined): number {
  if (info.group !== '' || info.resource !== 'pods') return 0;
  const spec = (obj.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
  const phase = (obj.status as { phase?: string } | undefined)?.phase;
  // Unscheduled pods and pods that already finished go at once.
  if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
  return requested ?? spec.terminationGracePeriodSeconds ?? 30;
}

export interface DeleteResult {
  result: WriteResult;
  /** True when the object left etcd (HTTP 200); false when it is now terminating (202). */
  removed: boolean;
}

/** Deletes one object, honouring preconditions, grace periods, finalizers and the propagation policy. */
export function deleteObject(
  registry: Registry,
  info: ResourceInfo,
  namespace: string | undefined,
  name: string,
  options: DeleteOptions,
  opts: WriteOptions,
): DeleteResult {
  const current = registry.get(info, namespace, name);
  if (!current)
    return {
      result: { ok: false, status: notFound(info.group, info.resource, name) },
      removed: false,
    };
  const obj = current.value;
  const meta = obj.metadata ?? {};
  const pre = options.preconditions;
  // Preconditions.Check (apimachinery meta/v1): UID first, then ResourceVersion.
  const failed = (message: string) => ({
    result: {
      ok: false as const,
      status: conflict(info.group, info.resource, name, `Precondition failed: ${message}`),
    },
    removed: false,
  });
  if (pre?.uid && pre.uid !== meta.uid)
    return failed(`UID in precondition: ${pre.uid}, UID in object meta: ${meta.uid ?? ''}`);
  if (pre?.resourceVersion && pre.resourceVersion !== meta.resourceVersion)
    return failed(
      `ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${meta.resourceVersion ?? ''}`,
    );
  const policy: PropagationPolicy | undefined =
    options.propagationPolicy ?? (options.orphanDependents === true ? 'Orphan' : undefined);
  const finalizers = [...(meta.finalizers ?? [])];
  if (policy === 'Orphan' && !finalizers.includes(FINALIZER_ORPHAN))
    finalizers.push(FINALIZER_ORPHAN);
  if (policy === 'Foreground' && !finalizers.includes(FINALIZER_FOREGROUND))
    finalizers.push(FINALIZER_FOREGROUND);
  if (policy === 'Background' || policy === 'Foreground') {
    // An explicit policy replaces the other GC finalizer (store.go deletionFinalizersForGarbageCollection).
    const drop = policy === 'Foreground' ? FINALIZER_ORPHAN : FINALIZER_FOREGROUND;
    const i = finalizers.indexOf(drop);
    if (i >= 0 && meta.deletionTimestamp === undefined) finalizers.splice(i, 1);
  }
  if (policy === 'Orphan') {
    const i = finalizers.indexOf(FINALIZER_FOREGROUND);
    if (i >= 0 && meta.deletionTimestamp === undefined) finalizers.splice(i, 1);
  }
  const now = registry.options.clock.now();
  let grace = gracePeriod(info, obj, options.gracePeriodSeconds);
  if (meta.deletionTimestamp !== undefined) {
    // Already terminating: a shorter grace period may bring the deadline forward (BeforeDelete).
    const remaining = meta.deletionGracePeriodSeconds ?? 0;
    if (grace >= remaining && !(grace === 0 && remaining === 0)) grace = remaining;
  }
  // Namespaces wait for their spec finalizers (the namespace controller empties them first).
  const isNamespace = info.group === '' && info.resource === 'namespaces';
  const specFinalizers = isNamespace
    ? ((obj.spec as { finalizers?: string[] } | undefined)?.finalizers ?? [])
    : [];
  if (grace === 0 && finalizers.length === 0 && specFinalizers.length === 0) {
    if (opts.dryRun) return { result: { ok: true, object: obj }, removed: true };
    return {
      result: registry.remove(info, current.key, opts.user, current.modRevision),
      removed: true,
    };
  }
  const newMeta: ObjectMeta = {
    ...meta,
    finalizers: finalizers.length > 0 ? finalizers : undefined,
  };
  if (newMeta.finalizers === undefined) delete newMeta.finalizers;
  if (meta.deletionTimestamp === undefined || grace < (meta.deletionGracePeriodSeconds ?? 0)) {
    newMeta.deletionTimestamp = timestamp(now + grace * 1000);
    newMeta.deletionGracePeriodSeconds = grace;
  }
  if (deepEqual(newMeta, meta)) return { result: { ok: true, object: obj }, removed: false };
  const updated: KubeObject = { ...obj, metadata: newMeta };
  if (isNamespace)
    updated.status = { ...(obj.status as Record<string, unknown>), phase: 'Terminating' };
  if (opts.dryRun) return { result: { ok: true, object: updated }, removed: false };
  const key = objectKeyFor(info, namespace, name);
  return {
    result: registry.store(info, key, updated, current.modRevision, obj, opts),
    removed: false,
  };
}

/** Validates the options once for a request; a BadRequest Status text when invalid. */
export function deleteOptionsError(
  parsed: DeleteOptions | string,
): ReturnType<typeof badRequest> | undefined {
  return typeof parsed === 'string' ? badRequest(parsed) : undefined;
}
