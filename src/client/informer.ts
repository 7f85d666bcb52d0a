/**
 * List+watch informer, as client-go's reflector does it (tools/cache/reflector.go): list the
 * collection, then watch from the list's resourceVersion; when the watch ends, watch again from
 * the last resourceVersion seen; when the server answers 410 Gone/Expired (the revision was
 * compacted), list again and resync the cache, reporting deletions of objects that vanished.
 */
import type { KubeObject, Status, WatchEvent } from '../sim/api/types';
import type { KubeClient, WatchSubscription } from './client';

/** A change to the informer's cache. */
export type InformerChange =
  | { type: 'upsert'; key: string; object: KubeObject }
  | { type: 'delete'; key: string; object: KubeObject };

export interface InformerOptions {
  client: KubeClient;
  /** Collection path, e.g. `/api/v1/pods`. */
  path: string;
  /** The kind of the items (list items carry no `kind`; it is filled in). */
  kind: string;
  apiVersion: string;
  /** Extra query (labelSelector, fieldSelector). */
  query?: Record<string, string>;
  onChange(change: InformerChange): void;
  /** Called after each successful list (first sync and every resync). */
  onSynced?(): void;
  /** Called when a list or watch fails; the informer retries by itself. */
  onError?(message: string): void;
  /** Wall-clock delay for retries; injected for tests. */
  retry?(fn: () => void, ms: number): void;
}

export interface Informer {
  start(): void;
  stop(): void;
  /** The cache: objects by key (`namespace/name` or `name`). */
  readonly cache: ReadonlyMap<string, KubeObject>;
  /** The last resourceVersion seen (from the list, an event or a bookmark). */
  readonly resourceVersion: string;
  readonly synced: boolean;
}

/** `namespace/name`, or `name` for cluster-scoped objects (client-go's MetaNamespaceKeyFunc). */
export function objectKey(object: KubeObject): string {
  const meta = object.metadata ?? {};
  return meta.namespace ? `${meta.namespace}/${meta.name ?? ''}` : (meta.name ?? '');
}

const RETRY_MS = 1_000;

function isGone(status: Partial<Status> | undefined): boolean {
  return status?.code === 410 || status?.reason === 'Expired' || status?.reason === 'Gone';
}

/** Creates an informer; call start() to list and watch. */
export function createInformer(options: InformerOptions): Informer {
  const { client, path, kind, apiVersion } = options;
  const retry = options.retry ?? ((fn, ms) => void setTimeout(fn, ms));
  const cache = new Map<string, KubeObject>();
  let resourceVersion = '';
  let synced = false;
  let running = false;
  // Bumped on every (re)list so callbacks of an abandoned list or watch are ignored.
  let generation = 0;
  let watch: WatchSubscription | undefined;

  const withKind = (object: KubeObject): KubeObject =>
    object.kind ? object : { apiVersion, kind, ...object };

  const fail = (message: string, then: () => void): void => {
    options.onError?.(message);
    const at = generation;
    retry(() => {
      if (running && at === generation) then();
    }, RETRY_MS);
  };

  const stopWatch = (): void => {
    watch?.stop();
    watch = undefined;
  };

  const upsert = (object: KubeObject): void => {
    const key = objectKey(object);
    const previous = cache.get(key);
    if (previous && previous.metadata?.resourceVersion === object.metadata?.resourceVersion) {
      return;
    }
    cache.set(key, object);
    options.onChange({ type: 'upsert', key, object });
  };

  const remove = (key: string): void => {
    const previous = cache.get(key);
    if (!previous) return;
    cache.delete(key);
    options.onChange({ type: 'delete', key, object: previous });
  };

  const onEvent = (at: number, event: WatchEvent): void => {
    if (!running || at !== generation) return;
    const rv = event.object.metadata?.resourceVersion;
    switch (event.type) {
      case 'ADDED':
      case 'MODIFIED':
        upsert(withKind(event.object));
        break;
      case 'DELETED':
        remove(objectKey(event.object));
        break;
      case 'BOOKMARK':
        break;
      case 'ERROR': {
        const status = event.object as Partial<Status>;
        stopWatch();
        if (isGone(status)) list();
        else fail(status.message ?? `watch ${path} failed`, list);
        return;
      }
    }
    if (rv) resourceVersion = rv;
  };

  const startWatch = (): void => {
    const at = generation;
    const query: Record<string, string> = {
      ...options.query,
      resourceVersion,
      allowWatchBookmarks: 'true',
    };
    watch = client.watch(
      { method: 'GET', path, query },
      (event) => onEvent(at, event),
      () => {
        // The server ended the watch (timeout): resume from where we were.
        if (!running || at !== generation) return;
        watch = undefined;
        startWatch();
      },
    );
    watch.ready.then((response) => {
      if (!running || at !== generation || response.status === 200) return;
      watch = undefined;
      const status = response.body as Partial<Status>;
      if (isGone(status) || response.status === 410) list();
      else fail(status?.message ?? `watch ${path}: status ${response.status}`, list);
    });
  };

  const list = (): void => {
    stopWatch();
    const at = ++generation;
    client.request({ method: 'GET', path, query: options.query }).then((response) => {
      if (!running || at !== generation) return;
      if (response.status !== 200) {
        const status = response.body as Partial<Status>;
        fail(status?.message ?? `list ${path}: status ${response.status}`, list);
        return;
      }
      const body = response.body as {
        items?: KubeObject[];
        metadata?: { resourceVersion?: string };
      };
      const seen = new Set<string>();
      for (const item of body.items ?? []) {
        const object = withKind(item);
        seen.add(objectKey(object));
        upsert(object);
      }
      // Resync: whatever the new list no longer holds was deleted while we were not watching.
      for (const key of [...cache.keys()]) if (!seen.has(key)) remove(key);
      resourceVersion = body.metadata?.resourceVersion ?? '';
      synced = true;
      options.onSynced?.();
      startWatch();
    });
  };

  return {
    start() {
      if (running) return;
      running = true;
      list();
    },
    stop() {
      running = false;
      generation++;
      stopWatch();
    },
    get cache() {
      return cache;
    },
    get resourceVersion() {
      return resourceVersion;
    },
    get synced() {
      return synced;
    },
  };
}
