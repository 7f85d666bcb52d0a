/** React bindings for the vanilla stores: select a slice, re-render when it changes. */
import { useStore } from 'zustand';
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
