/**
 * The event recorder of the controllers (client-go tools/record): core v1 Events named
 * `<object>.<hex nanoseconds>`, with `source.component` set to the controller's name. Like the real
 * broadcaster's EventCorrelator it repeats an identical event by bumping `count`, folds more than 10
 * similar events (same object and reason) in 10 minutes into one "(combined from similar events): "
 * event, and drops events beyond a per-object token bucket (burst 25, one every 5 minutes), which
 * keeps a 10,000-replica scale-up from writing 10,000 events.
 */
import type { KubeObject } from '../api/types.ts';
import { apiPath, type SimClient } from '../client.ts';
import { formatTimestamp, type Clock } from '../clock.ts';

const AGGREGATE_WINDOW_MS = 10 * 60 * 1000;
const AGGREGATE_MAX_EVENTS = 10;
const SPAM_BURST = 25;
const SPAM_REFILL_MS = 5 * 60 * 1000;

interface Seen {
  name: string;
  namespace: string;
  count: number;
  last: number;
}

export type EventType = 'Normal' | 'Warning';

export class EventRecorder {
  private readonly seen = new Map<string, Seen>();
  private readonly similar = new Map<string, { messages: Set<string>; first: number }>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private lastNanos = 0n;

  constructor(
    private readonly client: SimClient,
    private readonly clock: Clock,
    /** `source.component`, e.g. `deployment-controller`. */
    readonly component: string,
  ) {}

  /** Records an event about `obj`. Failures are ignored, as the real recorder only logs them. */
  event(obj: KubeObject, type: EventType, reason: string, message: string): void {
    const meta = obj.metadata ?? {};
    const uid = meta.uid ?? '';
    const now = this.clock.now();
    if (!this.takeToken(uid, now)) return;
    if (this.seen.size > 10_000) this.prune(now);
    const aggregateKey = `${uid}\u0000${type}\u0000${reason}`;
    let group = this.similar.get(aggregateKey);
    if (!group || now - group.first > AGGREGATE_WINDOW_MS) {
      group = { messages: new Set(), first: now };
      this.similar.set(aggregateKey, group);
    }
    group.messages.add(message);
    let text = message;
    let dedupKey = `${aggregateKey}\u0000${message}`;
    if (group.messages.size > AGGREGATE_MAX_EVENTS) {
      text = `(combined from similar events): ${message}`;
      dedupKey = `${aggregateKey}\u0000(combined)`;
    }
    const stamp = formatTimestamp(now);
    const prior = this.seen.get(dedupKey);
    if (prior && now - prior.last <= AGGREGATE_WINDOW_MS) {
      prior.count++;
      prior.last = now;
      const patched = this.client.patch(apiPath('v1', 'events', prior.namespace, prior.name), {
        count: prior.count,
        lastTimestamp: stamp,
        message: text,
      });
      if (patched.ok) return;
    }
    const namespace = meta.namespace || 'default';
    // Nanoseconds exceed 2^53: BigInt keeps successive names distinct.
    let nanos = BigInt(now) * 1_000_000n;
    if (nanos <= this.lastNanos) nanos = this.lastNanos + 1n;
    this.lastNanos = nanos;
    const name = `${meta.name ?? 'unknown'}.${nanos.toString(16)}`;
    const created = this.client.create(apiPath('v1', 'events', namespace), {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: {
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        name: meta.name,
        namespace: meta.namespace,
        uid: meta.uid,
        resourceVersion: meta.resourceVersion,
      },
      reason,
      message: text,
      source: { component: this.component },
      firstTimestamp: stamp,
      lastTimestamp: stamp,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: this.component,
      reportingInstance: '',
    });
    if (created.ok) this.seen.set(dedupKey, { name, namespace, count: 1, last: now });
  }

  /** Forgets what is older than the aggregation window (the correlator's LRU caches). */
  private prune(now: number): void {
    for (const [k, v] of this.seen) if (now - v.last > AGGREGATE_WINDOW_MS) this.seen.delete(k);
    for (const [k, v] of this.similar)
      if (now - v.first > AGGREGATE_WINDOW_MS) this.similar.delete(k);
    for (const [k, v] of this.buckets)
      if (v.tokens >= SPAM_BURST || now - v.at > SPAM_BURST * SPAM_REFILL_MS)
        this.buckets.delete(k);
  }

  private takeToken(uid: string, now: number): boolean {
    let b = this.buckets.get(uid);
    if (!b) {
      b = { tokens: SPAM_BURST, at: now };
      this.buckets.set(uid, b);
    }
    const refill = Math.floor((now - b.at) / SPAM_REFILL_MS);
    if (refill > 0) {
      b.tokens = Math.min(SPAM_BURST, b.tokens + refill);
      b.at += refill * SPAM_REFILL_MS;
    }
    if (b.tokens <= 0) return false;
    b.tokens--;
    return true;
  }
}
