/**
 * Long lists that a busy cluster replaces wholesale (the timeline, the activity log) draw at most
 * a budget of rows they did not draw before per pass; the rest follow in later passes. A burst of
 * Events replaced all 150 timeline rows and all 100 log lines at once, and laying out those
 * 1,800 boxes added 15-40 ms to one frame; a few dozen rows at a time keep each frame short,
 * while the rows in view (the newest) show at once.
 */
import { useEffect, useMemo, useRef, useState } from 'react';

/**
 * How many of `items` (most important first) to draw: all of them, up to the point where
 * `budget` items not in `drawn` have been counted (the rest wait for a later pass).
 */
export function pacedCount<T, K>(
  items: readonly T[],
  keyOf: (item: T) => K,
  drawn: ReadonlySet<K>,
  budget: number,
): number {
  let fresh = 0;
  for (let i = 0; i < items.length; i++) {
    if (drawn.has(keyOf(items[i]))) continue;
    if (fresh === budget) return i;
    fresh++;
  }
  return items.length;
}

/**
 * The first items of `items` (most important first) to draw now: every item drawn last time
 * that is still there, and at most `budget` new ones; another pass follows `delayMs` later until
 * all are drawn. `keyOf` must be stable (a module-level function).
 */
export function usePacedList<T, K>(
  items: readonly T[],
  keyOf: (item: T) => K,
  budget: number,
  delayMs: number,
): readonly T[] {
  const drawn = useRef<ReadonlySet<K>>(new Set());
  // Bumped to draw the items held back by the last pass.
  const [pass, setPass] = useState(0);
  const shown = useMemo(() => {
    void pass;
    const count = pacedCount(items, keyOf, drawn.current, budget);
    return count === items.length ? items : items.slice(0, count);
  }, [items, keyOf, budget, pass]);
  const held = shown.length < items.length;
  useEffect(() => {
    drawn.current = new Set(shown.map(keyOf));
    if (!held) return;
    const timer = setTimeout(() => setPass((n) => n + 1), delayMs);
    return () => clearTimeout(timer);
  }, [shown, held, keyOf, delayMs]);
  return shown;
}
