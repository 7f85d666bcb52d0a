/**
 * The garbage collector (pkg/controller/garbagecollector): a graph of ownerReferences kept from
 * every change. When an owner disappears its dependents are deleted (Background); an owner being
 * deleted with the `foregroundDeletion` finalizer has its dependents deleted first (in foreground
 * too) and loses the finalizer once no dependent with blockOwnerDeletion remains; an owner with
 * the `orphan` finalizer has its ownerReferences removed from every dependent, then the finalizer.
 * Dependents whose owner never existed (dangling references) are deleted. Work runs on the clock
 * under the identity `generic-garbage-collector`, never inside the write that triggered it.
 */
import type { Clock, TimerId } from '../clock.ts';
import type { KubeObject, OwnerReference } from '../api/types.ts';
import type { ChangeRecord } from './registry.ts';
import type { KubeApiServer } from './apiserver.ts';
import type { ResourceInfo } from './resources.ts';
import { FINALIZER_FOREGROUND, FINALIZER_ORPHAN } from './deletion.ts';

const GC_USER = 'generic-garbage-collector';

type WorkItem =
  | { type: 'owner-gone'; uid: string }
  | { type: 'orphan'; key: string }
  | { type: 'foreground'; key: string }
  | { type: 'dangling'; key: string };

export class GarbageCollector {
  /** owner uid -> keys of dependents. */
  private readonly dependents = new Map<string, Set<string>>();
  /** uid -> key of every live object. */
  private readonly uids = new Map<string, string>();
  /** key -> owner uids it references (to update the graph when references change). */
  private readonly ownersOf = new Map<string, string[]>();
  private queue: WorkItem[] = [];
  private timer: TimerId | undefined;

  constructor(
    private readonly server: KubeApiServer,
    private readonly clock: Clock,
  ) {}

  /** Updates the graph from one change (called inside the write; only queues work). */
  observe(change: ChangeRecord): void {
    // The graph builder ignores Events (garbagecollector DefaultIgnoredResources: core and
    // events.k8s.io `events`): they expire by TTL, never by their owners.
    if (change.resource.resource === 'events') return;
    const meta = change.object.metadata ?? {};
    const uid = meta.uid ?? '';
    const key = change.key;
    const refs = meta.ownerReferences;
    // Fast paths first: they touch neither the uid nor the key map (both hold every object, so
    // lookups there are cache misses at 150,000 pods). The graph always reflects the last
    // observed state of a key, which for a MODIFIED is `oldObject`, and no key of a new object
    // is in `ownersOf` (DELETED removes it).
    if (change.type === 'MODIFIED') {
      const oldMeta = change.oldObject?.metadata;
      if (
        meta.deletionTimestamp === undefined &&
        oldMeta !== undefined &&
        oldMeta.uid === uid &&
        sameOwners(refs, oldMeta.ownerReferences) &&
        this.ownersLive(refs)
      ) {
        // Most writes (status updates) keep the same owners: nothing changes, nothing to queue.
        return;
      }
    } else if (
      change.type === 'ADDED' &&
      (refs === undefined || refs.length === 0) &&
      meta.deletionTimestamp === undefined
    ) {
      // A new object without owners (most Events): only its uid joins the graph.
      this.uids.set(uid, key);
      return;
    }
    const oldOwners = change.type === 'ADDED' ? [] : (this.ownersOf.get(key) ?? []);
    if (change.type === 'DELETED') {
      this.uids.delete(uid);
      for (const owner of oldOwners) this.dependents.get(owner)?.delete(key);
      this.ownersOf.delete(key);
      if (this.dependents.get(uid)?.size) this.push({ type: 'owner-gone', uid });
      // A dependent leaving may unblock owners waiting in foreground deletion.
      for (const owner of oldOwners) {
        const ownerKey = this.uids.get(owner);
        if (ownerKey) this.push({ type: 'foreground', key: ownerKey });
      }
      return;
    }
    this.uids.set(uid, key);
    const owners = (refs ?? []).map((r) => r.uid);
    for (const owner of oldOwners)
      if (!owners.includes(owner)) this.dependents.get(owner)?.delete(key);
    for (const owner of owners) {
      let set = this.dependents.get(owner);
      if (!set) this.dependents.set(owner, (set = new Set()));
      set.add(key);
    }
    if (owners.length > 0) this.ownersOf.set(key, owners);
    else this.ownersOf.delete(key);
    if (owners.some((o) => !this.uids.has(o))) this.push({ type: 'dangling', key });
    if (meta.deletionTimestamp !== undefined) {
      const finalizers = meta.finalizers ?? [];
      if (finalizers.includes(FINALIZER_ORPHAN)) this.push({ type: 'orphan', key });
      if (finalizers.includes(FINALIZER_FOREGROUND)) this.push({ type: 'foreground', key });
    }
  }

  /** Whether every referenced owner is a live object (no dangling reference to queue). */
  private ownersLive(refs: OwnerReference[] | undefined): boolean {
    if (refs) for (const r of refs) if (!this.uids.has(r.uid)) return false;
    return true;
  }

  private push(item: WorkItem): void {
    this.queue.push(item);
    if (this.timer === undefined)
      this.timer = this.clock.setTimer(0, () => this.run(), 'garbage-collector');
  }

  private run(): void {
    this.timer = undefined;
    const items = this.queue;
    this.queue = [];
    for (const item of items) {
      switch (item.type) {
        case 'owner-gone':
          this.deleteDependentsOf(item.uid);
          break;
        case 'dangling':
          this.checkDangling(item.key);
          break;
        case 'orphan':
          this.orphan(item.key);
          break;
        case 'foreground':
          this.foreground(item.key);
          break;
      }
    }
  }

