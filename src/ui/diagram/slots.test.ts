import { describe, expect, it } from 'vitest';
import { compareNames, SlotAllocator } from './slots';

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
