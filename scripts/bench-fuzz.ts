/**
 * Fuzz figures for issue 9: random and mutated inputs through parseManifest and the apiserver's
 * handle (the same generators as test/bad-inputs/fuzz.test.ts), at least 10,000
 * cases. Prints cases/s, how many cases were answered with which status, the slowest case, and
 * every failure (a throw out of the handler, a hang over the bound, a broken store invariant).
 *
 *   node --import tsx scripts/bench-fuzz.ts [cases=10000] [seed=1]
 *
 * Exits 1 when any case failed. Figures are wall-clock, for information only.
 */
import fc from 'fast-check';
import {
  HANG_MS,
  caseArbitrary,
  fixtureTexts,
  fuzzServer,
  invariantViolations,
  runCase,
  type FuzzCase,
} from '../test/bad-inputs/fuzz.ts';

const CASES = Math.max(1, Number(process.argv[2] ?? 10_000));
const SEED = Number(process.argv[3] ?? 1);
const BATCH = 500;

const fixtures = fixtureTexts();
let { server, clock } = fuzzServer(SEED);
const outcomes = new Map<string, number>();
const failures: string[] = [];
/** 500s are answers (the handler did not throw) but each one is a bug worth reading. */
const internalErrors: string[] = [];
let slowestMs = 0;
let slowest = '';
let busyMs = 0;

function describeCase(c: FuzzCase): string {
  const text =
    c.kind === 'yaml'
      ? `yaml ${JSON.stringify(c.text.slice(0, 120))}`
      : `${c.request.method} ${c.request.path} ${JSON.stringify(c.request.query)} ${c.request.contentType ?? ''}`;
  return text.slice(0, 300);
}

const started = performance.now();
for (let done = 0, batch = 0; done < CASES; batch++) {
  const n = Math.min(BATCH, CASES - done);
  // A fresh server every 2,000 cases keeps the store from filling up with fuzzed objects.
  if (batch > 0 && batch % 4 === 0) ({ server, clock } = fuzzServer(SEED + batch));
  const cases = fc.sample(caseArbitrary(server, fixtures), {
    numRuns: n,
    seed: SEED * 7919 + batch,
  });
  for (const c of cases) {
    const t0 = performance.now();
    let label: string;
    try {
      const outcome = runCase(server, c);
      label = c.kind === 'yaml' ? String(outcome) : `HTTP ${outcome}`;
      if (outcome === 500 && c.kind === 'request') {
        const answer = server.handle(c.request).body as { message?: string };
        internalErrors.push(`${describeCase(c)}: ${answer.message ?? ''}`.slice(0, 400));
      }
    } catch (error) {
      label = 'FAILED';
      failures.push(
        `${describeCase(c)}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const ms = performance.now() - t0;
    busyMs += ms;
    if (ms > slowestMs) [slowestMs, slowest] = [ms, describeCase(c)];
    outcomes.set(label, (outcomes.get(label) ?? 0) + 1);
    if (++done % 25 === 0) clock.advance(30_000);
  }
  for (const problem of invariantViolations(server)) failures.push(`invariant: ${problem}`);
}
const elapsed = performance.now() - started;

console.log(`fuzz: ${CASES} cases (seed ${SEED}) in ${(elapsed / 1000).toFixed(1)} s`);
console.log(
  `  ${Math.round(CASES / (elapsed / 1000))} cases/s overall (generation included), ${Math.round(CASES / (busyMs / 1000))} cases/s in the code under test`,
);
console.log(`  slowest case ${slowestMs.toFixed(1)} ms (hang bound ${HANG_MS} ms): ${slowest}`);
console.log('  answered with:');
for (const [label, count] of [...outcomes].sort((a, b) => b[1] - a[1]))
  console.log(`    ${label.padEnd(12)} ${String(count).padStart(6)}`);
console.log(`  internal errors (500): ${internalErrors.length}`);
for (const e of internalErrors.slice(0, 10)) console.log(`    ${e}`);
console.log(`  failures: ${failures.length}`);
for (const f of failures.slice(0, 20)) console.log(`    ${f}`);
process.exitCode = failures.length > 0 ? 1 : 0;
