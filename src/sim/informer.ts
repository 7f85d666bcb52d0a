/**
 * A list+watch cache, the way client-go's informers work: list once, then watch from the list's
 * resourceVersion; on a 410 Expired watch error (the history was compacted), list again and
 * reconcile the cache, emitting the differences as events.
 */
import type { KubeObject, WatchEvent, WatchStream } from './api/types.ts';
import { objectKey, type SimClient } from './client.ts';
import type { Clock } from './clock.ts';

/**
 * The key of the object last seen. A change reaches every informer of its resource one after the
 * other with the same (never mutated) stored object: the key string is built, and hashed by the
 * caches, once instead of once per informer and handler.
 */
let lastObject: object | undefined;
let lastKey = '';

/**
 * `namespace/name` (or `name`) of a stored object as an informer delivers it, never mutated: the
 * same string the informer's cache used when it is the object the informer saw last.
 */
export function storedObjectKey(obj: { metadata?: { namespace?: string; name?: string } }): string {
  if (obj !== lastObject) {
    lastKey = objectKey(obj as KubeObject);
    lastObject = obj;
  }
  return lastKey;
}

/** How long a reflector waits before listing again after an error (client-go starts at 800 ms). */
const RELIST_BACKOFF_MS = 1_000;

export interface InformerHandlers<T extends KubeObject> {
  add?(obj: T): void;
  update?(oldObj: T, newObj: T): void;
  delete?(obj: T): void;
}

export class Informer<T extends KubeObject = KubeObject> {
  private readonly cache = new Map<string, T>();
  private readonly handlers: InformerHandlers<T>[] = [];
  private stream: WatchStream | undefined;
  private stopped = false;
  private synced = false;
  /** Number of times the informer had to list again (after a 410 or a closed watch). */
  relists = 0;

  constructor(
    private readonly client: SimClient,
    /** Collection path, e.g. `/api/v1/pods` or `/api/v1/namespaces/default/pods`. */
    private readonly path: string,
    private readonly query: Record<string, string> = {},
    /** Used to retry after errors (apiserver down); without it the informer retries on the next start(). */
    private readonly clock?: Clock,
  ) {}

  on(handlers: InformerHandlers<T>): this {
    this.handlers.push(handlers);
    return this;
  }

  /** Lists synchronously (handlers see ADDED for every existing object), then watches. */
  start(): this {
    this.stopped = false;
    this.listAndWatch();
    return this;
  }

  stop(): void {
    this.stopped = true;
    this.stream?.stop();
    this.stream = undefined;
  }

  hasSynced(): boolean {
    return this.synced;
  }

  get(key: string): T | undefined {
    return this.cache.get(key);
  }

  list(): T[] {
    return [...this.cache.values()];
  }

  size(): number {
    return this.cache.size;
  }

  private listAndWatch(): void {
    if (this.stopped) return;
    const listed = this.client.list<T>(this.path, this.query);
    if (!listed.ok) {
      // The apiserver may be down: retry later, as a reflector backs off.
      this.retryLater();
      return;
    }
    const seen = new Set<string>();
    for (const obj of listed.value.items) {
      const key = objectKey(obj);
      seen.add(key);
      const old = this.cache.get(key);
      this.cache.set(key, obj);
      if (!old) this.emit('add', obj);
      else if (old.metadata?.resourceVersion !== obj.metadata?.resourceVersion)
        this.emit('update', obj, old);
    }
    for (const [key, old] of [...this.cache]) {
      if (!seen.has(key)) {
        this.cache.delete(key);
        this.emit('delete', old);
      }
    }
    this.synced = true;
    const rv = listed.value.metadata.resourceVersion ?? '';
    const watched = this.client.watch(this.path, {
      ...this.query,
      resourceVersion: rv,
      allowWatchBookmarks: 'true',
    });
    if (!watched.ok) {
      this.retryLater();
      return;
    }
    const stream = watched.value;
    this.stream = stream;
    stream.onEvent((event) => this.onWatchEvent(stream, event));
    stream.onClose(() => {
      if (this.stream === stream && !this.stopped) {
        this.stream = undefined;
        this.relists++;
        this.listAndWatch();
      }
    });
  }

  private retryLater(): void {
    this.relists++;
    this.clock?.setTimer(RELIST_BACKOFF_MS, () => this.listAndWatch(), 'informer relist');
  }

  private onWatchEvent(stream: WatchStream, event: WatchEvent): void {
    if (this.stream !== stream) return;
    if (event.type === 'ERROR') {
      // 410 Expired / Gone: our resourceVersion is too old; list again.
      stream.stop();
      this.stream = undefined;
      this.relists++;
      this.listAndWatch();
      return;
    }
    if (event.type === 'BOOKMARK') return;
    const obj = event.object as T;
    const key = storedObjectKey(obj);
    const old = this.cache.get(key);
    if (event.type === 'DELETED') {
      this.cache.delete(key);
      this.emit('delete', old ?? obj);
      return;
    }
    this.cache.set(key, obj);
    if (old) this.emit('update', obj, old);
    else this.emit('add', obj);
  }

  private emit(type: 'add' | 'update' | 'delete', obj: T, old?: T): void {
    for (const h of this.handlers) {
      if (type === 'add') h.add?.(obj);
      else if (type === 'update') h.update?.(old as T, obj);
      else h.delete?.(obj);
    }
  }
}
