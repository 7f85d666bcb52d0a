import { describe, expect, it } from 'vitest';
import { apiPath } from '../client.ts';
import { slowStartBatch } from './pod-control.ts';
import { createHarness } from './testing/harness.ts';
import type { Pod } from './util.ts';

const rs = (replicas: number) => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'frontend', namespace: 'default' },
  spec: {
    replicas,
    selector: { matchLabels: { tier: 'frontend' } },
    template: {
      metadata: { labels: { tier: 'frontend' } },
      spec: { containers: [{ name: 'php', image: 'php:8' }] },
    },
  },
});

describe('slowStartBatch', () => {
  it('doubles the batch after each success and stops after a failing batch', () => {
    let calls = 0;
    const made = slowStartBatch(10, 1, () => ++calls <= 4);
    expect([made, calls]).toEqual([4, 7]);
    expect(slowStartBatch(10, 1, () => true)).toBe(10);
  });
});

describe('replicaset controller', () => {
  it('releases a pod relabelled out of its selector and replaces it', () => {
    const h = createHarness({ kubelet: { readyAfterMs: 500 } });
    h.client.create(apiPath('apps/v1', 'replicasets', 'default'), rs(2));
    h.clock.advance(5_000);
    const [first] = h.list<Pod>('pods');
    h.client.patch(apiPath('v1', 'pods', 'default', first.metadata?.name), {
      metadata: { labels: { tier: 'debug' } },
    });
    h.clock.advance(5_000);
    const pods = h.list<Pod>('pods');
    expect(pods).toHaveLength(3);
    const released = pods.find((p) => p.metadata?.name === first.metadata?.name);
    expect(released?.metadata?.ownerReferences ?? []).toEqual([]);
    expect(pods.filter((p) => p.metadata?.ownerReferences?.[0]?.name === 'frontend')).toHaveLength(
      2,
    );
  });

  it('creates pods in slow-start batches and stops at the first failure', () => {
    const h = createHarness({ kubelet: false });
    let creates = 0;
    h.api.intercept = (req) => {
      if (req.method !== 'POST' || !req.path.endsWith('/pods')) return undefined;
      creates++;
      if (creates <= 3) return undefined;
      return {
        status: 403,
        body: {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          code: 403,
          reason: 'Forbidden',
          message: 'exceeded quota: pods',
        },
      };
    };
    h.client.create(apiPath('apps/v1', 'replicasets', 'default'), rs(10));
    h.clock.advance(1);
    // The first sync: batches of 1 and 2 succeed, the batch of 4 fails, the rest is not tried;
    // later syncs try a batch of 1 each.
    expect(creates).toBeLessThan(10);
    expect(h.list('pods')).toHaveLength(3);
    const failure = (
      h.get('replicasets', 'default', 'frontend')?.status as {
        conditions?: { type: string; reason: string }[];
      }
    )?.conditions?.[0];
    expect(failure).toMatchObject({ type: 'ReplicaFailure', reason: 'FailedCreate' });
    expect(h.list('events').some((e) => e.reason === 'FailedCreate')).toBe(true);
  });
});
