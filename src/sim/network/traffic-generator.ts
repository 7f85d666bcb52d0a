/**
 * Steady traffic on the virtual clock: N requests per second of one request shape, with per-pod
 * counters (so the load visibly spreads over replicas and follows rollouts and failures), failure
 * counts by reason, and the last results. The results live in memory only (never in etcd); the UI
 * subscribes to them as an observable.
 */
import type { TimerId } from '../clock.ts';
import type { Network } from './index.ts';
import { sendRequest, type TrafficRequest, type TrafficResult } from './traffic.ts';

export interface TrafficStats {
  /** Requests sent so far. */
  sent: number;
  served: number;
  failed: number;
  /** Served requests per pod (`ns/name`). */
  byPod: Record<string, number>;
  /** Failed requests per reason text. */
  byReason: Record<string, number>;
  /** The most recent results, newest last (at most `keep`). */
  recent: TrafficResult[];
}

export interface TrafficGenerator {
  readonly request: TrafficRequest;
  readonly ratePerSecond: number;
  stats(): TrafficStats;
  /** Registers a listener called after every request; returns the unsubscribe function. */
  subscribe(listener: (result: TrafficResult, stats: TrafficStats) => void): () => void;
  /** Zeroes the counters. */
  reset(): void;
  stop(): void;
  running(): boolean;
}

export interface TrafficGeneratorOptions {
  ratePerSecond?: number;
  /** How many recent results to keep (default 50). */
  keep?: number;
}

/** Starts sending `request` at a steady rate (default 10/s) on the network's virtual clock. */
export function startTrafficGenerator(
  network: Network,
  request: TrafficRequest,
  options: TrafficGeneratorOptions = {},
): TrafficGenerator {
  const rate = Math.max(0.01, Math.min(1_000, options.ratePerSecond ?? 10));
  const keep = options.keep ?? 50;
  const interval = 1_000 / rate;
  const clock = network.ctx.clock;
  const listeners = new Set<(result: TrafficResult, stats: TrafficStats) => void>();
  let stats: TrafficStats = { sent: 0, served: 0, failed: 0, byPod: {}, byReason: {}, recent: [] };
  let timer: TimerId | undefined;
  let active = true;
  const tick = () => {
    timer = undefined;
    if (!active) return;
    const result = sendRequest(network, request);
    stats.sent++;
    if (result.outcome.ok) {
      stats.served++;
      const key = `${result.outcome.namespace}/${result.outcome.pod}`;
      stats.byPod[key] = (stats.byPod[key] ?? 0) + 1;
    } else {
      stats.failed++;
      stats.byReason[result.outcome.reason] = (stats.byReason[result.outcome.reason] ?? 0) + 1;
    }
    stats.recent.push(result);
    if (stats.recent.length > keep) stats.recent.shift();
    for (const listener of listeners) listener(result, stats);
    scheduleNext();
  };
  // Request n goes out at start + n·interval (rounded to the ms), so rates never drift.
  const start = clock.now();
  let n = 0;
  const scheduleNext = () => {
    n++;
    timer = clock.setTimer(
      Math.max(0, Math.round(start + n * interval) - clock.now()),
      tick,
      'traffic generator',
    );
  };
  scheduleNext();
  return {
    request,
    ratePerSecond: rate,
    stats: () => stats,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reset() {
      stats = { sent: 0, served: 0, failed: 0, byPod: {}, byReason: {}, recent: [] };
    },
    stop() {
      active = false;
      if (timer !== undefined) clock.clearTimer(timer);
      timer = undefined;
    },
    running: () => active,
  };
}
