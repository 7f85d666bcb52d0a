/**
 * Conversion between served versions of one resource. Only autoscaling has two served versions
 * among the built-ins: objects are stored as autoscaling/v2 and converted for autoscaling/v1
 * (pkg/apis/autoscaling/v1/conversion.go: targetCPUUtilizationPercentage <-> a cpu Resource
 * metric with an Utilization target; the rest of v2 is kept in an annotation upstream).
 */
import type { KubeObject } from '../api/types.ts';
import type { ResourceInfo } from './resources.ts';

const HPA_V2_METRICS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/metrics';

interface HpaV2Spec {
  scaleTargetRef?: unknown;
  minReplicas?: number;
  maxReplicas?: number;
  metrics?: {
    type?: string;
    resource?: { name?: string; target?: { type?: string; averageUtilization?: number } };
  }[];
  behavior?: unknown;
}

/** Converts a stored object to the version the request asked for. */
export function toServedVersion(obj: KubeObject, info: ResourceInfo): KubeObject {
  const apiVersion = info.group ? `${info.group}/${info.version}` : info.version;
  if (obj.apiVersion === apiVersion) return obj;
  if (info.group === 'autoscaling' && info.version === 'v1') return hpaV2ToV1(obj);
  if (info.group === 'autoscaling' && info.version === 'v2') return hpaV1ToV2(obj);
  return { ...obj, apiVersion };
}

/** Converts a request body to the storage version (the preferred version). */
export function toStorageVersion(
  obj: KubeObject,
  info: ResourceInfo,
  storage: ResourceInfo,
): KubeObject {
  if (info.version === storage.version) return obj;
  return toServedVersion(
    { ...obj, apiVersion: info.group ? `${info.group}/${info.version}` : info.version },
    storage,
  );
}

function hpaV2ToV1(obj: KubeObject): KubeObject {
  const spec = (obj.spec ?? {}) as HpaV2Spec;
  const cpu = spec.metrics?.find(
    (m) =>
      m.type === 'Resource' &&
      m.resource?.name === 'cpu' &&
      m.resource.target?.type === 'Utilization',
  );
  const v1Spec: Record<string, unknown> = {
    scaleTargetRef: spec.scaleTargetRef,
    maxReplicas: spec.maxReplicas,
  };
  if (spec.minReplicas !== undefined) v1Spec.minReplicas = spec.minReplicas;
  if (cpu?.resource?.target?.averageUtilization !== undefined)
    v1Spec.targetCPUUtilizationPercentage = cpu.resource.target.averageUtilization;
  const status = (obj.status ?? {}) as Record<string, unknown>;
  const v1Status: Record<string, unknown> = {};
  for (const key of ['observedGeneration', 'lastScaleTime', 'currentReplicas', 'desiredReplicas'])
    if (status[key] !== undefined) v1Status[key] = status[key];
  const currentCpu = (
    status.currentMetrics as
      { resource?: { name?: string; current?: { averageUtilization?: number } } }[] | undefined
  )?.find((m) => m.resource?.name === 'cpu');
  if (currentCpu?.resource?.current?.averageUtilization !== undefined)
    v1Status.currentCPUUtilizationPercentage = currentCpu.resource.current.averageUtilization;
  const others = (spec.metrics ?? []).filter((m) => m !== cpu);
  const metadata = { ...obj.metadata };
  if (others.length > 0)
    metadata.annotations = {
      ...(metadata.annotations ?? {}),
      [HPA_V2_METRICS_ANNOTATION]: JSON.stringify(others),
    };
  return { apiVersion: 'autoscaling/v1', kind: obj.kind, metadata, spec: v1Spec, status: v1Status };
}

function hpaV1ToV2(obj: KubeObject): KubeObject {
  const spec = (obj.spec ?? {}) as Record<string, unknown>;
  const metadata = { ...obj.metadata };
  let metrics: unknown[] = [];
  const annotations = { ...(metadata.annotations ?? {}) };
  if (annotations[HPA_V2_METRICS_ANNOTATION]) {
    try {
      metrics = JSON.parse(annotations[HPA_V2_METRICS_ANNOTATION]) as unknown[];
    } catch {
      metrics = [];
    }
    delete annotations[HPA_V2_METRICS_ANNOTATION];
    metadata.annotations = annotations;
    if (Object.keys(annotations).length === 0) delete metadata.annotations;
  }
  if (typeof spec.targetCPUUtilizationPercentage === 'number') {
    metrics.unshift({
      type: 'Resource',
      resource: {
        name: 'cpu',
        target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage },
      },
    });
  }
  const v2Spec: Record<string, unknown> = {
    scaleTargetRef: spec.scaleTargetRef,
    maxReplicas: spec.maxReplicas,
  };
  if (spec.minReplicas !== undefined) v2Spec.minReplicas = spec.minReplicas;
  if (metrics.length > 0) v2Spec.metrics = metrics;
  const status = (obj.status ?? {}) as Record<string, unknown>;
  const v2Status: Record<string, unknown> = {};
  for (const key of ['observedGeneration', 'lastScaleTime', 'currentReplicas', 'desiredReplicas'])
    if (status[key] !== undefined) v2Status[key] = status[key];
  if (typeof status.currentCPUUtilizationPercentage === 'number') {
    v2Status.currentMetrics = [
      {
        type: 'Resource',
        resource: {
          name: 'cpu',
          current: { averageUtilization: status.currentCPUUtilizationPercentage },
        },
      },
    ];
  }
  const out: KubeObject = { apiVersion: 'autoscaling/v2', kind: obj.kind, metadata, spec: v2Spec };
  if (obj.status !== undefined) out.status = v2Status;
  return out;
}
