import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newestEvents } from './newest';

describe('newestEvents', () => {
  it('returns the newest `count` items, newest first, like a full sort', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 400 }),
        fc.integer({ min: 1, max: 60 }),
        (times, count) => {
          const got = newestEvents(times, count, (t) => t).map((x) => x.at);
          const want = [...times].sort((a, b) => b - a).slice(0, count);
          expect(got).toEqual(want);
        },
      ),
    );
  });

  it('keeps every item when there are fewer than `count`', () => {
    const items = [{ t: 3 }, { t: 9 }, { t: 1 }];
    expect(newestEvents(items, 5, (i) => i.t).map((x) => x.event)).toEqual([
      items[1],
      items[0],
      items[2],
    ]);
  });
});
