/**
 * The UI's copy of the cluster: objects by kind and key, fed by informers. Changes are queued and
 * squashed per key, then applied once per animation frame, so a burst of watch events causes one
 * render. Vanilla zustand: no React here (see react.ts for the hooks).
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { KubeObject } from '../../sim/api/types';
import type { InformerChange } from '../../client/informer';

export type ObjectsByKey = Readonly<Record<string, KubeObject>>;

export interface ClusterState {
  /** Objects by kind (`Pod`), then key (`namespace/name`). */
  objects: Readonly<Record<string, ObjectsByKey>>;
  /** Kinds whose first list has arrived. */
  synced: Readonly<Record<string, boolean>>;
}

export interface ClusterStore {
  store: StoreApi<ClusterState>;
  /** Queues a change; it reaches the store at the next frame. */
  enqueue(kind: string, change: InformerChange): void;
  markSynced(kind: string): void;
  /** Applies queued changes now. */
  flush(): void;
}

const EMPTY: ObjectsByKey = Object.freeze({});

/** Creates the store; `schedule` runs the flush (requestAnimationFrame in the browser). */
export function createClusterStore(
  schedule: (fn: () => void) => void = (fn) => requestAnimationFrame(fn),
): ClusterStore {
  const store = createStore<ClusterState>(() => ({ objects: {}, synced: {} }));
  // kind -> key -> latest object, or null for a deletion. Later changes replace earlier ones.
  let queue = new Map<string, Map<string, KubeObject | null>>();
  let pendingSynced: string[] = [];
  let scheduled = false;

  const flush = (): void => {
    scheduled = false;
    if (queue.size === 0 && pendingSynced.length === 0) return;
    const changes = queue;
    const syncedKinds = pendingSynced;
    queue = new Map();
    pendingSynced = [];
    store.setState((state) => {
      const objects = { ...state.objects };
      for (const [kind, byKey] of changes) {
        // Only changed kinds get a new record, so selectors on other kinds keep their identity.
        const next: Record<string, KubeObject> = { ...(objects[kind] ?? EMPTY) };
        for (const [key, object] of byKey) {
          if (object) next[key] = object;
          else delete next[key];
        }
        objects[kind] = next;
      }
      const synced = syncedKinds.length
        ? { ...state.synced, ...Object.fromEntries(syncedKinds.map((k) => [k, true])) }
        : state.synced;
      return { objects, synced };
    });
  };

  const request = (): void => {
    if (scheduled) return;
    scheduled = true;
    schedule(flush);
  };

  return {
    store,
    enqueue(kind, change) {
      let byKey = queue.get(kind);
      if (!byKey) queue.set(kind, (byKey = new Map()));
      byKey.set(change.key, change.type === 'upsert' ? change.object : null);
      request();
    },
    markSynced(kind) {
      pendingSynced.push(kind);
      request();
    },
    flush,
  };
}

/** The objects of one kind (a stable empty record when none). */
export function objectsOf(state: ClusterState, kind: string): ObjectsByKey {
  return state.objects[kind] ?? EMPTY;
}
