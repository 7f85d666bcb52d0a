import { describe, expect, it } from 'vitest';
import { fingerprint } from './status-fingerprint.ts';

describe('status fingerprint', () => {
  it('is the same for equal statuses and ignores undefined members, as JSON does', () => {
    const a = { phase: 'Running', podIP: '10.244.1.7', containerStatuses: [{ ready: true }] };
    const b = { phase: 'Running', podIP: '10.244.1.7', containerStatuses: [{ ready: true }] };
    expect(fingerprint(a)).toBe(fingerprint(b));
    expect(fingerprint({ ...a, message: undefined })).toBe(fingerprint(a));
  });

  it('tells apart values that print alike or split differently', () => {
    const pairs: [unknown, unknown][] = [
      [{ restartCount: 1 }, { restartCount: '1' }],
      [{ ready: true }, { ready: 'true' }],
      [{ ready: true }, { ready: false }],
      [['ab'], ['a', 'b']],
      [{ ab: 'c' }, { a: 'bc' }],
      [{ a: null }, { a: 'null' }],
      [{ podIP: '10.244.1.7' }, { podIP: '10.244.1.8' }],
      [[{}], [[]]],
    ];
    for (const [x, y] of pairs) expect(fingerprint(x)).not.toBe(fingerprint(y));
  });
});
