/**
 * Drives virtual time from wall time: play, pause, speed, step to the next timer, advance by a
 * duration. The host (the Worker or the HTTP server) calls `tick` with elapsed wall milliseconds.
 */
import type { VirtualClock } from './clock.ts';

export const MIN_SPEED = 0.25;
export const MAX_SPEED = 100;
/** A host that was suspended (a background tab) must not replay hours at once. */
const MAX_TICK_WALL_MS = 1_000;

export interface RunnerState {
  now: number;
  playing: boolean;
  speed: number;
}

export class SimulationRunner {
  private playing = true;
  private speed = 1;
  /** Fraction of a millisecond not yet applied: virtual time moves in whole milliseconds. */
  private carryMs = 0;

  constructor(readonly clock: VirtualClock) {}

  /** Advances virtual time by `wallMs * speed` while playing; due timers always run. */
  tick(wallMs: number): void {
    if (this.playing && wallMs > 0) {
      const exact = Math.min(wallMs, MAX_TICK_WALL_MS) * this.speed + this.carryMs;
      const whole = Math.floor(exact);
      this.carryMs = exact - whole;
      if (whole > 0) this.clock.advance(whole);
      else this.clock.runDue();
    } else this.clock.runDue();
  }

  play(): void {
    this.playing = true;
  }

  pause(): void {
    this.playing = false;
  }

  /** Sets the speed, clamped to 0.25x..100x. */
  setSpeed(speed: number): void {
    if (!Number.isFinite(speed)) return;
    this.speed = Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed));
  }

  /** Jumps to the next pending timer and runs it (and everything due at that moment). */
  step(): void {
    this.clock.runDue();
    this.clock.step();
  }

  /** Advances virtual time by `ms` at once, running everything due on the way. */
  advance(ms: number): void {
    if (Number.isFinite(ms) && ms > 0) this.clock.advance(Math.round(ms));
  }

  state(): RunnerState {
    return { now: this.clock.now(), playing: this.playing, speed: this.speed };
  }
}
