/**
 * The controller manager's shared informers (client-go's SharedInformerFactory): each kind is
 * listed and watched once, and kept with the indexes the controllers need, so a sync looks up
 * "pods controlled by uid X" or "orphan pods in namespace N" without scanning every pod.
 */
import type { KubeObject } from '../api/types.ts';
import { apiPath, type SimClient } from '../client.ts';
import type { Clock } from '../clock.ts';
import { Informer, storedObjectKey, type InformerHandlers } from '../informer.ts';
import { controllerRef } from './util.ts';

type Bucket<T> = Map<string, T>;

function addTo<T>(index: Map<string, Bucket<T>>, bucket: string, key: string, obj: T): void {
  let b = index.get(bucket);
  if (!b) {
    b = new Map();
    index.set(bucket, b);
  }
  b.set(key, obj);
}

function removeFrom<T>(index: Map<string, Bucket<T>>, bucket: string, key: string): void {
  const b = index.get(bucket);
  if (!b) return;
  b.delete(key);
  if (b.size === 0) index.delete(bucket);
}

/** One kind, watched cluster-wide, with namespace, controller-owner and orphan indexes. */
export class SharedInformer<T extends KubeObject = KubeObject> {
  readonly informer: Informer<T>;
  private readonly byNamespace = new Map<string, Bucket<T>>();
  private readonly byOwner = new Map<string, Bucket<T>>();
  private readonly orphans = new Map<string, Bucket<T>>();

  constructor(client: SimClient, path: string, clock: Clock) {
    this.informer = new Informer<T>(client, path, {}, clock);
    this.informer.on({
      add: (obj) => this.index(obj),
      update: (old, obj) => {
        if (!this.sameBuckets(old, obj)) this.unindex(old);
        this.index(obj);
      },
      delete: (obj) => this.unindex(obj),
    });
  }

  /** Registers handlers (called after the indexes are updated). */
  on(handlers: InformerHandlers<T>): this {
    this.informer.on(handlers);
    return this;
  }

  get(key: string): T | undefined {
    return this.informer.get(key);
  }

  list(): T[] {
    return this.informer.list();
  }

  /** Objects in a namespace. */
  inNamespace(namespace: string): Iterable<T> {
    return this.byNamespace.get(namespace)?.values() ?? [];
  }

  /** Objects whose controller reference points at `uid`. */
  ownedBy(uid: string): T[] {
    const b = this.byOwner.get(uid);
    return b ? [...b.values()] : [];
  }

  /** Objects controlled by `uid`, without copying (do not write to the informer meanwhile). */
  ownedIter(uid: string): Iterable<T> {
    return this.byOwner.get(uid)?.values() ?? [];
  }

  /** How many objects `uid` controls. */
  ownedCount(uid: string): number {
    return this.byOwner.get(uid)?.size ?? 0;
  }

  /** Objects in a namespace without a controller reference (candidates for adoption). */
  orphansIn(namespace: string): T[] {
    const b = this.orphans.get(namespace);
    return b ? [...b.values()] : [];
  }

  private index(obj: T): void {
    const key = storedObjectKey(obj);
    const ns = obj.metadata?.namespace ?? '';
    addTo(this.byNamespace, ns, key, obj);
    const ref = controllerRef(obj);
    if (ref) addTo(this.byOwner, ref.uid, key, obj);
    else addTo(this.orphans, ns, key, obj);
  }

  /**
   * Whether an update leaves the object in the same buckets (same namespace and controller; most
   * updates are status writes): then indexing the new object replaces the old one in place.
   */
  private sameBuckets(old: T, obj: T): boolean {
    return (
      (old.metadata?.namespace ?? '') === (obj.metadata?.namespace ?? '') &&
      controllerRef(old)?.uid === controllerRef(obj)?.uid
    );
  }

  private unindex(obj: T): void {
    const key = storedObjectKey(obj);
    const ns = obj.metadata?.namespace ?? '';
    removeFrom(this.byNamespace, ns, key);
    const ref = controllerRef(obj);
    if (ref) removeFrom(this.byOwner, ref.uid, key);
    else removeFrom(this.orphans, ns, key);
  }
}

/** Shared informers by collection path, created on first use and started together. */
export class InformerFactory {
  private readonly informers = new Map<string, SharedInformer>();
  private started = false;

  constructor(
    private readonly client: SimClient,
    private readonly clock: Clock,
  ) {}

  /** The shared informer of a kind, e.g. `for('apps/v1', 'replicasets')`. */
  for<T extends KubeObject>(apiVersion: string, resource: string): SharedInformer<T> {
    const path = apiPath(apiVersion, resource);
    let inf = this.informers.get(path);
    if (!inf) {
      inf = new SharedInformer(this.client, path, this.clock);
      this.informers.set(path, inf);
      if (this.started) inf.informer.start();
    }
    return inf as unknown as SharedInformer<T>;
  }

  /** Lists and watches every kind asked for so far (and any asked for later). */
  start(): void {
    this.started = true;
    for (const inf of this.informers.values()) inf.informer.start();
  }

  stop(): void {
    this.started = false;
    for (const inf of this.informers.values()) inf.informer.stop();
  }
}
