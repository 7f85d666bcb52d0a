/**
 * A controller work queue (client-go's workqueue): keys are de-duplicated while waiting, processed
 * one at a time on the virtual clock, and can be re-queued after a delay or with back-off.
 */
import type { Clock, TimerId } from './clock.ts';

export class WorkQueue {
  private readonly pending = new Set<string>();
  private readonly delayed = new Map<string, { at: number; timer: TimerId }>();
  private readonly failures = new Map<string, number>();
  private scheduled = false;
  private paused = false;

  constructor(
    private readonly clock: Clock,
    private readonly process: (key: string) => void,
    private readonly label = 'workqueue',
    /** Per-item exponential back-off (client-go's default controller rate limiter: 5 ms to 1000 s). */
    private readonly backoff = { baseMs: 5, maxMs: 1_000_000 },
  ) {}

  /** Queues a key for processing as soon as possible. */
  add(key: string): void {
    this.pending.add(key);
    this.schedule();
  }

  /** Queues a key after a delay (an earlier pending delay wins). */
  addAfter(key: string, delayMs: number): void {
    if (delayMs <= 0) return this.add(key);
    const at = this.clock.now() + delayMs;
    const existing = this.delayed.get(key);
    if (existing && existing.at <= at) return;
    if (existing) this.clock.clearTimer(existing.timer);
    const timer = this.clock.setTimer(
      delayMs,
      () => {
        this.delayed.delete(key);
        this.add(key);
      },
      `${this.label} ${key}`,
    );
    this.delayed.set(key, { at, timer });
  }

  /** Re-queues a key with exponential back-off after a failed sync. */
  addRateLimited(key: string): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    this.addAfter(key, Math.min(this.backoff.baseMs * 2 ** n, this.backoff.maxMs));
  }

  /** Clears the back-off of a key after a successful sync. */
  forget(key: string): void {
    this.failures.delete(key);
  }

  /** A stopped component keeps its queue but processes nothing until resumed. */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.schedule();
  }

  size(): number {
    return this.pending.size;
  }

  private schedule(): void {
    if (this.scheduled || this.paused || this.pending.size === 0) return;
    this.scheduled = true;
    this.clock.setTimer(0, () => this.drain(), this.label);
  }

  private drain(): void {
    this.scheduled = false;
    if (this.paused) return;
    // Process the keys present now; keys added while processing run in a later turn.
    const keys = [...this.pending];
    this.pending.clear();
    for (const key of keys) this.process(key);
    this.schedule();
  }
}
