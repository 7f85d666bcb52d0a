/** React bindings for the vanilla stores: select a slice, re-render when it changes. */
import { useStore } from 'zustand';
import type { KubeObject } from '../../sim/api/types';
import { objectsOf, type ClusterState, type ObjectsByKey } from './cluster-store';
import { sessionStore, type SessionState } from './session-store';
import { useConnection } from '../connection-context';

/** Selects from the cluster objects. */
export function useCluster<T>(selector: (state: ClusterState) => T): T {
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
