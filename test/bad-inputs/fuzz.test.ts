/**
 * Property tests (fast-check): random bytes and mutated real-world manifests through the YAML
 * parser and the apiserver never throw out of the handler, never hang, and leave the store's
 * invariants intact. A few hundred cases here; scripts/bench-fuzz.ts runs 10,000+.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  caseArbitrary,
  fixtureTexts,
  fuzzServer,
  invariantViolations,
  runCase,
  yamlTextArbitrary,
} from './fuzz.ts';

const fixtures = fixtureTexts();

describe('fuzzing the input layers', () => {
  it('has the real-world fixtures to mutate', () => {
    expect(fixtures.length).toBeGreaterThan(20);
  });

  it('parseManifest answers every random or mutated text without throwing or hanging', () => {
    const { server } = fuzzServer();
    fc.assert(
      fc.property(yamlTextArbitrary(fixtures), (text) => {
        expect(['yaml-ok', 'yaml-error']).toContain(runCase(server, { kind: 'yaml', text }));
      }),
      { numRuns: 100, seed: 9 },
    );
  });

  it('the apiserver answers random requests with a status and keeps its invariants', () => {
    const { server, clock } = fuzzServer();
    let cases = 0;
    fc.assert(
      fc.property(caseArbitrary(server, fixtures), (fuzzCase) => {
        const outcome = runCase(server, fuzzCase);
        if (typeof outcome === 'number') expect(outcome).toBeGreaterThanOrEqual(200);
        // Let the in-apiserver controllers (namespace deletion, GC) run now and then.
        if (++cases % 25 === 0) clock.advance(30_000);
        expect(invariantViolations(server)).toEqual([]);
      }),
      { numRuns: 300, seed: 9 },
    );
  });
});
