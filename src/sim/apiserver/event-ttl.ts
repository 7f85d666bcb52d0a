/**
 * Event expiry. kube-apiserver stores Events with an etcd lease of --event-ttl (default 1 h),
 * renewed by each write, so an event disappears an hour after its last update. Modelled as a
 * queue of (expiry, key, revision) in write order: a sweep every minute of virtual time pops the
 * expired heads and deletes those keys still at the recorded revision. O(1) per event.
 */
import type { Clock } from '../clock.ts';
import type { Etcd } from '../store/etcd.ts';
import type { ChangeRecord } from './registry.ts';

/** How often expired events are collected. */
const SWEEP_MS = 60_000;

export class EventTtl {
  // The queue as parallel arrays (expiry, key, revision): no object per Event, of which there
  // are several per pod.
  private expiries: number[] = [];
  private keys: string[] = [];
  private revisions: number[] = [];
  private head = 0;

  constructor(
    private readonly clock: Clock,
    private readonly etcd: Etcd,
    private readonly ttlMs: number,
    /** Removes an expired event (through the registry, so watchers see DELETED). */
    private readonly expire: (key: string, revision: number) => void,
  ) {
    const sweep = () => {
      this.sweep();
      clock.setTimer(SWEEP_MS, sweep, 'event-ttl');
    };
    clock.setTimer(SWEEP_MS, sweep, 'event-ttl');
  }

  /** Records the lease of every written core/v1 Event. */
  observe(change: ChangeRecord): void {
    if (
      change.type === 'DELETED' ||
      change.resource.group !== '' ||
      change.resource.resource !== 'events'
    )
      return;
    this.expiries.push(this.clock.now() + this.ttlMs);
    this.keys.push(change.key);
    this.revisions.push(change.revision);
  }

  private sweep(): void {
    const now = this.clock.now();
    while (this.head < this.expiries.length && this.expiries[this.head] <= now) {
      const key = this.keys[this.head];
      const revision = this.revisions[this.head++];
      if (this.etcd.get(key)?.modRevision === revision) this.expire(key, revision);
    }
    if (this.head > 1024 && this.head * 2 > this.expiries.length) {
      this.expiries = this.expiries.slice(this.head);
      this.keys = this.keys.slice(this.head);
      this.revisions = this.revisions.slice(this.head);
      this.head = 0;
    }
  }
}
