/**
 * Messages between the page and the cluster Worker. The Worker owns the simulated cluster; the page
 * only ever sees Kubernetes API requests and responses (the same shapes as HTTP), watch events
 * batched per frame, and the simulation clock.
 */
import type { ApiRequest, ApiResponse, WatchEvent } from '../sim/api/types';
import type { TrafficResult } from '../sim/network/traffic';

/** A response as it crosses the message port: no WatchStream (it cannot be cloned). */
export type WireResponse = Omit<ApiResponse, 'watch'>;

/** The simulation clock as the page shows it. */
export interface ClockState {
  /** Virtual milliseconds since the Unix epoch. */
  now: number;
  playing: boolean;
  /** Virtual milliseconds per wall millisecond while playing. */
  speed: number;
}

export type ControlAction =
  | { action: 'play' }
  | { action: 'pause' }
  | { action: 'speed'; speed: number }
  | { action: 'step' }
  | { action: 'advance'; ms: number };

/** Who changed what, from the apiserver's change log: the diagram animates and explains these. */
export interface ChangeSummary {
  revision: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  /** The component that made the change (`default-scheduler`, `kubelet/worker-1`, `replicaset-controller`, ...). */
  user: string;
  /** Virtual time of the change (ms since the epoch). */
  atMs: number;
  /** Short facts about what changed, e.g. `nodeName=worker-1`, `phase Pending->Running`, `podIP=10.244.1.7`. */
  details: string[];
}

/** One recorded input of the session (what replays reproduce; see journal.ts). */
export type JournalEntry =
  { atMs: number; type: 'request'; request: ApiRequest } | { atMs: number; type: 'sim'; op: SimOp };

/** Cluster shape and seed. */
export interface ClusterSetup {
  workers: number;
  controlPlanes: number;
  seed: number;
}

/** Simulation operations outside the Kubernetes API (faults, traffic, inspection, time travel). */
export type SimOp =
  | { op: 'stop-node' | 'start-node' | 'remove-node'; node: string }
  | { op: 'add-node' }
  /** kube-scheduler, kube-controller-manager, kube-apiserver, cloud-controller-manager. */
  | { op: 'stop-component' | 'start-component'; component: string }
  | { op: 'kill-container'; namespace: string; pod: string; container?: string }
  /** Sends `count` requests (1..1000) to `service/<ns>/<name>`, `ingress/<ns>/<name>`, a DNS name or a URL; results are the traces. */
  | { op: 'traffic'; to: string; count: number; path?: string; host?: string; fromPod?: string }
  /** A node's kube-proxy rules: `{ text }` in iptables-save form. */
  | { op: 'proxy-rules'; node: string }
  /** `{ revision, keys, bytes, compactedRevision }` of etcd. */
  | { op: 'etcd-stats' }
  /** Every object as it was at `revision` (read-only time travel): `{ revision, atMs, objects }`. */
  | { op: 'objects-at'; revision: number }
  /** Changes from `fromRevision` (exclusive) up to now, at most `limit`: `ChangeSummary[]`. */
  | { op: 'changes-since'; fromRevision: number; limit?: number }
  /**
   * The recorded session: `{ setup, journal, nowMs, startMs, epoch, from }`. With `from`, only the
   * entries from that index on (incremental snapshots); `epoch` changes whenever the cluster is
   * replaced, so a snapshot taken before a reset is never extended with entries after it.
   */
  | { op: 'journal'; from?: number; epoch?: number }
  /** Replaces the cluster: a fresh one with `setup`, the `journal` replayed, then the clock moved to `atMs`. */
  | {
      op: 'reset';
      setup?: Partial<ClusterSetup>;
      journal?: JournalEntry[];
      atMs?: number;
      timeline?: string;
      files?: { name: string; text: string }[];
    }
  /** Schedules a scripted timeline (src/sim/timeline.ts) with the files its `apply` steps name. */
  | { op: 'run-timeline'; timeline: string; files: { name: string; text: string }[] }
  /** Every scripted timeline step of this cluster: `{ startMs, steps: [{ atMs, text }] }` (time bar marks). */
  | { op: 'timeline' }
  /** Runs a kubectl command line inside the Worker (the same command code as the console): `{ stdout, stderr, exitCode }`. */
  | { op: 'kubectl'; command: string; files?: Record<string, string> };

/** Page -> Worker. */
export type ToWorker =
  | { kind: 'request'; id: number; request: ApiRequest }
  /** Starts a watch; `id` becomes the watchId of its events. */
  | { kind: 'watch'; id: number; request: ApiRequest }
  | { kind: 'watch-stop'; id: number }
  | ({ kind: 'control' } & ControlAction)
  | { kind: 'sim'; id: number; op: SimOp };

export interface WatchBatch {
  watchId: number;
  events: WatchEvent[];
}

/** Worker -> page. */
export type FromWorker =
  /** The answer to a request, or to a watch start (status 200 then events follow). */
  | { kind: 'response'; id: number; response: WireResponse }
  /** Every watch event produced since the last flush, at most one message per frame. */
  | { kind: 'watch-events'; batches: WatchBatch[] }
  /** The server ended a watch (timeout, 410, shutdown). */
  | { kind: 'watch-closed'; watchId: number }
  | { kind: 'clock'; state: ClockState }
  | { kind: 'sim-result'; id: number; ok: true; result: unknown }
  | { kind: 'sim-result'; id: number; ok: false; error: string }
  /** Attributed changes since the last flush (at most one message per frame). */
  | { kind: 'changes'; changes: ChangeSummary[] }
  /** Traffic traces (from `traffic` ops, the timeline, or a traffic generator). */
  | { kind: 'traffic'; results: TrafficResult[] }
  /** Sent every second while the Worker's event loop is alive (the page's watchdog listens). */
  | { kind: 'heartbeat' }
  /** Something failed inside the Worker outside any request (shown to the user). */
  | { kind: 'fatal'; message: string };
