/** React bindings for the vanilla stores: select a slice, re-render when it changes. */
import {
  startTransition,
  useCallback,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import { useStore, type StoreApi } from 'zustand';
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

/**
 * Like useThrottledCluster, for a component whose re-render is itself long (the diagram: its
 * layout, then React Flow taking the new nodes into its store and every drawn node checking
 * them). The selector runs in the throttled notification's task, as there; the component then
 * re-renders as a transition, in a task of its own after the next frame, and its passive effects
 * run in yet another, where useSyncExternalStore would have done all of it in the notification's
 * task. A change of store or selector is read at once, in render.
 */
export function useThrottledClusterAsync<T>(selector: (state: ClusterState) => T, ms: number): T {
  const live = useConnection().cluster.store;
  const past = useStore(viewStore, (s) => s.past?.store);
  const store = past ?? live;
  const read = (): Selected<T> => {
    const state = store.getState();
    return { store, selector, state, value: selector(state) };
  };
  const [selected, setSelected] = useState(read);
  let current = selected;
  if (selected.store !== store || selected.selector !== selector) {
    // Render-time update of this component's own state: React renders again at once.
    current = read();
    setSelected(current);
  }
  const latest = useRef(current);
  latest.current = current;
  useEffect(() => {
    // The newest value waiting to be rendered, and the frame and timer that will render it.
    let waiting: Selected<T> | undefined;
    let frame: number | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const render = (next: Selected<T>) => {
      waiting = next;
      if (frame !== undefined || timer !== undefined) return;
      // Rendered just after a frame is drawn: the render and then the effects (each a task of
      // their own) get the frame interval to themselves. Started nearer the next frame, the
      // effects waited until that frame's store update, whose synchronous render runs pending
      // effects first, and the two made one long task.
      frame = requestAnimationFrame(() => {
        frame = undefined;
        timer = setTimeout(() => {
          timer = undefined;
          const value = waiting;
          waiting = undefined;
          // A transition, not an ordinary update: React 19 renders default-priority updates
          // together with the next synchronous one (a store notification, a Worker message's
          // clock tick), which put the whole diagram update back into one long task.
          if (value) startTransition(() => setSelected(value));
        }, 0);
      });
    };
    const update = () => {
      const last = latest.current;
      if (last.store !== store || last.selector !== selector) return;
      const state = store.getState();
      if (state === last.state) return;
      const value = selector(state);
      const next = { store, selector, state, value };
      latest.current = next;
      // The same value (a primitive signature, say) needs no render at all.
      if (!Object.is(value, last.value)) render(next);
    };
    const unsubscribe = throttledSubscribe(store, update, ms);
    // A change between the render and this subscription.
    if (store.getState() !== latest.current.state) update();
    return () => {
      unsubscribe();
      if (frame !== undefined) cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [store, selector, ms]);
  return current.value;
}

interface Selected<T> {
  store: StoreApi<ClusterState>;
  selector: (state: ClusterState) => T;
  state: ClusterState;
  value: T;
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
