import { describe, expect, it } from 'vitest';
import { VirtualClock, formatTimestamp } from './clock.ts';

describe('VirtualClock', () => {
  it('runs timers in due order, then insertion order, and moves time with them', () => {
    const clock = new VirtualClock(1_000);
    const seen: string[] = [];
    clock.setTimer(50, () => seen.push(`b@${clock.now()}`));
    clock.setTimer(10, () => seen.push(`a@${clock.now()}`));
    clock.setTimer(50, () => seen.push(`c@${clock.now()}`));
    expect(clock.advance(40)).toBe(1);
    expect(clock.now()).toBe(1_040);
    clock.advance(100);
    expect(seen).toEqual(['a@1010', 'b@1050', 'c@1050']);
    expect(clock.now()).toBe(1_140);
  });

  it('runs zero-delay timers scheduled by timers in the same run, without moving time', () => {
    const clock = new VirtualClock(0);
    const seen: number[] = [];
    clock.setTimer(0, () => {
      seen.push(1);
      clock.setTimer(0, () => seen.push(2));
    });
    expect(clock.runDue()).toBe(2);
    expect(seen).toEqual([1, 2]);
    expect(clock.now()).toBe(0);
  });

  it('cancels timers and steps to the next one', () => {
    const clock = new VirtualClock(0);
    const seen: string[] = [];
    const id = clock.setTimer(5, () => seen.push('cancelled'));
    clock.setTimer(30, () => seen.push('kept'));
    clock.clearTimer(id);
    expect(clock.nextTimerAt()).toBe(30);
    clock.step();
    expect(seen).toEqual(['kept']);
    expect(clock.now()).toBe(30);
    expect(clock.step()).toBe(0);
  });

  it('stops a runaway loop of zero-delay timers with an error instead of hanging', () => {
    const clock = new VirtualClock(0);
    clock.maxTimersPerRun = 1_000;
    const loop = () => clock.setTimer(0, loop);
    loop();
    expect(() => clock.runDue()).toThrow(/runaway/);
  });

  it('formats timestamps as Kubernetes does (RFC 3339, seconds)', () => {
    expect(formatTimestamp(Date.UTC(2026, 0, 1, 12, 30, 5, 900))).toBe('2026-01-01T12:30:05Z');
  });
});
