import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock.ts';
import { SchedulingQueue } from './scheduling-queue.ts';

describe('SchedulingQueue', () => {
  it('pops by priority, then arrival', () => {
    const clock = new VirtualClock(0);
    const q = new SchedulingQueue(clock, () => {});
    q.add('a', 0);
    q.add('b', 100);
    q.add('c', 0);
    q.add('d', 100);
    expect([q.pop(), q.pop(), q.pop(), q.pop(), q.pop()]).toEqual(['b', 'd', 'a', 'c', undefined]);
  });

  it('backs off 1 s doubling to 10 s and retries unschedulable pods only on cluster events', () => {
    const clock = new VirtualClock(0);
    const q = new SchedulingQueue(clock, () => {});
    q.add('p', 0);
    const retries: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      expect(q.pop()).toBe('p');
      q.failed('p');
      clock.advance(60_000);
      expect(q.pop()).toBeUndefined(); // waits for an event
      const t = clock.now();
      q.moveAllToActiveOrBackoff(); // backoff already expired: active at once
      expect(q.activeCount()).toBe(1);
      retries.push(clock.now() - t);
      // Fail again immediately and move at once: the pod waits out its backoff.
      expect(q.pop()).toBe('p');
      q.failed('p');
      q.moveAllToActiveOrBackoff();
      const start = clock.now();
      while (q.activeCount() === 0) clock.advance(100);
      retries.push(clock.now() - start);
    }
    expect(retries.filter((_, i) => i % 2 === 1)).toEqual([
      2_000, 8_000, 10_000, 10_000, 10_000, 10_000,
    ]);
    expect(q.backoffMs(1)).toBe(1_000);
    expect(q.backoffMs(3)).toBe(4_000);
    expect(q.backoffMs(10)).toBe(10_000);
  });

  it('flushes unschedulable pods after 5 minutes without events', () => {
    const clock = new VirtualClock(0);
    const q = new SchedulingQueue(clock, () => {});
    q.add('p', 0);
    q.pop();
    q.failed('p');
    clock.advance(4 * 60_000);
    expect(q.activeCount()).toBe(0);
    clock.advance(90_000);
    expect(q.activeCount()).toBe(1);
  });
});
