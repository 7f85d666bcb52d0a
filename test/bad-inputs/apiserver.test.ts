/**
 * Catalogue entries of the `apiserver` layer through `cluster.api.handle` (the Worker's path):
 * the exact Status, and nothing changed: the etcd revision is the same after a refused write and
 * the cluster keeps answering.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Status } from '../../src/sim/api/types.ts';
import { createCluster, type Cluster } from '../../src/sim/cluster.ts';
import { asserted, entriesOf, messageMatches } from './catalogue.ts';
import { apiRequest } from './inputs.ts';

let cluster: Cluster;
beforeAll(() => {
  cluster = createCluster({ workers: 1, seed: 9 });
});

describe('bad requests (cluster.api.handle)', () => {
  for (const entry of entriesOf('apiserver').filter((e) => !e.pending)) {
    it(`${entry.id}: ${entry.title}`, () => {
      const want = asserted(entry);
      const revision = cluster.apiserver.etcd.revision();
      const started = performance.now();
      const response = cluster.api.handle(apiRequest(entry.input));
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(response.status).toBe(want.status);
      if (response.status >= 400) {
        const status = response.body as Status;
        expect(status.kind).toBe('Status');
        expect(status.code).toBe(want.status);
        expect(status.reason).toBe(want.reason);
        expect(messageMatches(status.message, want.message), status.message).toBe(true);
      }
      if (want.warning !== undefined) expect(response.headers?.warning).toBe(want.warning);
      // Nothing changed, and the server still answers.
      expect(cluster.apiserver.etcd.revision()).toBe(revision);
      expect(cluster.api.handle({ method: 'GET', path: '/api/v1/namespaces' }).status).toBe(200);
    });
  }
});
