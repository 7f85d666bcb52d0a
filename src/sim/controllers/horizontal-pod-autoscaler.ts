/**
 * The HorizontalPodAutoscaler controller (pkg/controller/podautoscaler/horizontal.go): every 15 s
 * (--horizontal-pod-autoscaler-sync-period) read the target's scale, the pods it selects and their
 * CPU/memory usage, compute a proposal per metric (the largest wins), normalise it with the
 * behaviour rules, write the new scale and the autoscaling/v2 status. Usage comes from the metrics
 * API (`metrics.k8s.io/v1beta1` PodMetrics) when served, else from the kubelet's container model
 * (annotations `sim.k8s-explorer.io/cpu-usage` / `memory-usage`, else a fifth of the request).
 */
import type { Container as K8sContainer, Pod as K8sPod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/types.ts';
import { apiPath } from '../client.ts';
import { formatTimestamp } from '../clock.ts';
import { containerBehaviour } from '../node/container-behaviour.ts';
import { parseQuantity } from '../scheduler/quantity.ts';
import type { ControllerContext } from './context.ts';
import {
  defaultBehavior,
  normalizeDesiredReplicas,
  type Behavior,
  type ScaleEvent,
} from './hpa-behavior.ts';
import { resourceReplicas, type PodSample } from './replica-calculator.ts';
import { writeStatus } from './status-writer.ts';
import {
  isPodReady,
  keyOf,
  selectorMatches,
  setCondition,
  type Condition,
  type LabelSelectorSpec,
  type Pod,
} from './util.ts';

const USER = 'horizontal-pod-autoscaler';
export const HPA_SYNC_PERIOD_MS = 15_000;

interface MetricSpec {
  type: string;
  resource?: {
    name: string;
    target?: { type?: string; averageUtilization?: number; averageValue?: string };
  };
}

export interface HorizontalPodAutoscaler extends KubeObject {
  spec?: {
    scaleTargetRef?: { apiVersion?: string; kind?: string; name?: string };
    minReplicas?: number;
    maxReplicas?: number;
    metrics?: MetricSpec[];
    behavior?: Behavior;
  };
  status?: { conditions?: Condition[]; lastScaleTime?: string; [k: string]: unknown };
}

const TARGET_RESOURCES: Record<string, { apiVersion: string; resource: string }> = {
  Deployment: { apiVersion: 'apps/v1', resource: 'deployments' },
  ReplicaSet: { apiVersion: 'apps/v1', resource: 'replicasets' },
  StatefulSet: { apiVersion: 'apps/v1', resource: 'statefulsets' },
  ReplicationController: { apiVersion: 'v1', resource: 'replicationcontrollers' },
};

type Container = { resources?: { requests?: Record<string, string> } };

function podRequest(pod: Pod, resource: string): number | undefined {
  let total = 0;
  for (const c of (pod.spec?.containers as Container[] | undefined) ?? []) {
    const q = c.resources?.requests?.[resource];
    if (q === undefined) return undefined;
    total += resource === 'cpu' ? parseQuantity(q) * 1000 : parseQuantity(q);
  }
  return total;
}

/**
 * The modelled usage of a running pod (millicores for cpu, bytes for memory): the kubelet's
 * container behaviour model (`sim.k8s-explorer.io/cpu-usage` / `memory-usage`, else a fifth of
 * the CPU request), summed over the app containers.
 */
export function modelledUsage(pod: Pod, resource: string): number {
  let total = 0;
  for (const c of (pod.spec?.containers as Container[] | undefined) ?? []) {
    const b = containerBehaviour(pod as K8sPod, c as K8sContainer, 'app');
    total += resource === 'cpu' ? b.milliCPUUsage : b.memoryUsage;
  }
  return total;
}

/** Starts the HPA controller. */
export function startHorizontalPodAutoscalerController(ctx: ControllerContext): void {
  const client = ctx.client(USER);
  const recorder = ctx.recorder(USER);
  const hpas = ctx.informers.for<HorizontalPodAutoscaler>(
    'autoscaling/v2',
    'horizontalpodautoscalers',
  );
  const pods = ctx.informers.for<Pod>('v1', 'pods');
  const queue = ctx.queue(USER, sync);
  const memory = new Map<
    string,
    { recommendations: { at: number; replicas: number }[]; up: ScaleEvent[]; down: ScaleEvent[] }
  >();
  hpas.on({
    add: (h) => queue.add(keyOf(h)),
    update: (o, h) => {
      if (o.metadata?.generation !== h.metadata?.generation) queue.add(keyOf(h));
    },
    delete: (h) => memory.delete(h.metadata?.uid ?? ''),
  });

  /** Usage per pod name from the metrics API, or undefined when it is not served. */
  function metricsApi(namespace: string, resource: string): Map<string, number> | undefined {
    const res = client.list<KubeObject>(apiPath('metrics.k8s.io/v1beta1', 'pods', namespace));
    if (!res.ok) return undefined;
    const out = new Map<string, number>();
    for (const item of res.value.items) {
      let sum = 0;
      for (const c of (item.containers as { usage?: Record<string, string> }[] | undefined) ?? []) {
        const q = parseQuantity(c.usage?.[resource]);
        if (Number.isFinite(q)) sum += resource === 'cpu' ? q * 1000 : q;
      }
      out.set(item.metadata?.name ?? '', sum);
    }
    return out;
  }

  function sync(key: string): void {
    const hpa = hpas.get(key);
    if (!hpa || hpa.metadata?.deletionTimestamp) return;
    queue.addAfter(key, HPA_SYNC_PERIOD_MS);
    const now = ctx.clock.now();
    const stamp = formatTimestamp(now);
    const ns = hpa.metadata?.namespace ?? 'default';
    const spec = hpa.spec ?? {};
    const ref = spec.scaleTargetRef ?? {};
    let conditions = [...(hpa.status?.conditions ?? [])];
    const cond = (type: string, status: string, reason: string, message: string) => {
      conditions = setCondition(conditions, {
        type,
        status,
        reason,
        message,
        lastTransitionTime: stamp,
      });
    };
    const write = (extra: Record<string, unknown>) =>
      writeStatus(
        client,
        apiPath('autoscaling/v2', 'horizontalpodautoscalers', ns, hpa.metadata?.name),
        hpa,
        {
          ...(hpa.status ?? {}),
          ...extra,
          conditions,
        },
      );
    const target = TARGET_RESOURCES[ref.kind ?? ''];
    const targetPath = target && apiPath(target.apiVersion, target.resource, ns, ref.name);
    const got = targetPath ? client.get<KubeObject>(targetPath) : undefined;
    if (!got || !got.ok) {
      const message = `the HPA controller was unable to get the target's current scale: ${got && !got.ok ? got.status.message : `no scale for kind ${ref.kind}`}`;
      cond('AbleToScale', 'False', 'FailedGetScale', message);
      recorder.event(
        hpa,
        'Warning',
        'FailedGetScale',
        message.replace("the HPA controller was unable to get the target's current scale: ", ''),
      );
      write({ currentReplicas: 0, desiredReplicas: 0 });
      return;
    }
    const obj = got.value as KubeObject & {
      spec?: { replicas?: number; selector?: LabelSelectorSpec | Record<string, string> };
      status?: { replicas?: number };
    };
    const specReplicas = obj.spec?.replicas ?? 1;
    const statusReplicas = obj.status?.replicas ?? 0;
    const rawSelector = obj.spec?.selector;
    const selector: LabelSelectorSpec | undefined =
      ref.kind === 'ReplicationController'
        ? { matchLabels: rawSelector as Record<string, string> }
        : (rawSelector as LabelSelectorSpec);
    cond(
      'AbleToScale',
      'True',
      'SucceededGetScale',
      "the HPA controller was able to get the target's current scale",
    );
    // recordInitialRecommendation: the size found at the first reconcile is the first
    // recommendation, so an HPA that first lifts a Deployment to minReplicas later sees its idle
    // proposal (below min) as TooFewReplicas rather than stabilized at the lifted size.
    const uid = hpa.metadata?.uid ?? '';
    let mem = memory.get(uid);
    if (!mem)
      memory.set(
        uid,
        (mem = { recommendations: [{ at: now, replicas: specReplicas }], up: [], down: [] }),
      );
    const min = spec.minReplicas ?? 1;
    const max = spec.maxReplicas ?? min;
    if (specReplicas === 0 && min !== 0) {
      cond(
        'ScalingActive',
        'False',
        'ScalingDisabled',
        'scaling is disabled since the replica count of the target is zero',
      );
      write({ currentReplicas: statusReplicas, desiredReplicas: 0 });
      return;
    }
    const selected = [...pods.inNamespace(ns)].filter((p) =>
      selectorMatches(selector, p.metadata?.labels),
    );
    const metrics = spec.metrics?.length
      ? spec.metrics
      : [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
          },
        ];
    let proposal = 0;
    let reasonMetric = '';
    const currentMetrics: unknown[] = [];
    let failure: string | undefined;
    for (const m of metrics) {
      if (m.type !== 'Resource' || !m.resource) {
        failure = `the HPA was unable to compute the replica count: unsupported metric type ${m.type}`;
        continue;
      }
      const resource = m.resource.name;
      const api = metricsApi(ns, resource);
      const samples: PodSample[] = selected.map((p) => ({
        name: p.metadata?.name ?? '',
        usage: api
          ? api.get(p.metadata?.name ?? '')
          : p.status?.phase === 'Running'
            ? modelledUsage(p, resource)
            : undefined,
        request: podRequest(p, resource),
        ready: isPodReady(p),
        ignored: !!p.metadata?.deletionTimestamp || p.status?.phase === 'Failed',
      }));
      const t = m.resource.target ?? {};
      const utilizationTarget =
        t.type === 'Utilization' || t.averageUtilization !== undefined
          ? (t.averageUtilization ?? 80)
          : undefined;
      const averageTarget =
        utilizationTarget === undefined
          ? parseQuantity(t.averageValue) * (resource === 'cpu' ? 1000 : 1)
          : undefined;
      const calc = resourceReplicas(specReplicas, samples, {
        utilization: utilizationTarget,
        averageValue: averageTarget,
      });
      if (typeof calc === 'string') {
        failure = `the HPA was unable to compute the replica count: failed to get ${resource} utilization: ${calc}`;
        recorder.event(
          hpa,
          'Warning',
          'FailedGetResourceMetric',
          `failed to get ${resource} utilization: ${calc}`,
        );
        continue;
      }
      const avg =
        resource === 'cpu'
          ? `${Math.round(calc.averageValue)}m`
          : String(Math.round(calc.averageValue));
      currentMetrics.push({
        type: 'Resource',
        resource: {
          name: resource,
          current: {
            ...(calc.utilization !== undefined ? { averageUtilization: calc.utilization } : {}),
            averageValue: avg,
          },
        },
      });
      if (calc.replicas > proposal) {
        proposal = calc.replicas;
        reasonMetric = `${resource} resource${utilizationTarget !== undefined ? ' utilization (percentage of request)' : ''}`;
      }
    }
    if (failure && currentMetrics.length === 0) {
      cond('ScalingActive', 'False', 'FailedGetResourceMetric', failure);
      write({
        currentReplicas: statusReplicas,
        desiredReplicas: specReplicas,
        currentMetrics: undefined,
      });
      return;
    }
    cond(
      'ScalingActive',
      'True',
      'ValidMetricFound',
      `the HPA was able to successfully calculate a replica count from ${reasonMetric}`,
    );
    let desired: number;
    let limited: { reason: string; message: string } | undefined;
    if (specReplicas > max) {
      desired = max;
      limited = {
        reason: 'TooManyReplicas',
        message: 'the desired replica count is more than the maximum replica count',
      };
    } else if (specReplicas < min) {
      desired = min;
      limited = {
        reason: 'TooFewReplicas',
        message: 'the desired replica count is less than the minimum replica count',
      };
    } else {
      const n = normalizeDesiredReplicas({
        now,
        current: specReplicas,
        proposed: proposal,
        min,
        max,
        behavior: defaultBehavior(spec.behavior),
        recommendations: mem.recommendations,
        upEvents: mem.up,
        downEvents: mem.down,
      });
      desired = n.replicas;
      limited = n.limited;
    }
    cond(
      'ScalingLimited',
      limited ? 'True' : 'False',
      limited?.reason ?? 'DesiredWithinRange',
      limited?.message ?? 'the desired count is within the acceptable range',
    );
    let lastScaleTime = hpa.status?.lastScaleTime;
    if (desired !== specReplicas) {
      const scaled = client.patch(`${targetPath}/scale`, { spec: { replicas: desired } });
      const ok = scaled.ok || client.patch(targetPath ?? '', { spec: { replicas: desired } }).ok;
      if (!ok) {
        cond(
          'AbleToScale',
          'False',
          'FailedUpdateScale',
          'the HPA controller was unable to update the target scale',
        );
        write({ currentReplicas: statusReplicas, desiredReplicas: specReplicas });
        return;
      }
      // reconcileAutoscaler's rescaleReason: the replica bounds win over the metrics.
      const reason =
        specReplicas > max
          ? 'Current number of replicas above Spec.MaxReplicas'
          : specReplicas < min
            ? 'Current number of replicas below Spec.MinReplicas'
            : desired > specReplicas
              ? `${reasonMetric} above target`
              : 'All metrics below target';
      recorder.event(hpa, 'Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${reason}`);
      (desired > specReplicas ? mem.up : mem.down).push({
        at: now,
        change: Math.abs(desired - specReplicas),
      });
      cond(
        'AbleToScale',
        'True',
        'SucceededRescale',
        `the HPA controller was able to update the target scale to ${desired}`,
      );
      lastScaleTime = stamp;
    } else {
      cond('AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size');
    }
    write({
      observedGeneration: hpa.metadata?.generation ?? 1,
      lastScaleTime,
      currentReplicas: statusReplicas,
      desiredReplicas: desired,
      currentMetrics: currentMetrics.length ? currentMetrics : undefined,
    });
  }
}
