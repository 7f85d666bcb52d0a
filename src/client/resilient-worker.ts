/**
 * A Worker endpoint that survives the Worker's death. If the cluster Worker throws an uncaught
 * error or stops answering (a runaway loop: no heartbeat for `timeoutMs` while the page is
 * visible), it is terminated and a new one started; open watches are reported closed and pending
 * requests answered with 503, so informers list the new cluster; and the new Worker is reset to the
 * last journal saved from the old one, so the session comes back as it was moments before.
 */
import type { ClusterSetup, FromWorker, JournalEntry, ToWorker } from '../worker/protocol';
import type { MessageEndpoint } from './worker-transport';

export interface WorkerLike {
  postMessage(message: ToWorker): void;
  addEventListener(
    type: 'message' | 'error',
    listener: (event: MessageEvent<FromWorker> & ErrorEvent) => void,
  ): void;
  terminate(): void;
}

export interface ResilientOptions {
  /** No heartbeat for this long means the Worker is stuck (default 8 s). */
  timeoutMs?: number;
  /** How often the journal is saved from the live Worker (default 3 s). */
  snapshotMs?: number;
  /** Told when a Worker died and was replaced. */
  onRestart?(reason: string): void;
  timers?: {
    now(): number;
    every(ms: number, fn: () => void): () => void;
    visible(): boolean;
  };
}

interface Snapshot {
  setup: ClusterSetup;
  journal: JournalEntry[];
  nowMs: number;
  epoch?: number;
}

interface SnapshotReply extends Snapshot {
  /** Index of the first entry in `journal` (0: the whole journal). */
  from?: number;
}

/** Adds an incremental answer to the snapshot; a whole journal (from 0) replaces it. */
function extendSnapshot(previous: Snapshot | undefined, reply: SnapshotReply): Snapshot {
  const from = reply.from ?? 0;
  if (from > 0 && previous && previous.epoch === reply.epoch && previous.journal.length === from) {
    // The snapshot is private to this endpoint: extend it in place.
    for (const entry of reply.journal) previous.journal.push(entry);
    return { ...previous, setup: reply.setup, nowMs: reply.nowMs };
  }
  return {
    setup: reply.setup,
    journal: [...reply.journal],
    nowMs: reply.nowMs,
    epoch: reply.epoch,
  };
}

/** Sim request ids the endpoint uses for its own journal snapshots (never clash with the transport's). */
const SNAPSHOT_ID_BASE = 1_000_000_000;

export function createResilientWorker(
  spawn: () => WorkerLike,
  options: ResilientOptions = {},
): MessageEndpoint & { close(): void; restarts(): number } {
  const timeoutMs = options.timeoutMs ?? 8_000;
  const timers = options.timers ?? {
    now: () => performance.now(),
    every: (ms: number, fn: () => void) => {
      const id = setInterval(fn, ms);
      return () => clearInterval(id);
    },
    visible: () => typeof document === 'undefined' || document.visibilityState === 'visible',
  };
  const listeners = new Set<(event: MessageEvent<FromWorker>) => void>();
  const openWatches = new Set<number>();
  const pendingRequests = new Set<number>();
  const pendingSims = new Set<number>();
  let snapshot: Snapshot | undefined;
  let snapshotId = SNAPSHOT_ID_BASE;
  let lastHeard = timers.now();
  let restarts = 0;
  let worker: WorkerLike;

  const deliver = (data: FromWorker) => {
    const event = { data } as MessageEvent<FromWorker>;
    for (const listener of listeners) listener(event);
  };

  const attach = (w: WorkerLike) => {
    w.addEventListener('message', (event) => {
      if (w !== worker) return;
      lastHeard = timers.now();
      const data = event.data;
      if (data.kind === 'sim-result' && data.id >= SNAPSHOT_ID_BASE) {
        if (data.ok) snapshot = extendSnapshot(snapshot, data.result as SnapshotReply);
        return;
      }
      if (data.kind === 'response') pendingRequests.delete(data.id);
      if (data.kind === 'sim-result') pendingSims.delete(data.id);
      if (data.kind === 'watch-closed') openWatches.delete(data.watchId);
      deliver(data);
    });
    w.addEventListener('error', (event) => {
      if (w !== worker) return;
      event.preventDefault?.();
      restart(`the cluster Worker failed: ${event.message || 'uncaught error'}`);
    });
  };

  const restart = (reason: string) => {
    worker.terminate();
    restarts++;
    // Everything in flight on the dead Worker ends now, visibly.
    for (const id of pendingRequests) {
      deliver({
        kind: 'response',
        id,
        response: {
          status: 503,
          body: {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Failure',
            reason: 'ServiceUnavailable',
            message: reason,
            code: 503,
          },
        },
      });
    }
    for (const id of pendingSims) deliver({ kind: 'sim-result', id, ok: false, error: reason });
    // 410 Expired makes informers list the new Worker's cluster rather than resume an old revision.
    if (openWatches.size > 0) {
      deliver({
        kind: 'watch-events',
        batches: [...openWatches].map((watchId) => ({
          watchId,
          events: [
            {
              type: 'ERROR' as const,
              object: {
                kind: 'Status',
                apiVersion: 'v1',
                metadata: {},
                status: 'Failure',
                message: reason,
                reason: 'Expired',
                code: 410,
              },
            },
          ],
        })),
      });
    }
    for (const id of openWatches) deliver({ kind: 'watch-closed', watchId: id });
    pendingRequests.clear();
    pendingSims.clear();
    openWatches.clear();
    worker = spawn();
    attach(worker);
    lastHeard = timers.now();
    if (snapshot) {
      worker.postMessage({
        kind: 'sim',
        id: snapshotId++,
        op: { op: 'reset', setup: snapshot.setup, journal: snapshot.journal, atMs: snapshot.nowMs },
      });
    }
    options.onRestart?.(reason);
  };

  worker = spawn();
  attach(worker);
  const stopWatchdog = timers.every(1_000, () => {
    // A hidden tab throttles timers: silence there is not a hang.
    if (!timers.visible()) {
      lastHeard = timers.now();
      return;
    }
    if (timers.now() - lastHeard > timeoutMs)
      restart(`the cluster Worker stopped answering for ${Math.round(timeoutMs / 1000)} s`);
  });
  const stopSnapshots = timers.every(options.snapshotMs ?? 3_000, () => {
    // Only the entries recorded since the last snapshot cross the message port.
    const since = snapshot ? { from: snapshot.journal.length, epoch: snapshot.epoch } : {};
    worker.postMessage({ kind: 'sim', id: snapshotId++, op: { op: 'journal', ...since } });
  });

  return {
    postMessage(message: ToWorker) {
      if (message.kind === 'request') pendingRequests.add(message.id);
      if (message.kind === 'watch') {
        pendingRequests.add(message.id);
        openWatches.add(message.id);
      }
      if (message.kind === 'watch-stop') openWatches.delete(message.id);
      if (message.kind === 'sim') pendingSims.add(message.id);
      worker.postMessage(message);
    },
    addEventListener(_type, listener) {
      listeners.add(listener);
    },
    removeEventListener(_type, listener) {
      listeners.delete(listener);
    },
    close() {
      stopWatchdog();
      stopSnapshots();
      worker.terminate();
    },
    restarts: () => restarts,
  };
}
