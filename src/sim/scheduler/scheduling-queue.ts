/**
 * The scheduling queue (pkg/scheduler/backend/queue/scheduling_queue.go): activeQ ordered by
 * priority then arrival (PrioritySort), backoffQ for pods that failed recently (1 s doubling to
 * 10 s per attempt), and unschedulable pods that wait for a cluster event (node added or changed,
 * a pod deleted) or for the 5-minute flush.
 */
import type { Clock, TimerId } from '../clock.ts';

export const POD_INITIAL_BACKOFF_MS = 1_000;
export const POD_MAX_BACKOFF_MS = 10_000;
/** podMaxInUnschedulablePodsDuration. */
export const UNSCHEDULABLE_FLUSH_MS = 5 * 60_000;

interface Entry {
  key: string;
  priority: number;
  /** Arrival order (PrioritySort breaks priority ties by queue timestamp). */
  seq: number;
  attempts: number;
  lastFailureAt: number;
  unschedulableSince?: number;
}

export class SchedulingQueue {
  private readonly entries = new Map<string, Entry>();
  private active: Entry[] = [];
  private readonly activeKeys = new Set<string>();
  private readonly backoff = new Map<string, TimerId>();
  private readonly unschedulable = new Set<string>();
  private seq = 0;
  private flushTimer: TimerId | undefined;

  constructor(
    private readonly clock: Clock,
    /** Called when activeQ gains pods. */
    private readonly onActive: () => void,
  ) {}

  /** Adds or refreshes a pending pod. */
  add(key: string, priority: number): void {
    const e = this.entries.get(key);
    if (e) {
      e.priority = priority;
      return;
    }
    const entry: Entry = { key, priority, seq: this.seq++, attempts: 0, lastFailureAt: 0 };
    this.entries.set(key, entry);
    this.pushActive(entry);
  }

  /** Forgets a pod (scheduled elsewhere, deleted). */
  delete(key: string): void {
    if (!this.entries.delete(key)) return;
    this.activeKeys.delete(key);
    this.unschedulable.delete(key);
    const t = this.backoff.get(key);
    if (t !== undefined) this.clock.clearTimer(t);
    this.backoff.delete(key);
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Pops the highest-priority active pod. */
  pop(): string | undefined {
    while (this.active.length) {
      const e = heapPop(this.active) as Entry;
      if (!this.activeKeys.has(e.key) || this.entries.get(e.key) !== e) continue;
      this.activeKeys.delete(e.key);
      return e.key;
    }
    return undefined;
  }

  activeCount(): number {
    return this.activeKeys.size;
  }

  pendingCount(): number {
    return this.entries.size;
  }

  /** Marks an attempt as failed: the pod waits in unschedulable pods until an event moves it. */
  failed(key: string, now = this.clock.now()): void {
    const e = this.entries.get(key);
    if (!e) return;
    e.attempts++;
    e.lastFailureAt = now;
    e.unschedulableSince = now;
    this.unschedulable.add(key);
    this.armFlush();
  }

  /** Requeues after an error that is not about fit (e.g. a conflict on binding): back off only. */
  retryLater(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    e.attempts++;
    e.lastFailureAt = this.clock.now();
    this.toBackoff(e);
  }

  /** A cluster event that may make unschedulable pods fit: move them to backoff or active. */
  moveAllToActiveOrBackoff(): void {
    for (const key of [...this.unschedulable]) {
      const e = this.entries.get(key);
      this.unschedulable.delete(key);
      if (e) this.toBackoff(e);
    }
  }

  /** Back-off of a pod after `attempts` failures: 1 s, 2 s, 4 s, ... capped at 10 s. */
  backoffMs(attempts: number): number {
    if (attempts <= 0) return 0;
    return Math.min(POD_MAX_BACKOFF_MS, POD_INITIAL_BACKOFF_MS * 2 ** (attempts - 1));
  }

  private toBackoff(e: Entry): void {
    const readyAt = e.lastFailureAt + this.backoffMs(e.attempts);
    const delay = readyAt - this.clock.now();
    if (delay <= 0) {
      this.pushActive(e);
      return;
    }
    if (this.backoff.has(e.key)) return;
    this.backoff.set(
      e.key,
      this.clock.setTimer(
        delay,
        () => {
          this.backoff.delete(e.key);
          if (this.entries.get(e.key) === e) this.pushActive(e);
        },
        'scheduler backoff',
      ),
    );
  }

  private armFlush(): void {
    if (this.flushTimer !== undefined) return;
    this.flushTimer = this.clock.setTimer(
      30_000,
      () => {
        this.flushTimer = undefined;
        const now = this.clock.now();
        for (const key of [...this.unschedulable]) {
          const e = this.entries.get(key);
          if (e && now - (e.unschedulableSince ?? now) >= UNSCHEDULABLE_FLUSH_MS) {
            this.unschedulable.delete(key);
            this.toBackoff(e);
          }
        }
        if (this.unschedulable.size) this.armFlush();
      },
      'scheduler flush unschedulable',
    );
  }

  private pushActive(e: Entry): void {
    if (this.activeKeys.has(e.key)) return;
    this.activeKeys.add(e.key);
    heapPush(this.active, e);
    this.onActive();
  }
}

/** Binary max-heap on `compare` (the best pod at index 0). */
function heapPush(heap: Entry[], e: Entry): void {
  heap.push(e);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (compare(heap[i], heap[parent]) <= 0) break;
    [heap[i], heap[parent]] = [heap[parent], heap[i]];
    i = parent;
  }
}

function heapPop(heap: Entry[]): Entry | undefined {
  const top = heap[0];
  const last = heap.pop();
  if (heap.length > 0 && last) {
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && compare(heap[l], heap[m]) > 0) m = l;
      if (r < heap.length && compare(heap[r], heap[m]) > 0) m = r;
      if (m === i) break;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  }
  return top;
}

/** Positive when `a` should be scheduled before `b`. */
function compare(a: Entry, b: Entry): number {
  if (a.priority !== b.priority) return a.priority - b.priority;
  return b.seq - a.seq;
}
