/**
 * Messages between the page and the cluster Worker. The Worker owns the simulated cluster; the page
 * only ever sees Kubernetes API requests and responses (the same shapes as HTTP), watch events
 * batched per frame, and the simulation clock.
 */
import type { ApiRequest, ApiResponse, WatchEvent } from '../sim/api/types';

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

/** Page -> Worker. */
export type ToWorker =
  | { kind: 'request'; id: number; request: ApiRequest }
  /** Starts a watch; `id` becomes the watchId of its events. */
  | { kind: 'watch'; id: number; request: ApiRequest }
  | { kind: 'watch-stop'; id: number }
  | ({ kind: 'control' } & ControlAction);

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
  /** Something failed inside the Worker outside any request (shown to the user). */
  | { kind: 'fatal'; message: string };
