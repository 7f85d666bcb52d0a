/**
 * HPA scaling behaviour (pkg/controller/podautoscaler/horizontal.go
 * `normalizeDesiredReplicasWithBehaviors`, defaults from pkg/apis/autoscaling/v2/defaults.go):
 * stabilization windows (the highest recommendation of the last 300 s when scaling down, the
 * lowest of the scale-up window when scaling up) and rate policies (scale up by at most
 * max(4 pods, 100%) per 15 s, scale down by at most 100% per 15 s), then min/max replicas.
 */

export interface ScalingPolicy {
  type: 'Pods' | 'Percent';
  value: number;
  periodSeconds: number;
}

export interface ScalingRules {
  stabilizationWindowSeconds?: number;
  selectPolicy?: 'Max' | 'Min' | 'Disabled';
  policies?: ScalingPolicy[];
}

export interface Behavior {
  scaleUp?: ScalingRules;
  scaleDown?: ScalingRules;
}

/** HorizontalPodAutoscalerDownscaleStabilizationWindow default. */
export const DOWNSCALE_STABILIZATION_SECONDS = 300;

/** The v2 defaults for unset behavior fields (GenerateHPAScaleUpRules / ScaleDownRules). */
export function defaultBehavior(b: Behavior | undefined): Required<Behavior> {
  const up = b?.scaleUp ?? {};
  const down = b?.scaleDown ?? {};
  return {
    scaleUp: {
      stabilizationWindowSeconds: up.stabilizationWindowSeconds ?? 0,
      selectPolicy: up.selectPolicy ?? 'Max',
      policies: up.policies ?? [
        { type: 'Pods', value: 4, periodSeconds: 15 },
        { type: 'Percent', value: 100, periodSeconds: 15 },
      ],
    },
    scaleDown: {
      stabilizationWindowSeconds:
        down.stabilizationWindowSeconds ?? DOWNSCALE_STABILIZATION_SECONDS,
      selectPolicy: down.selectPolicy ?? 'Max',
      policies: down.policies ?? [{ type: 'Percent', value: 100, periodSeconds: 15 }],
    },
  };
}

export interface ScaleEvent {
  at: number;
  /** Replicas added (positive) or removed (positive, in the down list). */
  change: number;
}

export interface Normalized {
  replicas: number;
  /** ScalingLimited reason and message when a limit applied. */
  limited?: { reason: string; message: string };
}

/** Applies stabilization, rate policies and min/max to a raw proposal. */
export function normalizeDesiredReplicas(args: {
  now: number;
  current: number;
  proposed: number;
  min: number;
  max: number;
  behavior: Required<Behavior>;
  /** Past recommendations (mutated: this one is recorded, stale ones dropped). */
  recommendations: { at: number; replicas: number }[];
  upEvents: ScaleEvent[];
  downEvents: ScaleEvent[];
}): Normalized {
  const { now, current, proposed, behavior } = args;
  const upWindow = (behavior.scaleUp.stabilizationWindowSeconds ?? 0) * 1000;
  const downWindow = (behavior.scaleDown.stabilizationWindowSeconds ?? 0) * 1000;
  // maybeInitScaleDownStabilizationWindow: a new HPA starts with the current size on record, so
  // it cannot scale down before a full window has passed.
  if (args.recommendations.length === 0 && downWindow > 0)
    args.recommendations.push({ at: now, replicas: current });
  let up = proposed;
  let down = proposed;
  for (const r of args.recommendations) {
    if (r.at > now - upWindow) up = Math.min(up, r.replicas);
    if (r.at > now - downWindow) down = Math.max(down, r.replicas);
  }
  const keep = Math.max(upWindow, downWindow);
  const fresh = args.recommendations.filter((r) => r.at > now - keep);
  args.recommendations.length = 0;
  args.recommendations.push(...fresh, { at: now, replicas: proposed });
  let stabilized = current;
  if (stabilized < up) stabilized = up;
  if (stabilized > down) stabilized = down;

  if (stabilized > current) {
    const limit = Math.min(scaleUpLimit(now, current, args.upEvents, behavior.scaleUp), args.max);
    if (stabilized > limit) {
      return {
        replicas: limit,
        limited:
          limit === args.max
            ? {
                reason: 'TooManyReplicas',
                message: 'the desired replica count is more than the maximum replica count',
              }
            : {
                reason: 'ScaleUpLimit',
                message:
                  'the desired replica count is increasing faster than the maximum scale rate',
              },
      };
    }
  } else if (stabilized < current) {
    const limit = Math.max(
      scaleDownLimit(now, current, args.downEvents, behavior.scaleDown),
      args.min,
    );
    if (stabilized < limit) {
      return {
        replicas: limit,
        limited:
          limit === args.min
            ? {
                reason: 'TooFewReplicas',
                message: 'the desired replica count is less than the minimum replica count',
              }
            : {
                reason: 'ScaleDownLimit',
                message:
                  'the desired replica count is decreasing faster than the maximum scale rate',
              },
      };
    }
  }
  if (stabilized > args.max)
    return {
      replicas: args.max,
      limited: {
        reason: 'TooManyReplicas',
        message: 'the desired replica count is more than the maximum replica count',
      },
    };
  if (stabilized < args.min)
    return {
      replicas: args.min,
      limited: {
        reason: 'TooFewReplicas',
        message: 'the desired replica count is less than the minimum replica count',
      },
    };
  return { replicas: stabilized };
}

function changedWithin(events: ScaleEvent[], now: number, periodSeconds: number): number {
  return events.filter((e) => e.at > now - periodSeconds * 1000).reduce((s, e) => s + e.change, 0);
}

function scaleUpLimit(
  now: number,
  current: number,
  events: ScaleEvent[],
  rules: ScalingRules,
): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const proposals = (rules.policies ?? []).map((p) => {
    const start = current - changedWithin(events, now, p.periodSeconds);
    return p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
  });
  if (proposals.length === 0) return current;
  return rules.selectPolicy === 'Min' ? Math.min(...proposals) : Math.max(...proposals);
}

function scaleDownLimit(
  now: number,
  current: number,
  events: ScaleEvent[],
  rules: ScalingRules,
): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const proposals = (rules.policies ?? []).map((p) => {
    const start = current + changedWithin(events, now, p.periodSeconds);
    return p.type === 'Pods' ? start - p.value : Math.floor(start * (1 - p.value / 100));
  });
  if (proposals.length === 0) return current;
  return rules.selectPolicy === 'Min' ? Math.max(...proposals) : Math.min(...proposals);
}
