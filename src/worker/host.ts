/**
 * The Worker's side of the protocol, independent of `self` so it can be tested in Node: serves
 * API requests, forwards watch events and attributed changes in one batched message per frame,
 * runs the simulation clock on wall time, reports its state a few times a second, and executes
 * simulation operations (faults, traffic, time travel, journal and reset) through the session.
 */
import type {
  ApiRequest,
  ApiResponse,
  KubeObject,
  WatchEvent,
  WatchStream,
} from '../sim/api/types';
import type { TrafficResult } from '../sim/network/traffic';
import type {
  ChangeSummary,
  ClockState,
  ClusterSetup,
  ControlAction,
  FromWorker,
  SimOp,
  ToWorker,
  WatchBatch,
} from './protocol';
import { MAX_SPEED, MIN_SPEED } from '../sim/runner';
import { Session } from './session';

/** A 410 Expired Status, the watch ERROR that makes an informer list again. */
export function expiredStatus(message: string): KubeObject {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: 'Expired',
    code: 410,
  };
}

/** Wall-clock timers, injected so tests drive them by hand. */
export interface HostTimers {
  now(): number;
  every(ms: number, fn: () => void): () => void;
}

const MAX_FRAME_WALL_MS = 1_000;
/**
 * Watch events per `watch-events` message. The page deserialises a message in one task: at
 * 1,000 churning pods one message per frame held thousands of objects and took 60-200 ms to
 * read; in chunks, each is its own task and the page can paint between them.
 */
const WATCH_EVENTS_PER_MESSAGE = 200;

export interface HostOptions {
  /** Flush period for watch events and clock ticks (one animation frame). */
  frameMs?: number;
  /** How often the clock state is reported. */
  clockReportMs?: number;
  /** Cluster shape and seed of the first cluster. */
  setup?: Partial<ClusterSetup>;
}

export interface WorkerHost {
  receive(message: ToWorker): void;
  /** Runs one frame now: ticks the clock and flushes pending watch events. */
  frame(): Promise<void>;
  /** Resolves when every queued input has run (tests). */
  idle(): Promise<void>;
  readonly session: Session;
  dispose(): void;
}

