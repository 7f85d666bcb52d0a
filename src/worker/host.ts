/**
 * The Worker's side of the protocol, independent of `self` so it can be tested in Node: serves
 * API requests synchronously, forwards watch events in one batched message per frame, runs the
 * simulation clock on wall time and reports its state a few times a second.
 */
import type { ApiHandler, ApiRequest, WatchEvent, WatchStream } from '../sim/api/types';
import type { ClockState, ControlAction, FromWorker, ToWorker, WatchBatch } from './protocol';

/** What the host needs of a cluster (see src/sim/cluster.ts). */
export interface HostedCluster {
  api: ApiHandler;
  runner: {
    play(): void;
    pause(): void;
    setSpeed(speed: number): void;
    step(): void;
    advance(ms: number): void;
    tick(wallMs: number): void;
    state(): ClockState;
  };
}

/** Wall-clock timers, injected so tests drive them by hand. */
export interface HostTimers {
  now(): number;
  every(ms: number, fn: () => void): () => void;
}

const MAX_FRAME_WALL_MS = 1_000;

export interface HostOptions {
  /** Flush period for watch events and clock ticks (one animation frame). */
  frameMs?: number;
  /** How often the clock state is reported. */
  clockReportMs?: number;
}

export interface WorkerHost {
  receive(message: ToWorker): void;
  /** Runs one frame now: ticks the clock and flushes pending watch events. */
  frame(): void;
  dispose(): void;
}

/** Connects a cluster to a message port (`post`). */
export function createWorkerHost(
  cluster: HostedCluster,
  post: (message: FromWorker) => void,
  timers: HostTimers,
  options: HostOptions = {},
): WorkerHost {
  const frameMs = options.frameMs ?? 16;
  const clockReportMs = options.clockReportMs ?? 250;
  const watches = new Map<number, WatchStream>();
  let pending = new Map<number, WatchEvent[]>();
  const closed: number[] = [];
  let lastTick = timers.now();
  let lastClock: ClockState | undefined;

  const safely = (what: string, fn: () => void): void => {
    try {
      fn();
    } catch (error) {
      post({
        kind: 'fatal',
        message: `${what}: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  };

  const reportClock = (): void => {
    const state = cluster.runner.state();
    if (
      lastClock &&
      lastClock.now === state.now &&
      lastClock.playing === state.playing &&
      lastClock.speed === state.speed
    ) {
      return;
    }
    lastClock = { ...state };
    post({ kind: 'clock', state: lastClock });
  };

  const flush = (): void => {
    if (pending.size > 0) {
      const batches: WatchBatch[] = [];
      for (const [watchId, events] of pending) batches.push({ watchId, events });
      pending = new Map();
      post({ kind: 'watch-events', batches });
    }
    // Closes go after the events that preceded them.
    while (closed.length > 0) post({ kind: 'watch-closed', watchId: closed.shift() as number });
  };

  // Virtual time moves in whole milliseconds (timestamps, event series and BigInt nanoseconds in
  // the simulation assume integers): the fraction of a tick is carried to the next one.
  let carryMs = 0;
  const frame = (): void => {
    const now = timers.now();
    // A suspended tab must not replay minutes at once (as SimulationRunner caps its tick).
    const wallMs = Math.min(MAX_FRAME_WALL_MS, Math.max(0, now - lastTick));
    lastTick = now;
    safely('simulation', () => {
      const { playing, speed } = cluster.runner.state();
      if (!playing) {
        carryMs = 0;
        cluster.runner.tick(0);
        return;
      }
      const virtualMs = wallMs * speed + carryMs;
      const wholeMs = Math.floor(virtualMs);
      carryMs = virtualMs - wholeMs;
      if (wholeMs > 0) cluster.runner.advance(wholeMs);
      else cluster.runner.tick(0);
    });
    flush();
  };

  const startWatch = (id: number, request: ApiRequest): void => {
    const response = cluster.api.handle(request);
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

  const control = (message: ControlAction): void => {
    const runner = cluster.runner;
    switch (message.action) {
      case 'play':
        runner.play();
        break;
      case 'pause':
        runner.pause();
        break;
      case 'speed':
        runner.setSpeed(message.speed);
        break;
      case 'step':
        runner.step();
        break;
      case 'advance':
        runner.advance(message.ms);
        break;
    }
    reportClock();
  };

  const receive = (message: ToWorker): void => {
    switch (message.kind) {
      case 'request':
        safely(`${message.request.method} ${message.request.path}`, () => {
          const { watch, ...wire } = cluster.api.handle(message.request);
          // A plain request never keeps a stream open.
          watch?.stop();
          post({ kind: 'response', id: message.id, response: wire });
        });
        break;
      case 'watch':
        safely(`watch ${message.request.path}`, () => startWatch(message.id, message.request));
        break;
      case 'watch-stop': {
        const watch = watches.get(message.id);
        watches.delete(message.id);
        pending.delete(message.id);
        watch?.stop();
        break;
      }
      case 'control':
        safely(`control ${message.action}`, () => control(message));
        break;
    }
  };

  const stopFrames = timers.every(frameMs, frame);
  const stopClock = timers.every(clockReportMs, reportClock);
  reportClock();

  return {
    receive,
    frame,
    dispose() {
      stopFrames();
      stopClock();
      for (const watch of watches.values()) watch.stop();
      watches.clear();
    },
  };
}
