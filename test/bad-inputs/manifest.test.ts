/**
 * Catalogue entries of the `manifest` layer through parseManifest (the editor, dropped files,
 * `kubectl apply -f`): the first error's exact message and position, within a time bound.
 */
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/kubectl/manifest.ts';
import { asserted, entriesOf, materialise, messageMatches } from './catalogue.ts';

/** A hang detector, not a performance assertion. */
const HANG_MS = 2_000;

describe('bad manifests (parseManifest)', () => {
  for (const entry of entriesOf('manifest').filter((e) => !e.pending)) {
    it(`${entry.id}: ${entry.title}`, () => {
      const text = materialise(entry.input.text);
      const started = performance.now();
      const parsed = parseManifest(text);
      expect(performance.now() - started).toBeLessThan(HANG_MS);
      const want = asserted(entry);
      const error = parsed.errors[0];
      expect(error, 'an error is reported').toBeDefined();
      expect(
        messageMatches(error.message, want.message),
        `message ${JSON.stringify(error.message)}`,
      ).toBe(true);
      if (want.line !== undefined) expect(error.line).toBe(want.line);
      if (want.column !== undefined) expect(error.col).toBe(want.column);
      expect(error.documentIndex).toBe(want.documentIndex ?? 0);
      expect(parsed.documents.length).toBe(want.documents ?? 0);
    });
  }
});
