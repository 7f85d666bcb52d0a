/**
 * The kubelet's event recorder: core v1 Events with `source: {component: kubelet, host: <node>}`
 * and `involvedObject.fieldPath` naming the container (`spec.containers{web}`). Identical events
 * of one object bump `count` (the EventCorrelator), and the recorder is rate limited like the
 * kubelet's (eventRecordQPS 50, eventBurst 100; pkg/kubelet/apis/config/v1beta1/defaults.go):
 * beyond that, events are dropped, as a real kubelet drops them.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { apiPath, type SimClient } from '../client.ts';
import { formatTimestamp, type Clock } from '../clock.ts';

const EVENT_QPS = 50;
const EVENT_BURST = 100;
/** Repeats within this window update the existing event (EventCorrelator's 10 minutes). */
const DEDUP_WINDOW_MS = 10 * 60_000;
const DEDUP_KEPT = 2_000;

export type EventType = 'Normal' | 'Warning';

export class KubeletEventRecorder {
  private tokens = EVENT_BURST;
  private refilledAt: number;
  private lastNanos = 0n;
  private readonly seen = new Map<
    string,
    { name: string; namespace: string; count: number; last: number }
  >();
  /** Events dropped by the rate limiter (for the benchmark). */
  dropped = 0;

  constructor(
    private readonly client: SimClient,
    private readonly clock: Clock,
    private readonly host: string,
  ) {
    this.refilledAt = clock.now();
  }

  /** Records an event about `pod` (and container `container` when given). */
  event(
    pod: Pod,
    type: EventType,
    reason: string,
    message: string,
    container?: { name: string; init: boolean },
  ): void {
    const now = this.clock.now();
    const meta = pod.metadata ?? {};
    const fieldPath = container
      ? `spec.${container.init ? 'initContainers' : 'containers'}{${container.name}}`
      : undefined;
    const key = `${meta.uid}\u0000${fieldPath ?? ''}\u0000${type}\u0000${reason}\u0000${message}`;
    const stamp = formatTimestamp(now);
    const prior = this.seen.get(key);
    if (prior && now - prior.last <= DEDUP_WINDOW_MS) {
      if (!this.takeToken(now)) return;
      prior.count++;
      prior.last = now;
      this.client.patch(apiPath('v1', 'events', prior.namespace, prior.name), {
        count: prior.count,
        lastTimestamp: stamp,
      });
      return;
    }
    if (!this.takeToken(now)) return;
    const namespace = meta.namespace || 'default';
    // Nanoseconds exceed 2^53: count in BigInt so same-millisecond events get distinct names.
    let nanos = BigInt(now) * 1_000_000n;
    if (nanos <= this.lastNanos) nanos = this.lastNanos + 1n;
    this.lastNanos = nanos;
    const name = `${meta.name ?? 'unknown'}.${nanos.toString(16)}`;
    const created = this.client.create(apiPath('v1', 'events', namespace), {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: {
        apiVersion: 'v1',
        kind: 'Pod',
        name: meta.name,
        namespace: meta.namespace,
        uid: meta.uid,
        resourceVersion: meta.resourceVersion,
        ...(fieldPath ? { fieldPath } : {}),
      },
      reason,
      message,
      source: { component: 'kubelet', host: this.host },
      firstTimestamp: stamp,
      lastTimestamp: stamp,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: 'kubelet',
      reportingInstance: this.host,
    });
    if (!created.ok) return;
    this.seen.set(key, { name, namespace, count: 1, last: now });
    if (this.seen.size > DEDUP_KEPT) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }

  private takeToken(now: number): boolean {
    const refill = ((now - this.refilledAt) / 1000) * EVENT_QPS;
    if (refill >= 1) {
      this.tokens = Math.min(EVENT_BURST, this.tokens + Math.floor(refill));
      this.refilledAt = now;
    }
    if (this.tokens < 1) {
      this.dropped++;
      return false;
    }
    this.tokens--;
    return true;
  }
}
