import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatDuration, formatStep, parseDuration, parseTimeline } from './timeline.ts';

describe('timeline format', () => {
  it('parses durations and formats them back', () => {
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('1.5s')).toBe(1_500);
    expect(parseDuration('10')).toBeUndefined();
    expect(parseDuration('s10')).toBeUndefined();
    expect(formatDuration(90_000)).toBe('1m30s');
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(1_250)).toBe('1s250ms');
  });

  it('parses every action and sorts steps by time', () => {
    const { steps, errors } = parseTimeline(
      [
        '# a node dies',
        'at 30s: kubectl scale deploy/web --replicas=5',
        'at 0s: apply web.yaml',
        'at 10s: stop node worker-2   # comment',
        'at 1m: send 100 requests to ingress/web',
        'at 2m: start kube-scheduler',
        'at 3m: add node',
        'at 4m: kill pod default/web-0',
      ].join('\n'),
    );
    expect(errors).toEqual([]);
    expect(steps.map((s) => [s.atMs, s.action.type, s.line])).toEqual([
      [0, 'apply', 3],
      [10_000, 'node', 4],
      [30_000, 'kubectl', 2],
      [60_000, 'traffic', 5],
      [120_000, 'component', 6],
      [180_000, 'add-node', 7],
      [240_000, 'kill-pod', 8],
    ]);
    expect(steps[2].action).toEqual({ type: 'kubectl', args: 'scale deploy/web --replicas=5' });
  });

  it('reports errors with their line and keeps the valid steps', () => {
    const { steps, errors } = parseTimeline(
      'at 5s: apply a.yaml\nat soon: stop node x\nat 1s: explode\nhello',
    );
    expect(steps).toHaveLength(1);
    expect(errors.map((e) => e.line)).toEqual([2, 3, 4]);
    expect(errors[0].message).toContain('invalid time "soon"');
    expect(errors[1].message).toContain('unknown action "explode"');
  });

  it('bounds request counts and times', () => {
    const { errors } = parseTimeline(
      'at 1s: send 1000000 requests to service/web\nat 9999h: add node',
    );
    expect(errors).toHaveLength(2);
  });

  it('round-trips formatted steps (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 86_400_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        (atMs, count) => {
          const text = formatStep({
            atMs,
            action: { type: 'traffic', count, target: 'service/web' },
          });
          const { steps, errors } = parseTimeline(text);
          expect(errors).toEqual([]);
          expect(steps[0].atMs).toBe(atMs);
          expect(steps[0].action).toEqual({ type: 'traffic', count, target: 'service/web' });
        },
      ),
      { numRuns: 200 },
    );
  });
});
