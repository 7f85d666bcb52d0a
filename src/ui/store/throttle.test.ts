import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { throttledSubscribe } from './throttle';

describe('throttledSubscribe', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('notifies at once (in a task of its own) after a quiet spell, then at most every interval with the latest state', () => {
    const store = createStore(() => ({ n: 0 }));
    let clock = 1_000;
    const seen: number[] = [];
    const unsubscribe = throttledSubscribe(
      store,
      () => seen.push(store.getState().n),
      100,
      () => clock,
    );
    store.setState({ n: 1 });
    // Not inside the store update: in the next task.
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(0);
    expect(seen).toEqual([1]);
    // A burst within the interval: one notification at its end, with the last value.
    for (let n = 2; n <= 5; n++) {
      clock += 10;
      store.setState({ n });
    }
    expect(seen).toEqual([1]);
    // The first change of the burst (10 ms after the notification) waited for the other 90 ms.
    clock += 60;
    vi.advanceTimersByTime(89);
    expect(seen).toEqual([1]);
    vi.advanceTimersByTime(1);
    expect(seen).toEqual([1, 5]);
    // Quiet for longer than the interval: the next change is heard at once again.
    clock += 500;
    vi.advanceTimersByTime(500);
    store.setState({ n: 6 });
    vi.advanceTimersByTime(0);
    expect(seen).toEqual([1, 5, 6]);
    // Unsubscribing cancels a pending notification.
    clock += 10;
    store.setState({ n: 7 });
    unsubscribe();
    vi.advanceTimersByTime(200);
    expect(seen).toEqual([1, 5, 6]);
  });
});
