import { describe, expect, it } from 'vitest';
import { compareNames, GHOST_MS, MAX_GHOSTS_PER_CHANGE, SlotAllocator } from './slots';

const slots = (a: SlotAllocator, members: Record<string, string[]>) =>
  Object.fromEntries(
    [...a.assign(new Map(Object.entries(members)))].map(([g, m]) => [g, Object.fromEntries(m)]),
  );

describe('SlotAllocator', () => {
  it('gives a first batch slots in name order', () => {
    expect(slots(new SlotAllocator(), { n1: ['web-c', 'web-a', 'web-b'] })).toEqual({
      n1: { 'web-a': 0, 'web-b': 1, 'web-c': 2 },
    });
  });

  it('keeps existing slots when others are added or removed', () => {
    const a = new SlotAllocator();
    slots(a, { n1: ['web-b', 'web-c'] });
    // web-a sorts first but must not push the others down; web-b leaves a hole web-d fills.
    expect(slots(a, { n1: ['web-a', 'web-b', 'web-c'] }).n1).toEqual({
      'web-b': 0,
      'web-c': 1,
      'web-a': 2,
    });
    expect(slots(a, { n1: ['web-a', 'web-c', 'web-d'] }).n1).toEqual({
      'web-c': 1,
      'web-a': 2,
      'web-d': 0,
    });
  });

  it('gives a pod that moves group a fresh slot there', () => {
    const a = new SlotAllocator();
    slots(a, { pending: ['p'], n1: ['x'] });
    expect(slots(a, { pending: [], n1: ['p', 'x'] })).toEqual({ pending: {}, n1: { x: 0, p: 1 } });
  });

  it('sorts names numerically', () => {
    expect(['worker-10', 'worker-2', 'worker-1'].sort(compareNames)).toEqual([
      'worker-1',
      'worker-2',
      'worker-10',
    ]);
  });
});

describe('SlotAllocator ghosts (deleted pods fading out)', () => {
  const clock = () => {
    let now = 1_000;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  };
  const assign = (a: SlotAllocator, members: Record<string, string[]>) =>
    a.assign(new Map(Object.entries(members)));

  it('keeps a deleted pod as a ghost in its slot for GHOST_MS, then forgets it', () => {
    const c = clock();
    const a = new SlotAllocator(c.now);
    assign(a, { n1: ['a', 'b', 'c'] });
    assign(a, { n1: ['a', 'c'] });
    expect(a.ghosts()).toEqual([{ group: 'n1', key: 'b', slot: 1, since: 1_000 }]);
    c.advance(GHOST_MS - 1);
    assign(a, { n1: ['a', 'c'] });
    expect(a.ghosts().map((g) => g.key)).toEqual(['b']);
    c.advance(1);
    assign(a, { n1: ['a', 'c'] });
    expect(a.ghosts()).toEqual([]);
  });

  it('does not hold the slot: slots stay a function of memberships alone', () => {
    const c = clock();
    const withGhosts = new SlotAllocator(c.now);
    const plain = new SlotAllocator(c.now);
    const history = [{ n1: ['a', 'b', 'c'] }, { n1: ['a', 'c'] }, { n1: ['a', 'c', 'd'] }];
    let last: ReturnType<typeof assign> | undefined;
    for (const step of history) {
      last = assign(withGhosts, step);
      assign(plain, step);
    }
    // The replacement lands in the deleted pod's slot while its ghost fades underneath.
    expect(Object.fromEntries(last?.get('n1') ?? [])).toEqual({ a: 0, c: 2, d: 1 });
    expect(withGhosts.ghosts().map((g) => [g.key, g.slot])).toEqual([['b', 1]]);
    // The survivors never moved.
    expect(last?.get('n1')?.get('a')).toBe(0);
    expect(last?.get('n1')?.get('c')).toBe(2);
  });

  it('gives no ghost to a pod that moved to another group (scheduled out of the lane)', () => {
    const a = new SlotAllocator(clock().now);
    assign(a, { lane: ['p'], n1: [] });
    assign(a, { lane: [], n1: ['p'] });
    expect(a.ghosts()).toEqual([]);
  });

  it('drops a ghost whose pod comes back, or whose group is gone', () => {
    const a = new SlotAllocator(clock().now);
    assign(a, { n1: ['a', 'b'], n2: ['x'] });
    assign(a, { n1: ['a'], n2: [] });
    expect(a.ghosts().map((g) => g.key)).toEqual(['b', 'x']);
    assign(a, { n1: ['a', 'b'] });
    expect(a.ghosts()).toEqual([]);
  });

  it('gives no ghosts when many leave at once (a change of view, not deletions)', () => {
    const a = new SlotAllocator(clock().now);
    const many = Array.from({ length: MAX_GHOSTS_PER_CHANGE + 1 }, (_, i) => `p-${i}`);
    assign(a, { n1: many });
    assign(a, { n1: [] });
    expect(a.ghosts()).toEqual([]);
  });
});
