/**
 * How the user is looking at the cluster: the selected object (inspector), objects highlighted
 * from the timeline, the namespace filter, the owners overlay, and read-only time travel (the
 * cluster as it was at an earlier etcd revision). Vanilla zustand, no React.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { KubeObject } from '../../sim/api/types';
import { objectKey } from '../../client/informer';
import type { ClusterState } from './cluster-store';

/** One object: its kind and informer key (`namespace/name`, or `name` when cluster-scoped). */
export interface ObjectRef {
  kind: string;
  key: string;
}

/** The cluster as it was at a revision: a store the diagram reads instead of the live one. */
export interface PastView {
  revision: number;
  atMs: number;
  store: StoreApi<ClusterState>;
}

/** `''`: every namespace but the system ones; `'*'`: all; otherwise one namespace. */
export type NamespaceFilter = string;

export interface ViewState {
  selected?: ObjectRef;
  /** `Kind:key` of objects to highlight (hovered timeline entry). */
  highlighted: readonly string[];
  /** The timeline entry whose explanation is shown. */
  selectedEntry?: string;
  namespace: NamespaceFilter;
  showOwners: boolean;
  past?: PastView;
  /** Why the last time travel failed. */
  travelError?: string;
  /** Components stopped from the UI (`kube-scheduler`, `kubelet/worker-2`). */
  stoppedComponents: readonly string[];
  /** Diagram element ids lit by the traffic animation's current hop. */
  trafficHop: readonly string[];
}

/** Namespaces Kubernetes itself uses; hidden unless asked for (a learner's objects come first). */
export const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set([
  'kube-system',
  'kube-public',
  'kube-node-lease',
]);

export const viewStore = createStore<ViewState>(() => ({
  highlighted: [],
  namespace: '',
  showOwners: false,
  stoppedComponents: [],
  trafficHop: [],
}));

/** Records a component as stopped or running again. */
export function markStopped(id: string, stopped: boolean): void {
  viewStore.setState((s) => ({
    stoppedComponents: stopped
      ? [...new Set([...s.stoppedComponents, id])]
      : s.stoppedComponents.filter((c) => c !== id),
  }));
}

/** `Pod:default/web-1`. */
export const refId = (ref: ObjectRef): string => `${ref.kind}:${ref.key}`;

/** True when an object in `namespace` passes the filter (cluster-scoped objects always do). */
export function namespaceVisible(filter: NamespaceFilter, namespace: string | undefined): boolean {
  if (!namespace || filter === '*') return true;
  if (filter === '') return !SYSTEM_NAMESPACES.has(namespace);
  return namespace === filter;
}

export function select(ref: ObjectRef | undefined): void {
  viewStore.setState({ selected: ref });
}

export function highlight(refs: readonly ObjectRef[]): void {
  viewStore.setState({ highlighted: refs.map(refId) });
}

/** Groups objects by kind and key, as the live store holds them. */
export function clusterStateOf(objects: readonly KubeObject[]): ClusterState {
  const byKind: Record<string, Record<string, KubeObject>> = {};
  for (const object of objects) {
    const kind = object.kind ?? '';
    (byKind[kind] ??= {})[objectKey(object)] = object;
  }
  const synced = Object.fromEntries(Object.keys(byKind).map((k) => [k, true]));
  return { objects: byKind, synced: { ...synced, Node: true, Pod: true } };
}

/** Shows the cluster as it was (the answer of the Worker's `objects-at`). */
export function showPast(revision: number, atMs: number, objects: readonly KubeObject[]): void {
  const state = clusterStateOf(objects);
  viewStore.setState({
    past: { revision, atMs, store: createStore<ClusterState>(() => state) },
    travelError: undefined,
  });
}

/** Back to the live cluster. */
export function returnToLive(): void {
  viewStore.setState({ past: undefined, travelError: undefined });
}
