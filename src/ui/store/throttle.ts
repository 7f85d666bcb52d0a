/** Store subscriptions that hear of a busy store's changes at a bounded rate. */
import type { StoreApi } from 'zustand';

/**
 * Subscribes `notify` to `store`, calling it at most every `ms`: the first change after a quiet
 * spell at once (leading), and once more after the spell for the changes in between (trailing),
 * so the latest state always arrives, at most `ms` late. Returns the unsubscribe function.
 *
 * "At once" means in a task of its own (a zero-delay timer), not inside the store update: the
 * subscribers are passes over every object (the diagram's layout, the nodes' counts), and called
 * from the update they all ran in one task with it (the frame's batch of cluster changes), which
 * made tasks of 70-100 ms in a busy cluster's first seconds. Now each renders in a short task.
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
    timer = setTimeout(fire, Math.max(0, last + ms - now()));
  });
  return () => {
    unsubscribe();
    if (timer !== undefined) clearTimeout(timer);
  };
}
