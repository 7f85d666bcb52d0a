/**
 * Usage drift: a simulated container's CPU and memory usage wander smoothly around their set (or
 * default) figures, as a real process's do, so `kubectl top`, the HPA and the eviction manager see
 * living numbers.
 *
 * The drift is a pure function of the container's identity (pod uid and container name) and the
 * virtual time: hash-based value noise (a hashed random value every lattice period, blended with a
 * smoothstep), so it consumes no rng state, needs no timers and costs nothing until someone reads
 * usage (the metrics API, the eviction manager). The same uid gives the same series; two pods get
 * different ones.
 *
 * - CPU: +-5 % by default, the sum of a slow wander (5 min lattice) and a faster one (45 s), in
 *   whole millicores (so a container idling at a few millicores stays put).
 * - Memory: less (0.4 x the CPU amplitude, +-2 %), slow only (10 min lattice), rounded to 4 KiB
 *   pages as a working set is. It never goes over the container's memory limit (nor CPU over its
 *   CPU limit: throttling caps it) unless the set figure itself is over it: a set memory usage over
 *   the limit still gets the container OOMKilled (pod-worker.ts).
 * - Annotation `sim.k8s-explorer.io/usage-drift`: `0` (or `off`) for exact figures, `10%` (or `10`)
 *   for another CPU amplitude (memory gets 0.4 x it); per pod or `name=value` per container.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { ANNOTATION_PREFIX, annotationFor } from './container-behaviour.ts';

/** The annotation that sets (or turns off) the drift amplitude. */
export const USAGE_DRIFT_ANNOTATION = `${ANNOTATION_PREFIX}usage-drift`;
/** Default CPU drift amplitude: +-5 %, half the HPA's 10 % tolerance. */
export const DEFAULT_CPU_DRIFT = 0.05;
/** Memory wanders less than CPU: this share of the CPU amplitude (+-2 % by default). */
export const MEMORY_DRIFT_SHARE = 0.4;
export const DEFAULT_MEMORY_DRIFT = 0.02;
/** Largest accepted amplitude, so usage stays positive. */
export const MAX_DRIFT = 0.9;
const CPU_SLOW_PERIOD_MS = 5 * 60_000;
const CPU_FAST_PERIOD_MS = 45_000;
const CPU_SLOW_WEIGHT = 0.65;
const MEMORY_PERIOD_MS = 10 * 60_000;
const PAGE_BYTES = 4096;
/** Distinct streams for the CPU octaves and memory. */
const CPU_SLOW_SALT = 0x68e31da4;
const CPU_FAST_SALT = 0xb5297a4d;
const MEMORY_SALT = 0x1b56c4e9;

/** Drift amplitudes as fractions of the set figure (0 = exact). */
export interface DriftAmplitude {
  cpu: number;
  memory: number;
}

/** Usage in millicores and bytes. */
export interface DriftUsage {
  milliCPU: number;
  memory: number;
}

const DEFAULT_AMPLITUDE: DriftAmplitude = {
  cpu: DEFAULT_CPU_DRIFT,
  memory: DEFAULT_MEMORY_DRIFT,
};
const NO_DRIFT: DriftAmplitude = { cpu: 0, memory: 0 };

/** The amplitudes for `container` of `pod`: the `usage-drift` annotation, else +-5 % / +-2 %. */
export function driftAmplitude(pod: Pod, container: string): DriftAmplitude {
  if (pod.metadata?.annotations?.[USAGE_DRIFT_ANNOTATION] === undefined) return DEFAULT_AMPLITUDE;
  const text = annotationFor(pod, 'usage-drift', container);
  if (text === undefined) return DEFAULT_AMPLITUDE;
  if (text === 'off' || text === 'false') return NO_DRIFT;
  const n = Number(text.endsWith('%') ? text.slice(0, -1) : text);
  if (!Number.isFinite(n) || n < 0) return DEFAULT_AMPLITUDE;
  if (n === 0) return NO_DRIFT;
  const cpu = Math.min(n / 100, MAX_DRIFT);
  return { cpu, memory: cpu * MEMORY_DRIFT_SHARE };
}

