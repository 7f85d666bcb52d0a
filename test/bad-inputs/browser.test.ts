/**
 * Catalogue entries that arrive in the browser: share links through decodeExperiment and
 * postMessage data through originAllowed + validateEmbedMessage. Nothing is acted on.
 */
import { describe, expect, it } from 'vitest';
import { decodeExperiment } from '../../src/ui/share/share-link.ts';
import { originAllowed, validateEmbedMessage } from '../../src/ui/embed/embed-messages.ts';
import { asserted, entriesOf, messageMatches } from './catalogue.ts';
import { embedData, shareValue } from './inputs.ts';

describe('bad share links (decodeExperiment)', () => {
  for (const entry of entriesOf('share-link').filter((e) => !e.pending)) {
    it(`${entry.id}: ${entry.title}`, () => {
      const started = performance.now();
      const result = decodeExperiment(shareValue(entry.input));
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(result.ok).toBe(false);
      const error = result.ok ? '' : result.error;
      expect(messageMatches(error, asserted(entry).message), error).toBe(true);
    });
  }
});

describe('bad embed messages (originAllowed, validateEmbedMessage)', () => {
  for (const entry of entriesOf('embed-message').filter((e) => !e.pending)) {
    it(`${entry.id}: ${entry.title}`, () => {
      const want = asserted(entry);
      const { origin, allowedOrigins } = entry.input;
      const data = embedData(entry.input);
      if (!originAllowed(origin, allowedOrigins)) {
        // The listener drops the message before looking at it.
        expect(want.ignored).toBe(true);
        return;
      }
      const result = validateEmbedMessage(data);
      if (want.ignored) {
        expect(result).toEqual({ ok: false, ignore: true });
        return;
      }
      if (want.message === '') {
        expect(result.ok).toBe(true);
      } else {
        expect(result.ok).toBe(false);
        const error = !result.ok && 'error' in result ? result.error : '';
        expect(messageMatches(error, want.message), error).toBe(true);
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }
});