/** Connects a session's cluster to a message port (`post`). */
export function createWorkerHost(
  post: (message: FromWorker) => void,
  timers: HostTimers,
  options: HostOptions = {},
): WorkerHost {
  const frameMs = options.frameMs ?? 16;
  const clockReportMs = options.clockReportMs ?? 250;
  const watches = new Map<number, WatchStream>();
  let pending = new Map<number, WatchEvent[]>();
  let changes: ChangeSummary[] = [];
  let traffic: TrafficResult[] = [];
  const closed: number[] = [];
  let lastTick = timers.now();
  let lastClock: ClockState | undefined;
  let carryMs = 0;
  let inFlight = 0;

  /**
   * The cluster was replaced: every open watch ends with 410 Expired, as after a compaction, so
   * informers list the new cluster instead of resuming from a resourceVersion it never had.
   */
  const expireAllWatches = (): void => {
    for (const [id, watch] of watches) {
      watch.stop();
      pending.set(id, [{ type: 'ERROR', object: expiredStatus('the cluster was replaced') }]);
      closed.push(id);
    }
    watches.clear();
  };

  const session = new Session(
    {
      onChanges: (c) => {
        for (const change of c) changes.push(change);
      },
      onTraffic: (r) => {
        for (const result of r) traffic.push(result);
      },
      onReset: () => {
        // Keep the user's play state and speed on the new cluster.
        expireAllWatches();
        lastClock = undefined;
      },
    },
    options.setup,
  );
  let playing = true;
  let speed = 1;

  const fatal = (what: string, error: unknown): void => {
    post({
      kind: 'fatal',
      message: `${what}: ${error instanceof Error ? error.message : String(error)}`,
    });
  };

  const clockState = (): ClockState => ({ now: session.cluster.clock.now(), playing, speed });

  const reportClock = (): void => {
    const state = clockState();
    if (
      lastClock &&
      lastClock.now === state.now &&
      lastClock.playing === state.playing &&
      lastClock.speed === state.speed
    ) {
      return;
    }
    lastClock = state;
    post({ kind: 'clock', state });
  };

  const flush = (): void => {
    if (pending.size > 0) {
      let batches: WatchBatch[] = [];
      let size = 0;
      for (const [watchId, events] of pending) {
        for (let i = 0; i < events.length; i += WATCH_EVENTS_PER_MESSAGE) {
          const part = events.slice(i, i + WATCH_EVENTS_PER_MESSAGE);
          if (size + part.length > WATCH_EVENTS_PER_MESSAGE && batches.length) {
            post({ kind: 'watch-events', batches });
            batches = [];
            size = 0;
          }
          batches.push({ watchId, events: part });
          size += part.length;
        }
      }
      pending = new Map();
      if (batches.length) post({ kind: 'watch-events', batches });
    }
    if (changes.length > 0) {
      post({ kind: 'changes', changes });
      changes = [];
    }
    if (traffic.length > 0) {
      post({ kind: 'traffic', results: traffic });
      traffic = [];
    }
    // Closes go after the events that preceded them.
    while (closed.length > 0) post({ kind: 'watch-closed', watchId: closed.shift() as number });
  };

  /** Runs an input in order with the others; a sync input runs at once when nothing is queued. */
  const run = <T>(what: string, fn: () => T | Promise<T>): Promise<T | undefined> => {
    inFlight++;
    return session
      .enqueue(fn)
      .catch((error: unknown) => {
        fatal(what, error);
        return undefined;
      })
      .finally(() => {
        inFlight--;
      });
  };

  const frame = async (): Promise<void> => {
    const now = timers.now();
    // A suspended tab must not replay minutes at once.
    const wallMs = Math.min(MAX_FRAME_WALL_MS, Math.max(0, now - lastTick));
    lastTick = now;
    if (inFlight > 0) {
      flush();
      return;
    }
    let target = session.elapsedMs();
    if (playing) {
      // Virtual time moves in whole milliseconds; the fraction is carried to the next frame.
      const virtualMs = wallMs * speed + carryMs;
      const wholeMs = Math.floor(virtualMs);
      carryMs = virtualMs - wholeMs;
      target += wholeMs;
    } else carryMs = 0;
    await run('simulation', () => session.advanceTo(target));
    flush();
  };

  const startWatch = (id: number, request: ApiRequest): void => {
    const response = session.cluster.api.handle(request);
    const { watch, ...wire } = response;
    post({ kind: 'response', id, response: wire });
    if (!watch) return;
    watches.set(id, watch);
    watch.onEvent((event) => {
      if (!watches.has(id)) return;
      let list = pending.get(id);
      if (!list) pending.set(id, (list = []));
      list.push(event);
    });
    watch.onClose(() => {
      if (!watches.delete(id)) return;
      closed.push(id);
    });
  };

  const control = async (message: ControlAction): Promise<void> => {
    switch (message.action) {
      case 'play':
        playing = true;
        break;
      case 'pause':
        playing = false;
        break;
      case 'speed':
        if (Number.isFinite(message.speed))
          speed = Math.min(MAX_SPEED, Math.max(MIN_SPEED, message.speed));
        break;
      case 'step': {
        const next = session.nextEventMs();
        if (next !== undefined) await session.advanceTo(Math.max(next, session.elapsedMs()));
        break;
      }
      case 'advance':
        if (Number.isFinite(message.ms) && message.ms > 0) {
          await session.advanceTo(session.elapsedMs() + Math.round(message.ms));
        }
        break;
    }
    reportClock();
    flush();
  };

  const answer = (id: number, request: ApiRequest): void => {
    const response: ApiResponse = session.handleRequest(request);
    // A plain request never keeps a stream open.
    response.watch?.stop();
    const { watch: _watch, ...wire } = response;
    post({ kind: 'response', id, response: wire });
  };

  const simOp = async (id: number, op: SimOp): Promise<void> => {
    try {
      const result = await session.simOp(op);
      post({ kind: 'sim-result', id, ok: true, result });
    } catch (error) {
      post({
        kind: 'sim-result',
        id,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      });
    }
    reportClock();
    flush();
  };

  const receive = (message: ToWorker): void => {
    switch (message.kind) {
      case 'request':
        void run(`${message.request.method} ${message.request.path}`, () =>
          answer(message.id, message.request),
        );
        break;
      case 'watch':
        void run(`watch ${message.request.path}`, () => startWatch(message.id, message.request));
        break;
      case 'watch-stop': {
        const watch = watches.get(message.id);
        watches.delete(message.id);
        pending.delete(message.id);
        watch?.stop();
        break;
      }
      case 'control':
        void run(`control ${message.action}`, () => control(message));
        break;
      case 'sim':
        void run(`sim ${message.op.op}`, () => simOp(message.id, message.op));
        break;
    }
  };

  const stopFrames = timers.every(frameMs, () => void frame());
  const stopClock = timers.every(clockReportMs, reportClock);
  const stopHeartbeat = timers.every(1_000, () => post({ kind: 'heartbeat' }));
  reportClock();

  return {
    receive,
    frame,
    session,
    idle: () => session.enqueue(() => undefined),
    dispose() {
      stopFrames();
      stopClock();
      stopHeartbeat();
      for (const watch of watches.values()) watch.stop();
      watches.clear();
    },
  };
}
