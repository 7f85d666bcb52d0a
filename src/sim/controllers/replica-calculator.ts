/**
 * The HPA's replica calculation for resource metrics
 * (pkg/controller/podautoscaler/replica_calculator.go `GetResourceReplicas`): the usage ratio of
 * the ready pods against the target; within the tolerance (0.1) nothing changes; pods without
 * metrics count as 100% of their request on a scale-down and 0% on a scale-up, unready pods as 0%
 * on a scale-up, and a correction that flips the direction cancels the change.
 */

export const HPA_TOLERANCE = 0.1;

export interface PodSample {
  name: string;
  /** Resource usage (millicores or bytes), undefined without a metric. */
  usage: number | undefined;
  /** Sum of container requests, undefined when a container has none. */
  request: number | undefined;
  ready: boolean;
  /** Being deleted or Failed: ignored. */
  ignored: boolean;
}

export interface Calculation {
  replicas: number;
  /** Average utilization in percent of the request (integer), of the pods with metrics. */
  utilization?: number;
  /** Average raw usage per pod. */
  averageValue: number;
}

/** Computes the proposal for a Utilization target (percent) or an AverageValue target. */
export function resourceReplicas(
  current: number,
  pods: PodSample[],
  target: { utilization?: number; averageValue?: number },
  tolerance = HPA_TOLERANCE,
): Calculation | string {
  if (pods.length === 0) return 'no pods returned by selector while calculating replica count';
  const metrics = new Map<string, number>();
  const requests = new Map<string, number>();
  const missing: PodSample[] = [];
  const unready: PodSample[] = [];
  let ready = 0;
  for (const p of pods) {
    if (p.ignored) continue;
    if (p.usage === undefined) {
      missing.push(p);
      continue;
    }
    if (!p.ready) {
      unready.push(p);
      continue;
    }
    metrics.set(p.name, p.usage);
    ready++;
  }
  if (metrics.size === 0 && missing.length === 0 && unready.length === 0)
    return 'did not receive metrics for targeted pods (pods might be unready)';
  for (const p of pods) {
    if (p.ignored) continue;
    if (target.utilization !== undefined) {
      if (p.request === undefined || p.request <= 0)
        return `missing request for cpu in pod ${p.name}`;
      requests.set(p.name, p.request);
    }
  }
  const ratioOf = (m: Map<string, number>) => {
    let usage = 0;
    let request = 0;
    for (const [name, v] of m) {
      usage += v;
      request += requests.get(name) ?? 0;
    }
    if (target.utilization !== undefined) {
      const utilization = request > 0 ? Math.floor((usage * 100) / request) : 0;
      return {
        ratio: utilization / target.utilization,
        utilization,
        average: m.size ? usage / m.size : 0,
      };
    }
    const average = m.size ? usage / m.size : 0;
    return { ratio: average / (target.averageValue ?? 1), utilization: undefined, average };
  };
  if (metrics.size === 0) {
    // Everything is unready or missing: nothing to compare against.
    return { replicas: current, averageValue: 0 };
  }
  const first = ratioOf(metrics);
  const scaleUpWithUnready = unready.length > 0 && first.ratio > 1;
  if (!scaleUpWithUnready && missing.length === 0) {
    if (Math.abs(1 - first.ratio) <= tolerance)
      return { replicas: current, utilization: first.utilization, averageValue: first.average };
    const valueRatio =
      target.utilization !== undefined ? first.ratio : first.average / (target.averageValue ?? 1);
    return {
      replicas: Math.ceil(valueRatio * ready),
      utilization: first.utilization,
      averageValue: first.average,
    };
  }
  const adjusted = new Map(metrics);
  if (missing.length > 0) {
    for (const p of missing) {
      if (first.ratio < 1) {
        const fallback =
          target.utilization !== undefined
            ? ((p.request ?? 0) * Math.max(100, target.utilization)) / 100
            : (target.averageValue ?? 0);
        adjusted.set(p.name, fallback);
      } else if (first.ratio > 1) adjusted.set(p.name, 0);
    }
  }
  if (scaleUpWithUnready) for (const p of unready) adjusted.set(p.name, 0);
  const next = ratioOf(adjusted);
  const result = { utilization: first.utilization, averageValue: first.average };
  if (
    Math.abs(1 - next.ratio) <= tolerance ||
    (first.ratio < 1 && next.ratio > 1) ||
    (first.ratio > 1 && next.ratio < 1)
  )
    return { replicas: current, ...result };
  const proposed = Math.ceil(next.ratio * adjusted.size);
  if ((next.ratio < 1 && proposed > current) || (next.ratio > 1 && proposed < current))
    return { replicas: current, ...result };
  return { replicas: proposed, ...result };
}
