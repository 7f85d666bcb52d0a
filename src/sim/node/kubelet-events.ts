/**
 * A lean event recorder for the busiest components (kubelets, the scheduler): core v1 Events with
 * `source: {component, host}` and, for the kubelet, `involvedObject.fieldPath` naming the
 * container (`spec.containers{web}`). Identical events of one object bump `count` (the
 * EventCorrelator), kept in the controllers' bounded LRU (`EventLru`) and named by the same
 * cluster-wide `eventName`, so the cost per event stays constant at 150,000 pods.
 * The kubelet's recorder is rate limited like a real kubelet's (eventRecordQPS 50, eventBurst 100;
 * pkg/kubelet/apis/config/v1beta1/defaults.go): beyond that, events are dropped.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { apiPath, type SimClient } from '../client.ts';
import { formatTimestamp, type Clock } from '../clock.ts';
import { createEvent, EventLru, objectReference, type EventType } from '../controllers/events.ts';
import { flat } from '../apiserver/object-util.ts';

const EVENT_QPS = 50;
const EVENT_BURST = 100;
/** Repeats within this window update the existing event (EventCorrelator's 10 minutes). */
const DEDUP_WINDOW_MS = 10 * 60_000;

export type { EventType };

export interface RecorderOptions {
  /** `source.component` and `reportingComponent`, e.g. `kubelet`, `default-scheduler`. */
  component: string;
  /** `source.host` and `reportingInstance` (the node, for a kubelet). */
  host?: string;
  /** Client-side rate limit (events per second, burst); none when omitted. */
  qps?: number;
  burst?: number;
}

export class PodEventRecorder {
  private tokens: number;
  private refilledAt: number;
  private readonly seen = new EventLru<{
    name: string;
    namespace: string;
    count: number;
    last: number;
  }>((v, now) => now - v.last > DEDUP_WINDOW_MS);
  /** Events dropped by the rate limiter (for the benchmark). */
  dropped = 0;

  private readonly options: RecorderOptions;

  constructor(
    private readonly client: SimClient,
    private readonly clock: Clock,
    /** A node name (a kubelet's recorder, rate limited) or the options of another component. */
    target: string | RecorderOptions,
  ) {
    this.options =
      typeof target === 'string'
        ? { component: 'kubelet', host: target, qps: EVENT_QPS, burst: EVENT_BURST }
        : target;
    this.tokens = this.options.burst ?? Infinity;
    this.refilledAt = clock.now();
  }

  /** Records an event about `pod` (and container `container` when given; `kind` Node for the node). */
  event(
    pod: Pod,
    type: EventType,
    reason: string,
    message: string,
    container?: { name: string; init: boolean },
    kind: 'Pod' | 'Node' = 'Pod',
  ): void {
    const now = this.clock.now();
    const meta = pod.metadata ?? {};
    const fieldPath = container
      ? flat(`spec.${container.init ? 'initContainers' : 'containers'}{${container.name}}`)
      : undefined;
    flat(message);
    // Flat: the correlator keeps the key (a template's tree of pieces is ~4x the size).
    const key = flat(
      `${meta.uid}\u0000${fieldPath ?? ''}\u0000${type}\u0000${reason}\u0000${message}`,
    );
    const stamp = formatTimestamp(now);
    const prior = this.seen.get(key, now);
    if (prior) {
      if (!this.takeToken(now)) return;
      prior.count++;
      prior.last = now;
      this.seen.set(key, prior, now);
      this.client.patch(apiPath('v1', 'events', prior.namespace, prior.name), {
        count: prior.count,
        lastTimestamp: stamp,
      });
      return;
    }
    if (!this.takeToken(now)) return;
    const namespace = meta.namespace || 'default';
    const name = createEvent(this.client, this.clock, {
      namespace,
      involvedObject: objectReference('v1', kind, meta, fieldPath),
      reason,
      message,
      type,
      stamp,
      component: this.options.component,
      host: this.options.host,
    });
    if (name) this.seen.set(key, { name, namespace, count: 1, last: now }, now);
  }

  private takeToken(now: number): boolean {
    const { qps, burst } = this.options;
    if (qps === undefined || burst === undefined) return true;
    const refill = ((now - this.refilledAt) / 1000) * qps;
    if (refill >= 1) {
      this.tokens = Math.min(burst, this.tokens + Math.floor(refill));
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
