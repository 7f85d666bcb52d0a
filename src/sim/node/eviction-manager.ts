/**
 * The kubelet's eviction manager for memory (pkg/kubelet/eviction/eviction_manager.go, helpers.go,
 * helpers_others.go): node-pressure eviction as the "Node-pressure Eviction" docs describe it.
 *
 * - Signal `memory.available` = node memory capacity - node working set (the pods' containers plus
 *   the node's own overhead, the same figure `kubectl top node` shows), against the default hard
 *   threshold `memory.available<100Mi` (no grace period, no minimum reclaim).
 * - Evaluated on the kubelet's 10 s housekeeping (evictionMonitoringPeriod), and again as soon as the
 *   pod it just evicted is cleaned up (waitForPodsCleanup polls every second), as upstream's loop does.
 * - While the threshold is met, and for evictionPressureTransitionPeriod (5 min) after it was last
 *   met, the node reports MemoryPressure=True (the node lifecycle controller then taints it
 *   `node.kubernetes.io/memory-pressure:NoSchedule`), and admission refuses BestEffort pods that do
 *   not tolerate that taint ("The node had condition: [MemoryPressure]. ").
 * - Each evaluation that finds the threshold met records `EvictionThresholdMet` on the node and
 *   evicts at most one pod, ranked by rankMemoryPressure: pods whose usage exceeds their memory
 *   request first (pods without stats before all), then lower priority, then larger usage above
 *   the request. Critical pods (static, mirror, priority >= 2000000000) are skipped. The pod gets a
 *   1 s grace period (immediateEvictionGracePeriodSeconds), a Warning `Evicted` event, and ends
 *   Failed with reason `Evicted`, the upstream message and a DisruptionTarget condition
 *   (TerminationByKubelet).
 *
 * Cost: the kubelet tells the manager about every pod it starts or forgets; while no pod on the node
 * sets `sim.k8s-explorer.io/memory-usage` and the default usages of all its pods cannot reach the
 * threshold, an evaluation is one comparison. Otherwise it is one pass over the node's pods.
 * Usage is the modelled figure drifted at the evaluation time (usage-drift.ts, +-2 % by default); a
 * container's working set never exceeds its memory limit (the kernel OOM-kills it first).
 */
import type { Container, Pod, PodCondition, Toleration } from 'kubernetes-types/core/v1';
import { formatTimestamp, type Clock, type TimerId } from '../clock.ts';
import { intValue } from '../scheduler/quantity.ts';
import { toleratesTaint } from '../scheduler/plugins/taint-toleration.ts';
import {
  annotationFor,
  defaultMemoryUsage,
  MEMORY_USAGE_ANNOTATION,
} from './container-behaviour.ts';
import type { EventType } from './kubelet-events.ts';
import { NODE_OVERHEAD } from './metrics-server.ts';
import { qosClass } from './pod-status.ts';
import type { ContainerRuntimeState, PodRuntime } from './pod-runtime.ts';
import type { PodWorker } from './pod-worker.ts';
import { driftAmplitude, driftedUsage, USAGE_DRIFT_ANNOTATION } from './usage-drift.ts';

