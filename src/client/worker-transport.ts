/**
 * The browser transport: requests and watches over the cluster Worker's message port.
 */
import type { ApiRequest } from '../sim/api/types';
import type { TrafficResult } from '../sim/network/traffic';
import type {
  ChangeSummary,
  ClockState,
  ControlAction,
  FromWorker,
  SimOp,
  ToWorker,
} from '../worker/protocol';
import type { Transport, WatchHandle, WatchHandlers, WireResponse } from './transport';

/** The part of a Worker (or MessagePort) the transport uses. */
export interface MessageEndpoint {
  postMessage(message: ToWorker): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<FromWorker>) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent<FromWorker>) => void): void;
}

export interface WorkerTransport extends Transport {
  /** Sends a simulation control (play, pause, speed, step, advance). */
  control(action: ControlAction): void;
  /** Subscribes to clock reports; returns an unsubscribe function. */
  onClock(listener: (state: ClockState) => void): () => void;
  /** Runs a simulation operation; rejects with the Worker's error sentence. */
  sim(op: SimOp): Promise<unknown>;
  /** Subscribes to attributed changes (who changed what), batched per frame. */
  onChanges(listener: (changes: ChangeSummary[]) => void): () => void;
  /** Subscribes to traffic traces. */
  onTraffic(listener: (results: TrafficResult[]) => void): () => void;
  /** Subscribes to errors raised inside the Worker outside any request. */
  onFatal(listener: (message: string) => void): () => void;
  close(): void;
}

interface OpenWatch {
  handlers: WatchHandlers;
  stopped: boolean;
}

/** Creates a transport over a Worker's message port. */
export function createWorkerTransport(endpoint: MessageEndpoint): WorkerTransport {
  let nextId = 1;
  const pending = new Map<number, (response: WireResponse) => void>();
  const watches = new Map<number, OpenWatch>();
  const clockListeners = new Set<(state: ClockState) => void>();
  const fatalListeners = new Set<(message: string) => void>();
  const changeListeners = new Set<(changes: ChangeSummary[]) => void>();
  const trafficListeners = new Set<(results: TrafficResult[]) => void>();
  const simPending = new Map<
    number,
    { resolve(value: unknown): void; reject(error: Error): void }
  >();

  const send = (message: ToWorker): void => endpoint.postMessage(message);

  const onMessage = (event: MessageEvent<FromWorker>): void => {
    const message = event.data;
    switch (message.kind) {
      case 'response': {
        const resolve = pending.get(message.id);
        pending.delete(message.id);
        resolve?.(message.response);
        break;
      }
      case 'watch-events':
        for (const batch of message.batches) {
          const watch = watches.get(batch.watchId);
          if (!watch) continue;
          for (const watchEvent of batch.events) {
            // A handler may stop its own watch halfway through a batch (e.g. on 410).
            if (watch.stopped) break;
            watch.handlers.onEvent(watchEvent);
          }
        }
        break;
      case 'watch-closed': {
        const watch = watches.get(message.watchId);
        watches.delete(message.watchId);
        if (watch && !watch.stopped) watch.handlers.onClose?.();
        break;
      }
      case 'clock':
        for (const listener of clockListeners) listener(message.state);
        break;
      case 'fatal':
        for (const listener of fatalListeners) listener(message.message);
        break;
      case 'sim-result': {
        const waiter = simPending.get(message.id);
        simPending.delete(message.id);
        if (message.ok) waiter?.resolve(message.result);
        else waiter?.reject(new Error(message.error));
        break;
      }
      case 'changes':
        for (const listener of changeListeners) listener(message.changes);
        break;
      case 'traffic':
        for (const listener of trafficListeners) listener(message.results as TrafficResult[]);
        break;
    }
  };
  endpoint.addEventListener('message', onMessage);

  return {
    request(request: ApiRequest): Promise<WireResponse> {
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        send({ kind: 'request', id, request });
      });
    },
    watch(request: ApiRequest, handlers: WatchHandlers): WatchHandle {
      const id = nextId++;
      const watch: OpenWatch = { handlers, stopped: false };
      watches.set(id, watch);
      const ready = new Promise<WireResponse>((resolve) => {
        pending.set(id, (response) => {
          // A watch the server refused never opened: report it as closed.
          if (response.status !== 200 && watches.delete(id) && !watch.stopped) {
            handlers.onClose?.();
          }
          resolve(response);
        });
      });
      send({ kind: 'watch', id, request });
      return {
        ready,
        stop() {
          if (watch.stopped) return;
          watch.stopped = true;
          watches.delete(id);
          send({ kind: 'watch-stop', id });
        },
      };
    },
    control(action: ControlAction): void {
      send({ kind: 'control', ...action });
    },
    onClock(listener) {
      clockListeners.add(listener);
      return () => clockListeners.delete(listener);
    },
    sim(op: SimOp): Promise<unknown> {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        simPending.set(id, { resolve, reject });
        send({ kind: 'sim', id, op });
      });
    },
    onChanges(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    onTraffic(listener) {
      trafficListeners.add(listener);
      return () => trafficListeners.delete(listener);
    },
    onFatal(listener) {
      fatalListeners.add(listener);
      return () => fatalListeners.delete(listener);
    },
    close(): void {
      endpoint.removeEventListener('message', onMessage);
      for (const watch of watches.values()) watch.stopped = true;
      watches.clear();
    },
  };
}
