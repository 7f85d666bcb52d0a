import { describe, expect, it } from 'vitest';
import { defaultBehavior, normalizeDesiredReplicas } from './hpa-behavior.ts';
import { resourceReplicas, type PodSample } from './replica-calculator.ts';

const pods = (usages: (number | undefined)[], request = 100, ready = true): PodSample[] =>
  usages.map((usage, i) => ({ name: `p${i}`, usage, request, ready, ignored: false }));

describe('replica calculator', () => {
  it('scales by the usage ratio, within the 10% tolerance not at all', () => {
    expect(resourceReplicas(2, pods([100, 100]), { utilization: 50 })).toMatchObject({
      replicas: 4,
      utilization: 100,
    });
    expect(resourceReplicas(4, pods([52, 54, 50, 50]), { utilization: 50 })).toMatchObject({
      replicas: 4,
    });
    expect(resourceReplicas(4, pods([10, 10, 10, 10]), { utilization: 50 })).toMatchObject({
      replicas: 1,
    });
  });

  it('treats missing metrics conservatively', () => {
    // Scale-down with a pod without metrics: it counts as using 100% of its request.
    expect(resourceReplicas(3, pods([10, 10, undefined]), { utilization: 50 })).toMatchObject({
      replicas: 3,
    });
    // Scale-up with an unready pod: it counts as 0%, dampening the step.
    const samples = [
      ...pods([100, 100]),
      { name: 'u', usage: 0, request: 100, ready: false, ignored: false },
    ];
    expect(resourceReplicas(3, samples, { utilization: 50 })).toMatchObject({ replicas: 4 });
  });

  it('supports AverageValue targets and reports no pods', () => {
    expect(resourceReplicas(2, pods([300, 300]), { averageValue: 100 })).toMatchObject({
      replicas: 6,
    });
    expect(typeof resourceReplicas(2, [], { utilization: 50 })).toBe('string');
  });
});

describe('HPA behaviour', () => {
  const base = {
    min: 1,
    max: 100,
    behavior: defaultBehavior(undefined),
    upEvents: [],
    downEvents: [],
  };
  it('limits scale-up to max(+4 pods, +100%) per 15 s', () => {
    expect(
      normalizeDesiredReplicas({ ...base, now: 0, current: 2, proposed: 50, recommendations: [] }),
    ).toMatchObject({ replicas: 6, limited: { reason: 'ScaleUpLimit' } });
    expect(
      normalizeDesiredReplicas({ ...base, now: 0, current: 10, proposed: 50, recommendations: [] })
        .replicas,
    ).toBe(20);
  });

  it('holds the highest recommendation of the last 5 minutes before scaling down', () => {
    const recommendations: { at: number; replicas: number }[] = [];
    expect(
      normalizeDesiredReplicas({ ...base, now: 0, current: 10, proposed: 10, recommendations })
        .replicas,
    ).toBe(10);
    expect(
      normalizeDesiredReplicas({ ...base, now: 60_000, current: 10, proposed: 3, recommendations })
        .replicas,
    ).toBe(10);
    expect(
      normalizeDesiredReplicas({ ...base, now: 301_000, current: 10, proposed: 3, recommendations })
        .replicas,
    ).toBe(3);
  });

  it('clamps to min and max replicas', () => {
    expect(
      normalizeDesiredReplicas({
        ...base,
        max: 5,
        now: 0,
        current: 4,
        proposed: 8,
        recommendations: [],
      }),
    ).toMatchObject({ replicas: 5, limited: { reason: 'TooManyReplicas' } });
  });
});
