import { describe, expect, it } from 'vitest';
import { VirtualClock } from './clock.ts';
import { SimulationRunner } from './runner.ts';

describe('SimulationRunner', () => {
  it('advances virtual time by wall time times speed while playing', () => {
    const runner = new SimulationRunner(new VirtualClock(0));
    runner.tick(100);
    expect(runner.state().now).toBe(100);
    runner.setSpeed(10);
    runner.tick(100);
    expect(runner.state()).toEqual({ now: 1_100, playing: true, speed: 10 });
  });

  it('moves virtual time in whole milliseconds, carrying fractions', () => {
    const runner = new SimulationRunner(new VirtualClock(0));
    runner.setSpeed(0.25);
    for (let i = 0; i < 10; i++) runner.tick(16.7);
    expect(Number.isInteger(runner.state().now)).toBe(true);
    expect(runner.state().now).toBe(41);
  });

  it('clamps speed to 0.25x..100x and ignores nonsense', () => {
    const runner = new SimulationRunner(new VirtualClock(0));
    runner.setSpeed(1_000);
    expect(runner.state().speed).toBe(100);
    runner.setSpeed(0.01);
    expect(runner.state().speed).toBe(0.25);
    runner.setSpeed(Number.NaN);
    expect(runner.state().speed).toBe(0.25);
  });

  it('keeps time still while paused but still runs due work; step jumps to the next timer', () => {
    const clock = new VirtualClock(0);
    const runner = new SimulationRunner(clock);
    const seen: string[] = [];
    clock.setTimer(0, () => seen.push('now'));
    clock.setTimer(5_000, () => seen.push('later'));
    runner.pause();
    runner.tick(1_000);
    expect(seen).toEqual(['now']);
    expect(clock.now()).toBe(0);
    runner.step();
    expect(seen).toEqual(['now', 'later']);
    expect(clock.now()).toBe(5_000);
  });

  it('caps one tick so a suspended host does not replay hours at once', () => {
    const runner = new SimulationRunner(new VirtualClock(0));
    runner.tick(3_600_000);
    expect(runner.state().now).toBe(1_000);
  });
});
