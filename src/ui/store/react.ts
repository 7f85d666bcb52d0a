/** React bindings for the vanilla stores: select a slice, re-render when it changes. */
import { useCallback, useRef, useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import { throttledSubscribe } from './throttle';
import type { KubeObject } from '../../sim/api/types';
import { objectsOf, type ClusterState, type ObjectsByKey } from './cluster-store';
import { sessionStore, type SessionState } from './session-store';
import { activityStore, type ActivityState } from './activity-store';
import { viewStore, type ViewState } from './view-store';
import { useConnection } from '../connection-context';

/**
 * Selects from the cluster objects: the live cluster, or, while time-travelling, the cluster as
 * it was at the chosen revision (read-only).
 */
export function useCluster<T>(selector: (state: ClusterState) => T): T {
  const live = useConnection().cluster.store;
  const past = useStore(viewStore, (s) => s.past?.store);
  return useStore(past ?? live, selector);
}

/**
 * Like useCluster, for selectors that make a pass over every object of a kind: while the cluster
 * changes every frame, the component hears of it at most every `ms` milliseconds (the first change
 * after a quiet spell at once, the latest state always at the end). A busy cluster then costs
 * these passes a few times a second instead of every frame. `selector` must return the same value
 * (or a primitive) for the same state, as for any store selector.
 */
export function useThrottledCluster<T>(selector: (state: ClusterState) => T, ms: number): T {
  const live = useConnection().cluster.store;
  const past = useStore(viewStore, (s) => s.past?.store);
  const store = past ?? live;
  const subscribe = useCallback(
    (notify: () => void) => throttledSubscribe(store, notify, ms),
    [store, ms],
  );
  // React reads the snapshot in render and again after commit (its tearing check): a pass over
  // every pod must run once per state, not twice. Kept per selector: make it stable
  // (useCallback) so a re-render for another reason costs no pass either.
  const cache = useRef<{ state: ClusterState; selector: unknown; value: T } | undefined>(undefined);
  const snapshot = () => {
    const state = store.getState();
    const last = cache.current;
    if (last && last.state === state && last.selector === selector) return last.value;
    const value = selector(state);
    cache.current = { state, selector, value };
    return value;
  };
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}

/** Selects from the live cluster even while the diagram shows the past. */
export function useLiveCluster<T>(selector: (state: ClusterState) => T): T {
  return useStore(useConnection().cluster.store, selector);
}

/** All objects of a kind, by key. */
export function useObjects(kind: string): ObjectsByKey {
  return useCluster((state) => objectsOf(state, kind));
}

/** One object by kind and key. */
export function useObject(kind: string, key: string): KubeObject | undefined {
  return useCluster((state) => objectsOf(state, kind)[key]);
}

/** Selects from the session (clock, log). */
export function useSession<T>(selector: (state: SessionState) => T): T {
  return useStore(sessionStore, selector);
}

/** Selects from what the cluster did (changes, pulses, traffic). */
export function useActivity<T>(selector: (state: ActivityState) => T): T {
  return useStore(activityStore, selector);
}

/** Selects from the view (selection, filters, time travel). */
export function useView<T>(selector: (state: ViewState) => T): T {
  return useStore(viewStore, selector);
}
