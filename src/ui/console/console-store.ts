/** The kubectl console's history, kept outside xterm so it is saved and restored with the workspace. */
import { createStore } from 'zustand/vanilla';

export interface ConsoleState {
  history: string[];
  /** Bumped when a restored workspace replaces the history (the terminal reloads it). */
  generation: number;
}

export const consoleStore = createStore<ConsoleState>(() => ({ history: [], generation: 0 }));

/** Replaces the history (restore, import). */
export function setHistory(history: string[]): void {
  consoleStore.setState((s) => ({ history: [...history], generation: s.generation + 1 }));
}
