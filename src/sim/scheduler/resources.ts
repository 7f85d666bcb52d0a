/**
 * A pod's resource requests as the scheduler counts them (k8s.io/component-helpers/resource
 * PodRequests): the sum over app containers and restartable (sidecar) init containers, or the
 * largest single init container plus the sidecars started before it, whichever is larger, plus
 * the pod overhead. Scoring uses "non-zero" requests: 100m CPU and 200Mi memory for a container
 * that requests nothing (pkg/scheduler/util/pod_resources.go), so empty pods still spread.
 */
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { intValue, milliValue } from './quantity.ts';

export interface Resources {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  /** Extended resources (`nvidia.com/gpu`, hugepages...) by name. */
  scalar: Record<string, number>;
}

export interface PodResources extends Resources {
  nonZeroMilliCPU: number;
  nonZeroMemory: number;
}

export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/** Zero resources. */
export function emptyResources(): Resources {
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0, scalar: {} };
}

/** Adds a ResourceList (`{cpu: '100m', memory: '64Mi'}`) into `into`. */
export function addResourceList(into: Resources, list: Record<string, unknown> | undefined): void {
  if (!list) return;
  for (const [name, q] of Object.entries(list)) {
    if (name === 'cpu') into.milliCPU += milliValue(q);
    else if (name === 'memory') into.memory += intValue(q);
    else if (name === 'ephemeral-storage') into.ephemeralStorage += intValue(q);
    else if (name !== 'pods') into.scalar[name] = (into.scalar[name] ?? 0) + intValue(q);
  }
}

function containerRequests(c: Container): Resources {
  const r = emptyResources();
  addResourceList(r, (c.resources?.requests ?? c.resources?.limits) as Record<string, unknown>);
  return r;
}

function maxInto(into: Resources, other: Resources): void {
  into.milliCPU = Math.max(into.milliCPU, other.milliCPU);
  into.memory = Math.max(into.memory, other.memory);
  into.ephemeralStorage = Math.max(into.ephemeralStorage, other.ephemeralStorage);
  for (const [k, v] of Object.entries(other.scalar))
    into.scalar[k] = Math.max(into.scalar[k] ?? 0, v);
}

function addInto(into: Resources, other: Resources): void {
  into.milliCPU += other.milliCPU;
  into.memory += other.memory;
  into.ephemeralStorage += other.ephemeralStorage;
  for (const [k, v] of Object.entries(other.scalar)) into.scalar[k] = (into.scalar[k] ?? 0) + v;
}

/** A pod's effective requests (and non-zero requests for scoring). */
export function podRequests(pod: Pod): PodResources {
  const spec = pod.spec;
  const total = emptyResources();
  let nonZeroCPU = 0;
  let nonZeroMem = 0;
  for (const c of spec?.containers ?? []) {
    const r = containerRequests(c);
    addInto(total, r);
    nonZeroCPU += r.milliCPU || DEFAULT_MILLI_CPU_REQUEST;
    nonZeroMem += r.memory || DEFAULT_MEMORY_REQUEST;
  }
  // Init containers run one at a time, but restartable (sidecar) ones keep running.
  const sidecars = emptyResources();
  const initMax = emptyResources();
  for (const c of spec?.initContainers ?? []) {
    const r = containerRequests(c);
    if (c.restartPolicy === 'Always') {
      addInto(total, r);
      addInto(sidecars, r);
      nonZeroCPU += r.milliCPU || DEFAULT_MILLI_CPU_REQUEST;
      nonZeroMem += r.memory || DEFAULT_MEMORY_REQUEST;
    } else {
      const withSidecars = emptyResources();
      addInto(withSidecars, sidecars);
      addInto(withSidecars, r);
      maxInto(initMax, withSidecars);
    }
  }
  maxInto(total, initMax);
  nonZeroCPU = Math.max(nonZeroCPU, initMax.milliCPU);
  nonZeroMem = Math.max(nonZeroMem, initMax.memory);
  addResourceList(total, spec?.overhead as Record<string, unknown> | undefined);
  return { ...total, nonZeroMilliCPU: nonZeroCPU, nonZeroMemory: nonZeroMem };
}

/** Node allocatable as numbers. */
export function allocatableOf(status: { allocatable?: Record<string, unknown> } | undefined): {
  resources: Resources;
  pods: number;
} {
  const resources = emptyResources();
  addResourceList(resources, status?.allocatable);
  return { resources, pods: intValue(status?.allocatable?.pods ?? 110) };
}
