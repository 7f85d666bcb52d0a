/**
 * What the cluster did, as the Worker reports it beside the watch streams: attributed changes
 * (who changed what, at which revision) and traffic traces. The timeline lists the changes, the
 * diagram lights up the component that made each one, and the latest traces are animated hop by
 * hop. Vanilla zustand, no React.
 */
import { createStore } from 'zustand/vanilla';
import type { TrafficResult } from '../../sim/network/traffic';
import type { ChangeSummary } from '../../worker/protocol';
import { actorComponentId, actorOf } from '../timeline/actors';

export interface TrafficTrace {
  id: number;
  result: TrafficResult;
}

export interface ActivityState {
  /** Changes, oldest first, at most CHANGE_LIMIT. */
  changes: readonly ChangeSummary[];
  /** Drawn component id -> how many times it acted; a new number replays its highlight. */
  pulses: Readonly<Record<string, number>>;
  /** The latest traffic traces, oldest first, at most TRAFFIC_LIMIT. */
  traffic: readonly TrafficTrace[];
  /** The highest revision seen in a change. */
  revision: number;
  /** What etcd holds (from the Worker's `etcd-stats`). */
  etcd?: EtcdStats;
}

export interface EtcdStats {
  keys: number;
  revision: number;
  bytes?: number;
  compactedRevision?: number;
}

/** How many changes the timeline keeps. */
export const CHANGE_LIMIT = 1_000;
/** How many traffic traces are kept for animation. */
export const TRAFFIC_LIMIT = 20;

/**
 * Kinds whose changes are bookkeeping rather than reconciliation: node heartbeats (Leases) every
 * 10 s per node, and Events, which the timeline lists from the Event objects themselves.
 */
const QUIET_KINDS = new Set(['Lease', 'Event']);

export const activityStore = createStore<ActivityState>(() => ({
  changes: [],
  pulses: {},
  traffic: [],
  revision: 0,
}));

let nextTraceId = 1;

/** Adds changes reported by the Worker: lists them and lights up who made them. */
export function recordChanges(changes: readonly ChangeSummary[]): void {
  if (changes.length === 0) return;
  activityStore.setState((state) => {
    const pulses: Record<string, number> = { ...state.pulses };
    const bump = (id: string) => (pulses[id] = (pulses[id] ?? 0) + 1);
    const listed: ChangeSummary[] = [];
    let revision = state.revision;
    for (const change of changes) {
      revision = Math.max(revision, change.revision);
      if (QUIET_KINDS.has(change.kind)) continue;
      listed.push(change);
      const id = actorComponentId(actorOf(change.user));
      if (id) bump(id);
    }
    if (listed.length > 0) {
      // Every write goes through the apiserver into etcd, whoever made it.
      bump('kube-apiserver');
      bump('etcd');
    }
    const all = listed.length ? [...state.changes, ...listed] : state.changes;
    return {
      changes: all.length > CHANGE_LIMIT ? all.slice(all.length - CHANGE_LIMIT) : all,
      pulses,
      revision,
    };
  });
}

/** Adds traffic traces; the diagram animates the newest. */
export function recordTraffic(results: readonly TrafficResult[]): void {
  if (results.length === 0) return;
  activityStore.setState((state) => {
    const added = results.map((result) => ({ id: nextTraceId++, result }));
    const all = [...state.traffic, ...added];
    return { traffic: all.length > TRAFFIC_LIMIT ? all.slice(all.length - TRAFFIC_LIMIT) : all };
  });
}

/** Records etcd's key count and revision. */
export function setEtcdStats(etcd: EtcdStats): void {
  activityStore.setState({ etcd });
}
