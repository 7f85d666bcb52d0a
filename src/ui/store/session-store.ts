/**
 * Session state beside the cluster objects: the simulation clock, the activity log the console
 * shows, and the editor's text. Vanilla zustand, no React.
 */
import { createStore } from 'zustand/vanilla';
import type { ClockState } from '../../worker/protocol';

export interface LogLine {
  id: number;
  /** Virtual time of the line (the clock's now when it was written). */
  at: number;
  level: 'info' | 'error' | 'event' | 'command';
  text: string;
}

export interface SessionState {
  clock: ClockState;
  log: LogLine[];
}

/** How many log lines are kept. */
export const LOG_LIMIT = 500;

export const sessionStore = createStore<SessionState>(() => ({
  clock: { now: 0, playing: true, speed: 1 },
  log: [],
}));

let nextLogId = 1;

/** Appends lines to the log, dropping the oldest past LOG_LIMIT. */
export function appendLog(level: LogLine['level'], ...texts: string[]): void {
  appendLogAt(undefined, level, ...texts);
}

/**
 * Lines waiting for the next frame. A busy cluster reports hundreds of Events in one Worker
 * message; appending them one by one would copy the log and redraw the console for each.
 */
let queued: LogLine[] = [];
let flushScheduled = false;

/** Runs `fn` before the next paint (or soon, where there are no frames: Node, tests). */
const nextFrame = (fn: () => void): void => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(fn);
  else setTimeout(fn, 0);
};

/** Moves the queued lines into the log now (one store update for all of them). */
export function flushLog(): void {
  flushScheduled = false;
  if (queued.length === 0) return;
  const added = queued;
  queued = [];
  sessionStore.setState((state) => {
    const log = [...state.log, ...added];
    return { log: log.length > LOG_LIMIT ? log.slice(log.length - LOG_LIMIT) : log };
  });
}

/** Appends lines stamped with a virtual time (e.g. an Event's own timestamp); they show next frame. */
export function appendLogAt(
  time: number | undefined,
  level: LogLine['level'],
  ...texts: string[]
): void {
  const at = time ?? sessionStore.getState().clock.now;
  for (const text of texts) queued.push({ id: nextLogId++, at, level, text });
  // Only the newest LOG_LIMIT lines can ever show (a hidden tab runs no frames).
  if (queued.length > 2 * LOG_LIMIT) queued = queued.slice(queued.length - LOG_LIMIT);
  if (!flushScheduled) {
    flushScheduled = true;
    nextFrame(flushLog);
  }
}

export function setClock(clock: ClockState): void {
  sessionStore.setState({ clock });
}
