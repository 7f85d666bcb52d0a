/**
 * The event recorder of the controllers (client-go tools/record): core v1 Events named
 * `<object>.<hex nanoseconds>`, with `source.component` set to the controller's name. Like the real
 * broadcaster's EventCorrelator it repeats an identical event by bumping `count`, folds more than 10
 * similar events (same object and reason) in 10 minutes into one "(combined from similar events): "
 * event, and drops events beyond a per-object token bucket (burst 25, one every 5 minutes), which
 * keeps a 10,000-replica scale-up from writing 10,000 events.
 */
import type { ObjectReference } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/types.ts';
import { apiPath, type SimClient } from '../client.ts';
import { handOver } from '../api/hand-over.ts';
import { formatTimestamp, type Clock } from '../clock.ts';
import { flat } from '../apiserver/object-util.ts';

const AGGREGATE_WINDOW_MS = 10 * 60 * 1000;
const AGGREGATE_MAX_EVENTS = 10;
const SPAM_BURST = 25;
const SPAM_REFILL_MS = 5 * 60 * 1000;
/** The correlator's LRU caches hold this many entries each (client-go maxLruCacheEntries). */
export const EVENT_CACHE_ENTRIES = 4096;

/**
 * Event names are `<object>.<nanoseconds in hex>` (client-go makeEvent). Virtual time has
 * millisecond precision and `ms * 1e6` exceeds 2^53, so one BigInt counter per cluster (keyed by
 * its clock) keeps names unique across all its recorders: two events of one object in the same
 * millisecond (say from the scheduler and the kubelet) get successive nanoseconds.
 */
const lastNanosByClock = new WeakMap<Clock, bigint>();

/** A unique event name for an event about `objectName` at the clock's current time. */
export function eventName(clock: Clock, objectName: string): string {
  const now = clock.now();
  const ms = Math.floor(now);
  // Fractional virtual milliseconds (speeds below 1) become sub-millisecond nanoseconds.
  let nanos = BigInt(ms) * 1_000_000n + BigInt(Math.floor((now - ms) * 1_000_000));
  const last = lastNanosByClock.get(clock) ?? 0n;
  if (nanos <= last) nanos = last + 1n;
  lastNanosByClock.set(clock, nanos);
  return `${objectName}.${nanos.toString(16)}`;
}

/**
 * The event's `involvedObject` (ref.GetReference), with only the fields the object has: the event
 * is handed over to the apiserver as it is, so it carries no undefined values.
 */
export function objectReference(
  apiVersion: string | undefined,
  kind: string | undefined,
  meta: { name?: string; namespace?: string; uid?: string; resourceVersion?: string },
  fieldPath?: string,
): ObjectReference {
  const ref: ObjectReference = {};
  if (apiVersion !== undefined) ref.apiVersion = apiVersion;
  if (kind !== undefined) ref.kind = kind;
  if (meta.name !== undefined) ref.name = meta.name;
  if (meta.namespace !== undefined) ref.namespace = meta.namespace;
  if (meta.uid !== undefined) ref.uid = meta.uid;
  if (meta.resourceVersion !== undefined) ref.resourceVersion = meta.resourceVersion;
  if (fieldPath !== undefined) ref.fieldPath = fieldPath;
  return ref;
}

/** What an Event says, and about what (client-go makeEvent's inputs). */
export interface EventFields {
  namespace: string;
  involvedObject: ObjectReference;
  reason: string;
  message: string;
  type: EventType;
  stamp: string;
  /** `source.component` and `reportingComponent`. */
  component: string;
  /** `source.host` and `reportingInstance` (a kubelet's node). */
  host?: string;
}

/** Creates a core v1 Event (named by `eventName`); returns its name, or undefined when refused. */
export function createEvent(client: SimClient, clock: Clock, e: EventFields): string | undefined {
  const name = eventName(clock, e.involvedObject.name ?? 'unknown');
  // A fresh object shared with nothing: handed over to the apiserver, not copied.
  const created = client.create(
    apiPath('v1', 'events', e.namespace),
    handOver({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: e.namespace },
      involvedObject: e.involvedObject,
      reason: e.reason,
      message: e.message,
      source: e.host ? { component: e.component, host: e.host } : { component: e.component },
      firstTimestamp: e.stamp,
      lastTimestamp: e.stamp,
      count: 1,
      type: e.type,
      eventTime: null,
      reportingComponent: e.component,
      reportingInstance: e.host ?? '',
    }),
  );
  return created.ok ? name : undefined;
}

