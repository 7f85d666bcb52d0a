/** Store subscriptions that hear of a busy store's changes at a bounded rate. */
import type { StoreApi } from 'zustand';

/**
 * Subscribes `notify` to `store`, calling it at most every `ms`: the first change after a quiet
 * spell at once (leading), and once more after the spell for the changes in between (trailing),
 * so the latest state always arrives, at most `ms` late. Returns the unsubscribe function.
 */
export function throttledSubscribe<S>(
  store: StoreApi<S>,
  notify: () => void,
  ms: number,
  now: () => number = () => performance.now(),
): () => void {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = () => {
    timer = undefined;
    last = now();
    notify();
  };
  const unsubscribe = store.subscribe(() => {
    if (timer !== undefined) return;
    const wait = last + ms - now();
    if (wait <= 0) fire();
    else timer = setTimeout(fire, wait);
  });
  return () => {
    unsubscribe();
    if (timer !== undefined) clearTimeout(timer);
  };
}