/** FNV-1a of a string: the seed of a container's series. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A 32-bit integer finaliser (lowbias32): well-spread bits from nearby inputs. */
function mix(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** The hashed value in [-1, 1] at lattice point `k` of stream `seed`. */
function lattice(seed: number, k: number): number {
  const lo = k >>> 0;
  const hi = Math.floor(k / 4294967296) >>> 0;
  return (mix(seed ^ mix(lo ^ mix(hi + 0x9e3779b9))) / 4294967296) * 2 - 1;
}

/** Smooth value noise in [-1, 1]: hashed values every `periodMs`, blended with a smoothstep. */
export function valueNoise(seed: number, tMs: number, periodMs: number): number {
  const x = tMs / periodMs;
  const k = Math.floor(x);
  const f = x - k;
  const s = f * f * (3 - 2 * f);
  const a = lattice(seed, k);
  return a + (lattice(seed, k + 1) - a) * s;
}

/** The CPU drift factor in [-1, 1] of series `seed` at `tMs` (a slow and a faster wander). */
export function cpuNoise(seed: number, tMs: number): number {
  return (
    CPU_SLOW_WEIGHT * valueNoise(seed ^ CPU_SLOW_SALT, tMs, CPU_SLOW_PERIOD_MS) +
    (1 - CPU_SLOW_WEIGHT) * valueNoise(seed ^ CPU_FAST_SALT, tMs, CPU_FAST_PERIOD_MS)
  );
}

/** The memory drift factor in [-1, 1] of series `seed` at `tMs` (slow only). */
export function memoryNoise(seed: number, tMs: number): number {
  return valueNoise(seed ^ MEMORY_SALT, tMs, MEMORY_PERIOD_MS);
}

/** The series seed of a container: its pod's uid (else namespace/name) and its name. */
export function containerSeed(pod: Pod, container: string): number {
  const m = pod.metadata;
  return hashString(`${m?.uid ?? `${m?.namespace ?? ''}/${m?.name ?? ''}`}/${container}`);
}

/**
 * A container's usage at virtual time `nowMs`: `base` (its set or default figures) drifted by its
 * amplitudes, capped at `limits` (0 = none) unless `base` is already over them.
 */
export function driftedUsage(
  pod: Pod,
  container: string,
  base: DriftUsage,
  limits: DriftUsage,
  nowMs: number,
): DriftUsage {
  const amp = driftAmplitude(pod, container);
  if (amp.cpu === 0 && amp.memory === 0) return base;
  const seed = containerSeed(pod, container);
  let milliCPU = base.milliCPU;
  if (amp.cpu > 0 && milliCPU > 0) {
    // Whole millicores: kubectl top prints Quantity.MilliValue() (rounded up), which our kubectl
    // matches only for whole millicores (it rounds to the nearest).
    const hi = Math.floor(milliCPU * (1 + amp.cpu) + 1e-9);
    const lo = Math.ceil(milliCPU * (1 - amp.cpu) - 1e-9);
    milliCPU = Math.min(
      hi,
      Math.max(lo, Math.round(milliCPU * (1 + amp.cpu * cpuNoise(seed, nowMs)))),
    );
    if (limits.milliCPU > 0 && base.milliCPU <= limits.milliCPU && milliCPU > limits.milliCPU)
      milliCPU = limits.milliCPU;
  }
  let memory = base.memory;
  if (amp.memory > 0 && memory > 0) {
    memory =
      Math.round((memory * (1 + amp.memory * memoryNoise(seed, nowMs))) / PAGE_BYTES) * PAGE_BYTES;
    if (limits.memory > 0 && base.memory <= limits.memory && memory > limits.memory)
      memory = limits.memory;
  }
  return { milliCPU, memory };
}