/**
 * A map bounded like the correlator's LRU caches: `touch` moves an entry to the back, and entries
 * are dropped from the front beyond `EVENT_CACHE_ENTRIES` or once `expired` says so; the cost per
 * event stays constant however many objects a 150,000-pod cluster records events about.
 */
export class EventLru<V> {
  private readonly map = new Map<string, V>();
  private sweptAt = Number.NaN;

  constructor(private readonly expired: (value: V, now: number) => boolean) {}

  get size(): number {
    return this.map.size;
  }

  /** The live entry for `key` (undefined once expired). */
  get(key: string, now: number): V | undefined {
    const v = this.map.get(key);
    if (v === undefined) return undefined;
    if (this.expired(v, now)) {
      this.map.delete(key);
      return undefined;
    }
    return v;
  }

  /**
   * Stores `value` as the most recently used entry, dropping expired or excess old ones. Expired
   * entries are looked for once per instant (`get` never returns one anyway): thousands of
   * events recorded in one virtual millisecond would otherwise each walk the map.
   */
  set(key: string, value: V, now: number): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (now === this.sweptAt && this.map.size <= EVENT_CACHE_ENTRIES) return;
    this.sweptAt = now;
    for (const [k, v] of this.map) {
      if (this.map.size <= EVENT_CACHE_ENTRIES && !this.expired(v, now)) break;
      this.map.delete(k);
    }
  }
}

interface Seen {
  name: string;
  namespace: string;
  count: number;
  last: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export type EventType = 'Normal' | 'Warning';

export class EventRecorder {
  private readonly seen = new EventLru<Seen>((v, now) => now - v.last > AGGREGATE_WINDOW_MS);
  private readonly similar = new EventLru<{ messages: Set<string>; first: number }>(
    (v, now) => now - v.first > AGGREGATE_WINDOW_MS,
  );
  // A bucket refilled to its burst is the same as no bucket.
  private readonly buckets = new EventLru<Bucket>(
    (b, now) => b.tokens + Math.floor((now - b.at) / SPAM_REFILL_MS) >= SPAM_BURST,
  );

  constructor(
    private readonly client: SimClient,
    private readonly clock: Clock,
    /** `source.component`, e.g. `deployment-controller`. */
    readonly component: string,
  ) {}

  /** Records an event about `obj`. Failures are ignored, as the real recorder only logs them. */
  event(obj: KubeObject, type: EventType, reason: string, message: string): void {
    // Strings kept in the caches and the stored Event are flattened in place (see flat()).
    flat(message);
    const meta = obj.metadata ?? {};
    const uid = meta.uid ?? '';
    const now = this.clock.now();
    if (!this.takeToken(uid, now)) return;
    const aggregateKey = flat(`${uid}\u0000${type}\u0000${reason}`);
    let group = this.similar.get(aggregateKey, now);
    if (!group) {
      group = { messages: new Set(), first: now };
      this.similar.set(aggregateKey, group, now);
    }
    group.messages.add(message);
    let text = message;
    let dedupKey = flat(`${aggregateKey}\u0000${message}`);
    if (group.messages.size > AGGREGATE_MAX_EVENTS) {
      text = `(combined from similar events): ${message}`;
      dedupKey = `${aggregateKey}\u0000(combined)`;
    }
    const stamp = formatTimestamp(now);
    const prior = this.seen.get(dedupKey, now);
    if (prior) {
      prior.count++;
      prior.last = now;
      this.seen.set(dedupKey, prior, now);
      const patched = this.client.patch(apiPath('v1', 'events', prior.namespace, prior.name), {
        count: prior.count,
        lastTimestamp: stamp,
        message: text,
      });
      if (patched.ok) return;
    }
    const namespace = meta.namespace || 'default';
    const name = createEvent(this.client, this.clock, {
      namespace,
      involvedObject: objectReference(obj.apiVersion, obj.kind, meta),
      reason,
      message: text,
      type,
      stamp,
      component: this.component,
    });
    if (name) this.seen.set(dedupKey, { name, namespace, count: 1, last: now }, now);
  }

  private takeToken(uid: string, now: number): boolean {
    const b = this.buckets.get(uid, now) ?? { tokens: SPAM_BURST, at: now };
    const refill = Math.floor((now - b.at) / SPAM_REFILL_MS);
    if (refill > 0) {
      b.tokens = Math.min(SPAM_BURST, b.tokens + refill);
      b.at += refill * SPAM_REFILL_MS;
    }
    const ok = b.tokens > 0;
    if (ok) b.tokens--;
    // Stored after taking the token: a full bucket counts as expired.
    this.buckets.set(uid, b, now);
    return ok;
  }
}
