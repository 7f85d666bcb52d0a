import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { appendLog, appendLogAt, flushLog, LOG_LIMIT, sessionStore } from './session-store';

describe('session log', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    flushLog();
    sessionStore.setState({ log: [] });
  });
  afterEach(() => vi.useRealTimers());

  it('adds a burst of lines in one store update at the next frame, in order', () => {
    let updates = 0;
    const unsubscribe = sessionStore.subscribe(() => updates++);
    appendLog('command', '$ get pods');
    for (let i = 0; i < 20; i++) appendLogAt(1_000 + i, 'event', `event ${i}`);
    expect(sessionStore.getState().log).toEqual([]);
    vi.runAllTimers();
    unsubscribe();
    expect(updates).toBe(1);
    const log = sessionStore.getState().log;
    expect(log.map((l) => l.text)).toEqual([
      '$ get pods',
      ...Array.from({ length: 20 }, (_, i) => `event ${i}`),
    ]);
    expect(log[5].at).toBe(1_004);
  });

  it('keeps only the newest LOG_LIMIT lines, however many arrive between frames', () => {
    for (let i = 0; i < LOG_LIMIT * 3 + 7; i++) appendLog('info', `line ${i}`);
    vi.runAllTimers();
    const log = sessionStore.getState().log;
    expect(log).toHaveLength(LOG_LIMIT);
    expect(log.at(-1)?.text).toBe(`line ${LOG_LIMIT * 3 + 6}`);
    expect(log[0].text).toBe(`line ${LOG_LIMIT * 2 + 7}`);
  });
});
