/**
 * Virtual time. Every behaviour of the simulation (image pulls, probes, heartbeats, grace periods,
 * back-offs, cron schedules, even the delivery of watch events) is a timer on this clock, so the
 * same seed and the same inputs always give the same history.
 */

export type TimerId = number;

interface Timer {
  id: TimerId;
  at: number;
  seq: number;
  fn: () => void;
  label: string;
}

/** Read-only view of time plus timers; what components get injected. */
export interface Clock {
  /** Virtual milliseconds since the Unix epoch. */
  now(): number;
  /** Runs `fn` once `delayMs` of virtual time has passed (0: as soon as the current work is done). */
  setTimer(delayMs: number, fn: () => void, label?: string): TimerId;
  clearTimer(id: TimerId): void;
}

/** Default start of virtual time: a fixed, plausible date so creation timestamps are reproducible. */
// eslint-disable-next-line no-restricted-globals
export const DEFAULT_EPOCH_MS = Date.UTC(2026, 0, 1, 0, 0, 0);

/** A timer queue (binary heap ordered by due time, then insertion order). */
export class VirtualClock implements Clock {
  private current: number;
  private heap: Timer[] = [];
  private cancelled = new Set<TimerId>();
  private nextId = 1;
  private nextSeq = 0;
  /** Guards against a timer that keeps scheduling zero-delay timers forever. */
  maxTimersPerRun = 5_000_000;

  constructor(startMs: number = DEFAULT_EPOCH_MS) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimer(delayMs: number, fn: () => void, label = ''): TimerId {
    const id = this.nextId++;
    // Virtual time is whole milliseconds (timestamps and durations derive from it).
    const delay = Number.isFinite(delayMs) && delayMs > 0 ? Math.round(delayMs) : 0;
    this.push({ id, at: this.current + delay, seq: this.nextSeq++, fn, label });
    return id;
  }

  clearTimer(id: TimerId): void {
    this.cancelled.add(id);
  }

  /** Virtual time of the next pending timer, or undefined when none is pending. */
  nextTimerAt(): number | undefined {
    this.dropCancelledHead();
    return this.heap[0]?.at;
  }

  /** Number of pending timers (cancelled ones may still be counted until they reach the head). */
  pendingTimers(): number {
    return this.heap.length - this.cancelled.size;
  }

  /** Runs every timer that is due now, without moving time. Returns how many ran. */
  runDue(): number {
    return this.runUntil(this.current);
  }

  /** Moves time forward by `ms`, running every timer due on the way, in order. */
  advance(ms: number): number {
    return this.runUntil(this.current + Math.max(0, Number.isFinite(ms) ? Math.round(ms) : 0));
  }

  /** Jumps to the next timer and runs everything due at that moment. */
  step(): number {
    const next = this.nextTimerAt();
    if (next === undefined) return 0;
    return this.runUntil(Math.max(next, this.current));
  }

  /** Runs timers in order until `target`, then sets the time to `target`. */
  runUntil(target: number): number {
    let ran = 0;
    for (;;) {
      this.dropCancelledHead();
      const head = this.heap[0];
      if (!head || head.at > target) break;
      this.pop();
      if (head.at > this.current) this.current = head.at;
      ran++;
      if (ran > this.maxTimersPerRun) {
        throw new Error(
          `clock: more than ${this.maxTimersPerRun} timers in one run (runaway loop?)`,
        );
      }
      head.fn();
    }
    if (target > this.current) this.current = target;
    return ran;
  }

  private dropCancelledHead(): void {
    while (this.heap.length > 0 && this.cancelled.has(this.heap[0].id)) {
      this.cancelled.delete(this.heap[0].id);
      this.pop();
    }
  }

  private push(timer: Timer): void {
    const heap = this.heap;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  private pop(): Timer | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l], heap[m])) m = l;
        if (r < heap.length && before(heap[r], heap[m])) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    }
    return top;
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

const lastFormatted = { second: NaN, text: '' };

/** RFC 3339 timestamp with second precision, as Kubernetes writes `creationTimestamp`. */
export function formatTimestamp(ms: number): string {
  const second = Math.floor(ms / 1000);
  // Thousands of writes share each virtual second: remember the last one formatted.
  if (second !== lastFormatted.second) {
    lastFormatted.second = second;
    // eslint-disable-next-line no-restricted-globals
    lastFormatted.text = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
  }
  return lastFormatted.text;
}
