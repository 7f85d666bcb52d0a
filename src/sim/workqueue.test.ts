import { describe, expect, it } from 'vitest';
import { VirtualClock } from './clock.ts';
import { WorkQueue } from './workqueue.ts';

describe('WorkQueue', () => {
  it('de-duplicates keys added before processing', () => {
    const clock = new VirtualClock(0);
    const processed: string[] = [];
    const q = new WorkQueue(clock, (k) => processed.push(k));
    q.add('a');
    q.add('b');
    q.add('a');
    expect(processed).toEqual([]);
    clock.runDue();
    expect(processed).toEqual(['a', 'b']);
  });

  it('delays keys, keeping the earliest delay', () => {
    const clock = new VirtualClock(0);
    const processed: string[] = [];
    const q = new WorkQueue(clock, (k) => processed.push(`${k}@${clock.now()}`));
    q.addAfter('x', 5_000);
    q.addAfter('x', 1_000);
    q.addAfter('x', 9_000);
    clock.advance(10_000);
    expect(processed).toEqual(['x@1000']);
  });

  it('backs off exponentially on failures and forgets on success', () => {
    const clock = new VirtualClock(0);
    const times: number[] = [];
    const q = new WorkQueue(clock, () => times.push(clock.now()), 'q', {
      baseMs: 100,
      maxMs: 1_000,
    });
    for (let i = 0; i < 5; i++) q.addRateLimited('k');
    clock.advance(10_000);
    expect(times).toEqual([100]);
    times.length = 0;
    q.addRateLimited('k');
    clock.advance(10_000);
    expect(times).toEqual([10_000 + 1_000]);
    q.forget('k');
    times.length = 0;
    q.addRateLimited('k');
    clock.advance(10_000);
    expect(times).toEqual([20_000 + 100]);
  });

  it('processes nothing while paused and catches up on resume', () => {
    const clock = new VirtualClock(0);
    const processed: string[] = [];
    const q = new WorkQueue(clock, (k) => processed.push(k));
    q.pause();
    q.add('a');
    clock.advance(1_000);
    expect(processed).toEqual([]);
    q.resume();
    clock.runDue();
    expect(processed).toEqual(['a']);
  });
});
