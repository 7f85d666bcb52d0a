/**
 * The UI's copy of the cluster: objects by kind and key, fed by informers. Changes are queued and
 * squashed per key, then applied once per animation frame, so a burst of watch events causes one
 * render (Events at most every 300 ms, in a task of their own: SLOW_KINDS). Vanilla zustand: no React here (see react.ts
 * for the hooks).
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
  /** Applies every queued change now (slow kinds included). */
  flush(): void;
}

const EMPTY: ObjectsByKey = Object.freeze({});
/** Stands in for an object while a copied record is switched to a hash table (copyRecord). */
const PLACEHOLDER: KubeObject = Object.freeze({});

/**
 * Kinds applied at most every so many milliseconds instead of every frame. Each applied change
 * copies the kind's record (so selectors see a new identity), and a busy cluster holds thousands
 * of Events: copying them every frame cost milliseconds per frame, for a timeline that redraws
 * every 300 ms anyway.
 */
export const SLOW_KINDS: Readonly<Record<string, number>> = { Event: 300 };

/**
 * Creates the store; `schedule` runs the flush (requestAnimationFrame in the browser), `now` is the
 * real-time clock the SLOW_KINDS intervals are measured on.
 */
export function createClusterStore(
  schedule: (fn: () => void) => void = (fn) => requestAnimationFrame(fn),
  now: () => number = () => performance.now(),
): ClusterStore {
  const store = createStore<ClusterState>(() => ({ objects: {}, synced: {} }));
  // kind -> key -> latest object, or null for a deletion. Later changes replace earlier ones.
  let queue = new Map<string, Map<string, KubeObject | null>>();
  let pendingSynced: string[] = [];
  let scheduled = false;
  /** When each slow kind was last applied, and whether a later flush is already arranged. */
  const lastApplied = new Map<string, number>();
  let retry: ReturnType<typeof setTimeout> | undefined;

  /** Applies `changes` and newly synced kinds to the store in one update. */
  const commit = (changes: Map<string, Map<string, KubeObject | null>>, syncedKinds: string[]) => {
    if (changes.size === 0 && syncedKinds.length === 0) return;
    const at = now();
    for (const kind of changes.keys()) if (kind in SLOW_KINDS) lastApplied.set(kind, at);
    store.setState((state) => {
      const objects = { ...state.objects };
      for (const [kind, byKey] of changes) {
        // Only changed kinds get a new record, so selectors on other kinds keep their identity.
        const next = copyRecord(objects[kind] ?? EMPTY);
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

  /** Milliseconds until the first queued slow kind is due (Infinity when none waits). */
  const slowWait = (at: number): number => {
    let wait = Infinity;
    for (const [kind, interval] of Object.entries(SLOW_KINDS)) {
      if (queue.has(kind))
        wait = Math.min(wait, (lastApplied.get(kind) ?? -Infinity) + interval - at);
    }
    return wait;
  };

  /**
   * Applies the slow kinds that are due, in a task of their own: copying thousands of Events
   * costs milliseconds, and adding that to a frame's Pod changes and diagram update made long
   * tasks. Arranges the next run for the kinds still waiting.
   */
  const applySlow = (): void => {
    retry = undefined;
    const at = now();
    const due = new Map<string, Map<string, KubeObject | null>>();
    for (const [kind, interval] of Object.entries(SLOW_KINDS)) {
      const byKey = queue.get(kind);
      if (!byKey || at < (lastApplied.get(kind) ?? -Infinity) + interval) continue;
      due.set(kind, byKey);
      queue.delete(kind);
    }
    commit(due, []);
    const wait = slowWait(at);
    if (wait < Infinity) retry = setTimeout(applySlow, wait);
  };

  /** Applies the queued changes; slow kinds wait for their own task unless `all`. */
  const apply = (all: boolean): void => {
    scheduled = false;
    if (queue.size === 0 && pendingSynced.length === 0) return;
    const syncedKinds = pendingSynced;
    pendingSynced = [];
    const changes = queue;
    queue = new Map();
    if (!all) {
      let slow = false;
      for (const kind of Object.keys(SLOW_KINDS)) {
        const byKey = changes.get(kind);
        // A kind's first list is applied with its synced flag, at once.
        if (!byKey || syncedKinds.includes(kind)) continue;
        changes.delete(kind);
        queue.set(kind, byKey);
        slow = true;
      }
      if (slow && retry === undefined) retry = setTimeout(applySlow, Math.max(0, slowWait(now())));
    } else if (retry !== undefined) {
      clearTimeout(retry);
      retry = undefined;
    }
    commit(changes, syncedKinds);
  };

  const request = (): void => {
    if (scheduled) return;
    scheduled = true;
    schedule(() => apply(false));
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
    flush: () => apply(true),
  };
}

/**
 * A copy of `record` to change. V8 keeps an object built by a literal or a spread in a layout
 * that is copied whole for every key added to it, so spreading a churned record of a thousand
 * pods (itself a hash table once keys were deleted) and adding a burst of new ones was quadratic:
 * 10-15 ms in one frame. An object that starts as a hash table (deleting a key other than the
 * last added switches it) copies and grows in linear time; key order is kept.
 */
export function copyRecord(record: ObjectsByKey): Record<string, KubeObject> {
  const copy: Record<string, KubeObject> = { '#a': PLACEHOLDER, '#b': PLACEHOLDER };
  delete copy['#a'];
  delete copy['#b'];
  for (const key of Object.keys(record)) copy[key] = record[key];
  return copy;
}

/** The objects of one kind (a stable empty record when none). */
export function objectsOf(state: ClusterState, kind: string): ObjectsByKey {
  return state.objects[kind] ?? EMPTY;
}
