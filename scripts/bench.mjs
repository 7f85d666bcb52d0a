#!/usr/bin/env node
// `npm run bench`: runs every benchmark and prints its figures. Benchmarks measure; tests never
// assert wall-clock times. Pass names to run a subset: `npm run bench -- api scale`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const benches = [
  {
    name: 'api',
    file: 'scripts/bench-api.ts',
    what: 'apiserver throughput, watch fan-out, etcd memory',
  },
  {
    name: 'scale',
    file: 'scripts/bench-scale.ts',
    what: 'scheduling and starting pods at 10 to 5,000 nodes',
    // 150,000 pods need more than Node's default old-space limit. Most objects of this workload
    // live on: a 64 MB young generation (default 16 MB) halves the scavenges, and a 4 GB initial
    // old space spares the full collections of a heap growing to 2 GB (about a fifth of the CPU).
    nodeFlags: [
      '--max-old-space-size=12000',
      '--max-semi-space-size=128',
      '--initial-old-space-size=4096',
    ],
  },
  {
    name: 'network',
    file: 'scripts/bench-network.ts',
    what: 'kube-proxy programming, traffic routing',
  },
  { name: 'fuzz', file: 'scripts/bench-fuzz.ts', what: 'property runs over hostile input' },
  {
    name: 'ui',
    file: 'scripts/bench-ui.mjs',
    what: 'first diagram paint, initial JS size, frame times',
    needsBuild: true,
  },
];
const only = process.argv.slice(2);
let failed = 0;
for (const bench of benches) {
  if (only.length > 0 && !only.includes(bench.name)) continue;
  const file = join(root, bench.file);
  if (!existsSync(file)) continue;
  console.log(`\n=== bench ${bench.name}: ${bench.what} ===`);
  if (bench.needsBuild && !existsSync(join(root, 'dist', 'index.html'))) {
    const build = spawnSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) {
      failed++;
      continue;
    }
  }
  const flags = ['--expose-gc', ...(bench.nodeFlags ?? [])];
  const args = file.endsWith('.ts') ? [...flags, '--import', 'tsx', file] : [...flags, file];
  const run = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`bench ${bench.name} failed (exit ${run.status})`);
    failed++;
  }
}
process.exit(failed > 0 ? 1 : 0);
