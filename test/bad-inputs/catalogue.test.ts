/** The catalogue itself: unique ids, every layer covered, pending entries name an owner. */
import { describe, expect, it } from 'vitest';
import { CATALOGUE, type Layer } from './catalogue.ts';

const LAYERS: Layer[] = ['manifest', 'apiserver', 'http', 'share-link', 'embed-message', 'kubectl'];

describe('bad-input catalogue', () => {
  it('has unique ids prefixed by their layer', () => {
    const ids = CATALOGUE.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of CATALOGUE) expect(e.id.startsWith(`${e.layer}/`)).toBe(true);
  });

  it('covers every layer', () => {
    for (const layer of LAYERS)
      expect(CATALOGUE.filter((e) => e.layer === layer).length).toBeGreaterThan(2);
  });

  it('names the owner of every pending fix and never both pends and documents a current answer', () => {
    for (const e of CATALOGUE.filter((x) => x.pending)) {
      expect(e.pending).toMatch(/^(H\d+|lead)\b/);
      expect(e.current).toBeUndefined();
    }
  });
});
