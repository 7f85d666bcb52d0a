import { describe, expect, it } from 'vitest';
import { canonicalJson, computeHash, fnv32a, safeEncodeString } from './hash.ts';

describe('pod-template-hash', () => {
  it('is FNV-1a 32 with the safe alphabet', () => {
    // FNV-1a test vectors.
    expect(fnv32a([])).toBe(0x811c9dc5);
    expect(fnv32a([...'a'].map((c) => c.charCodeAt(0)))).toBe(0xe40c292c);
    expect(fnv32a([...'foobar'].map((c) => c.charCodeAt(0)))).toBe(0xbf9cf968);
    // Digits map onto the alphabet bcdfghjklmnpqrstvwxz2456789 by byte value modulo 27, so a
    // hash of the decimal Sum32 only uses 4-9 and b, c, d, f (as in `web-7c79c4bf97`).
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
  });

  it('is deterministic, key-order independent, and moves with the collision count', () => {
    const a = {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'n', image: 'nginx' }] },
    };
    const b = {
      spec: { containers: [{ image: 'nginx', name: 'n' }] },
      metadata: { labels: { app: 'web' } },
    };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(computeHash(a)).toBe(computeHash(b));
    expect(computeHash(a)).toMatch(/^[456789bcdf]{1,10}$/);
    expect(computeHash(a, 1)).not.toBe(computeHash(a));
    expect(computeHash({ ...a, spec: { containers: [{ name: 'n', image: 'nginx:2' }] } })).not.toBe(
      computeHash(a),
    );
  });
});