  private deleteDependentsOf(ownerUid: string): void {
    for (const key of [...(this.dependents.get(ownerUid) ?? [])])
      this.collectIfOrphaned(key, 'Background');
  }

  /** Deletes a dependent whose owners are all gone; removes only the dead references when some owner lives. */
  private collectIfOrphaned(key: string, policy: 'Background' | 'Foreground'): void {
    const kv = this.server.etcd.get(key);
    if (!kv) return;
    const refs = kv.value.metadata?.ownerReferences ?? [];
    const alive = refs.filter((r) => this.ownerAlive(r));
    const info = this.server.infoForKey(key);
    if (!info) return;
    if (alive.length === 0) {
      if (kv.value.metadata?.deletionTimestamp === undefined)
        this.server.internalDelete(
          info,
          kv.value.metadata?.namespace,
          kv.value.metadata?.name ?? '',
          policy,
          GC_USER,
        );
      return;
    }
    if (alive.length < refs.length) {
      this.server.internalUpdate(info, key, (obj) => withOwnerRefs(obj, alive), GC_USER);
    }
  }

  private ownerAlive(ref: OwnerReference): boolean {
    const key = this.uids.get(ref.uid);
    if (!key) return false;
    const owner = this.server.etcd.get(key);
    return owner !== undefined && owner.value.metadata?.name === ref.name;
  }

  private checkDangling(key: string): void {
    const kv = this.server.etcd.get(key);
    if (!kv) return;
    const refs = kv.value.metadata?.ownerReferences ?? [];
    if (refs.length > 0 && refs.some((r) => !this.ownerAlive(r)))
      this.collectIfOrphaned(key, 'Background');
  }

  private orphan(key: string): void {
    const kv = this.server.etcd.get(key);
    if (!kv) return;
    const uid = kv.value.metadata?.uid ?? '';
    for (const dep of [...(this.dependents.get(uid) ?? [])]) {
      const info = this.server.infoForKey(dep);
      if (!info) continue;
      this.dropOwnerRef(info, dep, uid);
    }
    this.removeFinalizer(key, FINALIZER_ORPHAN);
  }

  /** Removes the owner reference to `uid` from a dependent (the GC's patch of ownerReferences). */
  private dropOwnerRef(info: ResourceInfo, dep: string, uid: string): void {
    this.server.internalUpdate(
      info,
      dep,
      (obj) =>
        withOwnerRefs(
          obj,
          (obj.metadata?.ownerReferences ?? []).filter((r) => r.uid !== uid),
        ),
      GC_USER,
    );
  }

  private foreground(key: string): void {
    const kv = this.server.etcd.get(key);
    if (!kv) return;
    const meta = kv.value.metadata ?? {};
    if (
      meta.deletionTimestamp === undefined ||
      !(meta.finalizers ?? []).includes(FINALIZER_FOREGROUND)
    )
      return;
    const uid = meta.uid ?? '';
    let blocking = 0;
    for (const dep of [...(this.dependents.get(uid) ?? [])]) {
      const depKv = this.server.etcd.get(dep);
      if (!depKv) continue;
      const ref = (depKv.value.metadata?.ownerReferences ?? []).find((r) => r.uid === uid);
      if (!ref) continue;
      if (ref.blockOwnerDeletion) blocking++;
      // Dependents of an owner deleted in foreground are deleted in foreground too (attemptToDeleteItem).
      const others = (depKv.value.metadata?.ownerReferences ?? []).filter(
        (r) => r.uid !== uid && this.ownerAlive(r),
      );
      const info = this.server.infoForKey(dep);
      if (!info) continue;
      if (others.length > 0) {
        this.dropOwnerRef(info, dep, uid);
        if (ref.blockOwnerDeletion) blocking--;
      } else if (depKv.value.metadata?.deletionTimestamp === undefined) {
        this.server.internalDelete(
          info,
          depKv.value.metadata?.namespace,
          depKv.value.metadata?.name ?? '',
          'Foreground',
          GC_USER,
        );
      }
    }
    if (blocking === 0) this.removeFinalizer(key, FINALIZER_FOREGROUND);
  }

  private removeFinalizer(key: string, finalizer: string): void {
    const info = this.server.infoForKey(key);
    if (!info) return;
    this.server.internalUpdate(
      info,
      key,
      (obj) => {
        const finalizers = (obj.metadata?.finalizers ?? []).filter((f) => f !== finalizer);
        if (finalizers.length === (obj.metadata?.finalizers ?? []).length) return undefined;
        const meta = { ...obj.metadata, finalizers };
        if (finalizers.length === 0) meta.finalizers = [];
        return { ...obj, metadata: meta };
      },
      GC_USER,
    );
  }
}

function withOwnerRefs(obj: KubeObject, refs: OwnerReference[]): KubeObject {
  const meta = { ...obj.metadata };
  if (refs.length > 0) meta.ownerReferences = refs;
  else delete meta.ownerReferences;
  return { ...obj, metadata: meta };
}

/** Whether two ownerReferences lists name the same owner uids, in order. */
function sameOwners(a: OwnerReference[] | undefined, b: OwnerReference[] | undefined): boolean {
  if (a === b) return true;
  const n = a?.length ?? 0;
  if (n !== (b?.length ?? 0)) return false;
  for (let i = 0; i < n; i++)
    if ((a as OwnerReference[])[i].uid !== (b as OwnerReference[])[i].uid) return false;
  return true;
}
