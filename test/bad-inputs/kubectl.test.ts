/**
 * Catalogue entries of the `kubectl` layer: `runKubectl` (the console) against a simulated
 * cluster, reading the manifest from stdin. Exact stderr and exit code; nothing stored.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runKubectl, type KubectlEnv } from '../../src/kubectl/cli/index.ts';
import { createCluster, type Cluster } from '../../src/sim/cluster.ts';
import { asserted, entriesOf, messageMatches } from './catalogue.ts';

let cluster: Cluster;
beforeAll(() => {
  cluster = createCluster({ workers: 1, seed: 9 });
});

function env(stdin: string | undefined): KubectlEnv {
  return {
    request: async (req) => cluster.api.handle(req),
    nowMs: () => cluster.clock.now(),
    ...(stdin !== undefined ? { stdin } : {}),
  };
}

describe('bad manifests through kubectl (runKubectl)', () => {
  for (const entry of entriesOf('kubectl').filter((e) => !e.pending)) {
    it(`${entry.id}: ${entry.title}`, async () => {
      const want = asserted(entry);
      if (entry.input.setup) {
        const setup = await runKubectl(['apply', '-f', '-'], env(entry.input.setup));
        expect(setup.exitCode, setup.stderr).toBe(0);
      }
      const revision = cluster.apiserver.etcd.revision();
      const result = await runKubectl(entry.input.argv, env(entry.input.stdin));
      expect(result.exitCode).toBe(want.status);
      expect(messageMatches(result.stderr, want.message), result.stderr).toBe(true);
      expect(cluster.apiserver.etcd.revision()).toBe(revision);
    });
  }
});
