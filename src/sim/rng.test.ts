import { describe, expect, it } from 'vitest';
import { createRng } from './rng.ts';

describe('createRng', () => {
  it('replays the same sequence for the same seed and differs for another seed', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
  });

  it('makes name suffixes from the Kubernetes alphabet and valid v4 UUIDs', () => {
    const rng = createRng(7);
    for (let i = 0; i < 200; i++) {
      expect(rng.suffix(5)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(rng.uuid()).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    }
  });

  it('keeps int() within range', () => {
    const rng = createRng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 1_000; i++) seen.add(rng.int(6));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
