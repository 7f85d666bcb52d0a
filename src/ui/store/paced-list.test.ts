import { describe, expect, it } from 'vitest';
import { pacedCount } from './paced-list';

const id = (s: string) => s;

describe('pacedCount', () => {
  it('draws every item when none is new, whatever the budget', () => {
    expect(pacedCount(['a', 'b', 'c'], id, new Set(['a', 'b', 'c']), 0)).toBe(3);
  });

  it('stops before the item past the budget of new ones', () => {
    // A burst: everything is new; the first `budget` are drawn.
    expect(pacedCount(['a', 'b', 'c', 'd'], id, new Set(), 2)).toBe(2);
  });

  it('keeps drawing items drawn before, counting only new ones against the budget', () => {
    // Two new entries on top of the drawn ones, then an undrawn tail: the budget of 3 allows one
    // more after the two new ones.
    const items = ['n1', 'n2', 'a', 'b', 't1', 't2', 't3'];
    expect(pacedCount(items, id, new Set(['a', 'b']), 3)).toBe(5);
  });

  it('draws the rest over later passes, each adding at most the budget', () => {
    const items = Array.from({ length: 10 }, (_, i) => `e${i}`);
    let drawn = new Set<string>();
    const counts: number[] = [];
    for (let pass = 0; pass < 5; pass++) {
      const count = pacedCount(items, id, drawn, 4);
      counts.push(count);
      drawn = new Set(items.slice(0, count));
    }
    expect(counts).toEqual([4, 8, 10, 10, 10]);
  });
});
