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

/** Appends lines stamped with a virtual time (e.g. an Event's own timestamp). */
export function appendLogAt(
  time: number | undefined,
  level: LogLine['level'],
  ...texts: string[]
): void {
  sessionStore.setState((state) => {
    const at = time ?? state.clock.now;
    const added = texts.map((text) => ({ id: nextLogId++, at, level, text }));
    const log = [...state.log, ...added];
    return { log: log.length > LOG_LIMIT ? log.slice(log.length - LOG_LIMIT) : log };
  });
}

export function setClock(clock: ClockState): void {
  sessionStore.setState({ clock });
}