/** The default hard threshold `memory.available<100Mi` (pkg/kubelet/eviction defaults_linux.go). */
export const MEMORY_AVAILABLE_THRESHOLD = 100 * 2 ** 20;
/** evictionPressureTransitionPeriod's default. */
export const PRESSURE_TRANSITION_PERIOD_MS = 5 * 60_000;
/** The eviction manager's monitoring period (the kubelet's housekeeping tick drives it). */
export const EVICTION_MONITORING_PERIOD_MS = 10_000;
/** Hard thresholds evict with this grace period (immediateEvictionGracePeriodSeconds). */
const IMMEDIATE_EVICTION_GRACE_SECONDS = 1;
/** waitForPodsCleanup's podCleanupPollFreq. */
const POD_CLEANUP_POLL_MS = 1_000;
/** scheduling.SystemCriticalPriority: pods at or above it are never evicted. */
const SYSTEM_CRITICAL_PRIORITY = 2_000_000_000;
const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';
const MEMORY_PRESSURE_TAINT = { key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule' };

/** What the eviction manager needs from its kubelet. */
export interface EvictionHost {
  readonly nodeName: string;
  readonly clock: Clock;
  /** Bumped when the kubelet stops: timers of an older generation do nothing. */
  generation(): number;
  /** The node's pod workers. */
  podWorkers(): Iterable<PodWorker>;
  /** The MemoryPressure verdict changed: post the node's conditions. */
  memoryPressureChanged(): void;
  /** Records an event about the Node. */
  nodeEvent(type: EventType, reason: string, message: string): void;
  /** Records an event about a pod. */
  event(pod: Pod, type: EventType, reason: string, message: string): void;
}

/** The `memory.available` signal: bytes. */
export interface MemoryObservation {
  capacity: number;
  workingSet: number;
  available: number;
}

/** A pod as rankMemoryPressure sees it. */
export interface RankedPod {
  /** Whether the pod has stats (a sandbox); pods without are evicted first. */
  hasStats: boolean;
  /** Working set of the pod's running containers, bytes. */
  usage: number;
  /** The pod's memory request (GetResourceRequestQuantity), bytes. */
  request: number;
  priority: number;
}

/** rankMemoryPressure's order: exceeds its request, then lower priority, then more above the request. */
export function compareForMemoryEviction(a: RankedPod, b: RankedPod): number {
  // exceedMemoryRequests: a pod without stats goes first.
  if (a.hasStats !== b.hasStats) return a.hasStats ? 1 : -1;
  if (a.hasStats) {
    const ea = a.usage > a.request;
    const eb = b.usage > b.request;
    if (ea !== eb) return ea ? -1 : 1;
  }
  if (a.priority !== b.priority) return a.priority - b.priority;
  if (!a.hasStats) return 0;
  return b.usage - b.request - (a.usage - a.request);
}

const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const DECIMAL_SUFFIXES = ['', 'k', 'M', 'G', 'T', 'P', 'E'];

/** A DecimalSI quantity's canonical text (Quantity.String): `1k`, `128M`, `12345`. */
export function formatDecimalQuantity(value: number): string {
  let v = Math.round(value);
  let i = 0;
  while (v !== 0 && v % 1000 === 0 && i < DECIMAL_SUFFIXES.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v}${DECIMAL_SUFFIXES[i]}`;
}

/** A BinarySI byte count's canonical text (Quantity.String): `100Mi`, `94208Ki`, `96468993`. */
export function formatBinaryQuantity(bytes: number): string {
  let v = Math.round(bytes);
  // Below 1024 the quantity prints as DecimalSI (resource.Quantity CanonicalizeBytes).
  if (v > -1024 && v < 1024) return formatDecimalQuantity(v);
  let i = 0;
  while (v % 1024 === 0 && i < BINARY_SUFFIXES.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v}${BINARY_SUFFIXES[i]}`;
}

/** A request as Quantity.String prints it (binary suffixes stay binary, others decimal). */
function formatRequest(raw: unknown): string {
  if (raw === undefined || raw === null) return '0';
  const bytes = intValue(raw);
  return typeof raw === 'string' && /i$/.test(raw.trim())
    ? formatBinaryQuantity(bytes)
    : formatDecimalQuantity(bytes);
}

/** A container's memory request as the apiserver defaults it (the limit when no request is given). */
function memoryRequestText(c: Container | undefined): unknown {
  const req = c?.resources?.requests as Record<string, unknown> | undefined;
  const lim = c?.resources?.limits as Record<string, unknown> | undefined;
  return req?.memory ?? lim?.memory;
}

/** The spec of the i-th runtime container (the kubelet lists init containers, then app containers). */
function specAt(pod: Pod, i: number): Container | undefined {
  const inits = pod.spec?.initContainers ?? [];
  return i < inits.length ? inits[i] : pod.spec?.containers?.[i - inits.length];
}

/**
 * A container's working set at `nowMs`: the annotated usage, else its default figure, drifted
 * (usage-drift.ts), at most its limit.
 */
function containerUsage(
  pod: Pod,
  c: ContainerRuntimeState,
  spec: Container | undefined,
  nowMs: number,
): number {
  const text = annotationFor(pod, 'memory-usage', c.name);
  const set =
    text !== undefined ? intValue(text) : spec ? defaultMemoryUsage(spec) : c.behaviour.memoryUsage;
  const limit = c.behaviour.memoryLimit;
  const usage = driftedUsage(
    pod,
    c.name,
    { milliCPU: 0, memory: set },
    { milliCPU: 0, memory: limit },
    nowMs,
  ).memory;
  return limit > 0 && usage > limit ? limit : usage;
}

/** Working set of a pod's running containers at `nowMs`. */
export function podWorkingSet(rt: PodRuntime, nowMs: number): number {
  let sum = 0;
  for (let i = 0; i < rt.containers.length; i++) {
    const c = rt.containers[i];
    if (c.running) sum += containerUsage(rt.pod, c, specAt(rt.pod, i), nowMs);
  }
  return sum;
}

/** GetResourceRequestQuantity for memory: app containers plus sidecars, at least any init container. */
export function podMemoryRequest(pod: Pod): number {
  let sum = 0;
  let maxInit = 0;
  for (const c of pod.spec?.initContainers ?? []) {
    const r = intValue(memoryRequestText(c));
    if (c.restartPolicy === 'Always') sum += r;
    else maxInit = Math.max(maxInit, sum + r);
  }
  for (const c of pod.spec?.containers ?? []) sum += intValue(memoryRequestText(c));
  const overhead = (pod.spec?.overhead as Record<string, unknown> | undefined)?.memory;
  return Math.max(sum, maxInit) + intValue(overhead);
}

/** kubelettypes.IsCriticalPod: static and mirror pods, and system-critical priorities. */
export function isCriticalPod(pod: Pod): boolean {
  if (pod.metadata?.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) return true;
  return (pod.spec?.priority ?? 0) >= SYSTEM_CRITICAL_PRIORITY;
}

/**
 * An upper bound of a pod's working set from its containers' modelled figures (all running, at the
 * top of their drift, plus a page of rounding).
 */
function staticBound(rt: PodRuntime): number {
  const annotated = rt.pod.metadata?.annotations?.[MEMORY_USAGE_ANNOTATION] !== undefined;
  let sum = 0;
  for (let i = 0; i < rt.containers.length; i++) {
    const c = rt.containers[i];
    const b = c.behaviour;
    // Without the annotation the behaviour's figure is the default one: no parsing needed.
    const spec = annotated ? specAt(rt.pod, i) : undefined;
    const usage =
      (spec ? defaultMemoryUsage(spec) : b.memoryUsage) *
        (1 + driftAmplitude(rt.pod, c.name).memory) +
      4096;
    sum += b.memoryLimit > 0 && usage > b.memoryLimit ? b.memoryLimit : usage;
  }
  return sum;
}

export class EvictionManager {
  /** Pods (by key) whose object sets the memory-usage (or usage-drift) annotation now. */
  private readonly annotated = new Set<string>();
  /** Per pod, its default-usage upper bound; and their sum. */
  private readonly bounds = new Map<string, number>();
  private bound = 0;
  private pressure = false;
  private lastMetAt: number | undefined;
  private cleanupTimer: TimerId | undefined;

  constructor(
    private readonly host: EvictionHost,
    /** Node memory capacity, bytes. */
    readonly capacity: number,
    readonly threshold = MEMORY_AVAILABLE_THRESHOLD,
    readonly transitionPeriodMs = PRESSURE_TRANSITION_PERIOD_MS,
  ) {}

  /** Whether the node reports MemoryPressure (threshold met within the transition period). */
  underMemoryPressure(): boolean {
    return this.pressure;
  }

  /** The kubelet started a worker for `key`. */
  track(key: string, worker: PodWorker): void {
    this.untrack(key);
    const b = staticBound(worker.rt);
    this.bounds.set(key, b);
    this.bound += b;
    this.podUpdated(key, worker.rt.pod);
  }

  /** The kubelet forgot the worker of `key`. */
  untrack(key: string): void {
    const b = this.bounds.get(key);
    if (b === undefined) return;
    this.bounds.delete(key);
    this.bound -= b;
    this.annotated.delete(key);
  }

  /** A pod object changed: note whether it sets the memory-usage or usage-drift annotation. */
  podUpdated(key: string, pod: Pod): void {
    const a = pod.metadata?.annotations;
    if (a?.[MEMORY_USAGE_ANNOTATION] !== undefined || a?.[USAGE_DRIFT_ANNOTATION] !== undefined)
      this.annotated.add(key);
    else if (this.annotated.size > 0) this.annotated.delete(key);
  }

  /** The kubelet stopped: a restarted kubelet starts without conditions, as a new process does. */
  reset(): void {
    if (this.cleanupTimer !== undefined) this.host.clock.clearTimer(this.cleanupTimer);
    this.cleanupTimer = undefined;
    this.annotated.clear();
    this.bounds.clear();
    this.bound = 0;
    this.pressure = false;
    this.lastMetAt = undefined;
  }

  /** The `memory.available` signal now (makeMemoryAvailableSignalObservation). */
  observe(): MemoryObservation {
    const now = this.host.clock.now();
    let workingSet = NODE_OVERHEAD.memory;
    for (const w of this.host.podWorkers()) workingSet += podWorkingSet(w.rt, now);
    return { capacity: this.capacity, workingSet, available: this.capacity - workingSet };
  }

  /**
   * Admit (eviction_manager.go): under memory pressure, a BestEffort pod that does not tolerate the
   * memory-pressure taint is refused; returns the refusal message, or undefined to admit.
   */
  admit(pod: Pod): string | undefined {
    if (!this.pressure || isCriticalPod(pod) || qosClass(pod) !== 'BestEffort') return undefined;
    const tolerations: Toleration[] = pod.spec?.tolerations ?? [];
    if (tolerations.some((t) => toleratesTaint(t, MEMORY_PRESSURE_TAINT))) return undefined;
    return 'The node had condition: [MemoryPressure]. ';
  }

  /** The housekeeping tick (every 10 s): evaluate unless nothing on the node can reach the threshold. */
  housekeeping(): void {
    if (this.cleanupTimer !== undefined) return;
    if (
      !this.pressure &&
      this.annotated.size === 0 &&
      this.capacity - NODE_OVERHEAD.memory - this.bound >= this.threshold
    )
      return;
    this.synchronize();
  }

  /** synchronize: observe, update the pressure verdict, evict at most one pod. */
  synchronize(): void {
    const now = this.host.clock.now();
    const observed = this.observe();
    const met = observed.available < this.threshold;
    if (met) this.lastMetAt = now;
    const pressure = this.lastMetAt !== undefined && now - this.lastMetAt < this.transitionPeriodMs;
    if (pressure !== this.pressure) {
      this.pressure = pressure;
      this.host.memoryPressureChanged();
    }
    if (!met) return;
    this.host.nodeEvent('Warning', 'EvictionThresholdMet', 'Attempting to reclaim memory');
    this.evictOne(observed);
  }

  private evictOne(observed: MemoryObservation): void {
    const now = this.host.clock.now();
    const candidates: (RankedPod & { worker: PodWorker })[] = [];
    for (const worker of this.host.podWorkers()) {
      const rt = worker.rt;
      if (rt.terminating || rt.finished) continue;
      candidates.push({
        worker,
        hasStats: rt.sandboxReady,
        usage: podWorkingSet(rt, now),
        request: podMemoryRequest(rt.pod),
        priority: rt.pod.spec?.priority ?? 0,
      });
    }
    candidates.sort(compareForMemoryEviction);
    for (const candidate of candidates) {
      const rt = candidate.worker.rt;
      if (isCriticalPod(rt.pod)) continue;
      const message = this.evictionMessage(rt, candidate.hasStats, observed);
      this.host.event(rt.pod, 'Warning', 'Evicted', message);
      const condition: PodCondition = {
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'TerminationByKubelet',
        message,
        lastProbeTime: null as unknown as string,
        lastTransitionTime: formatTimestamp(this.host.clock.now()),
      };
      const stopMs = candidate.worker.terminateAbnormally(IMMEDIATE_EVICTION_GRACE_SECONDS, {
        reason: 'Evicted',
        message,
        condition,
      });
      if (stopMs === undefined) continue;
      this.waitForCleanup(stopMs);
      return;
    }
  }

  /** waitForPodsCleanup: poll every second until the evicted pod has stopped, then evaluate again. */
  private waitForCleanup(stopMs: number): void {
    const gen = this.host.generation();
    const delay = (Math.floor(stopMs / POD_CLEANUP_POLL_MS) + 1) * POD_CLEANUP_POLL_MS;
    this.cleanupTimer = this.host.clock.setTimer(
      delay,
      () => {
        this.cleanupTimer = undefined;
        if (this.host.generation() === gen) this.synchronize();
      },
      'kubelet eviction',
    );
  }

  /** evictionMessage (helpers.go): the node's shortage, then each container using more than it requested. */
  private evictionMessage(rt: PodRuntime, hasStats: boolean, observed: MemoryObservation): string {
    let message =
      `The node was low on resource: memory. ` +
      `Threshold quantity: ${formatBinaryQuantity(this.threshold)}, ` +
      `available: ${formatBinaryQuantity(observed.available)}. `;
    if (!hasStats) return message;
    for (let i = 0; i < rt.containers.length; i++) {
      const c = rt.containers[i];
      if (!c.running) continue;
      const spec = specAt(rt.pod, i);
      const requestText = memoryRequestText(spec);
      const usage = containerUsage(rt.pod, c, spec, this.host.clock.now());
      if (usage > intValue(requestText))
        message += `Container ${c.name} was using ${formatBinaryQuantity(usage)}, request is ${formatRequest(requestText)}, has larger consumption of memory. `;
    }
    return message;
  }
}
