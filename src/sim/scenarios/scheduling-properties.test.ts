import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Pod } from 'kubernetes-types/core/v1';
import { apiPath } from '../client.ts';
import { killContainer, stopNode } from '../node/faults.ts';
import { milliValue } from '../scheduler/quantity.ts';
import { bootCluster, listPods } from './node-helpers.ts';

type Op =
  | { kind: 'create'; cpu: number; zone?: string }
  | { kind: 'delete'; index: number }
  | { kind: 'kill'; index: number }
  | { kind: 'stop'; node: number }
  | { kind: 'wait'; ms: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('create' as const),
      cpu: fc.integer({ min: 0, max: 2500 }),
      zone: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), index: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('kill' as const), index: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('stop' as const),
      node: fc.integer({ min: 1, max: 3 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('wait' as const),
      ms: fc.integer({ min: 100, max: 20_000 }),
    }),
  },
);

function checkInvariants(cluster: ReturnType<typeof bootCluster>): void {
  const pods = listPods(cluster);
  const nodes = new Map(cluster.nodes.map((n) => [n.name, milliValue(n.capacity.cpu)]));
  const used = new Map<string, number>();
  const ips = new Map<string, string>();
  for (const p of pods) {
    const node = p.spec?.nodeName;
    if (!node || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
    const cpu = (p.spec?.containers ?? []).reduce(
      (s, c) => s + milliValue(c.resources?.requests?.cpu ?? 0),
      0,
    );
    used.set(node, (used.get(node) ?? 0) + cpu);
    const ip = p.status?.podIP;
    if (ip && !p.spec?.hostNetwork && !p.metadata?.deletionTimestamp) {
      expect(
        ips.get(ip),
        `IP ${ip} of ${p.metadata?.name} also used by ${ips.get(ip)}`,
      ).toBeUndefined();
      ips.set(ip, p.metadata?.name ?? '');
    }
  }
  for (const [node, cpu] of used)
    expect(cpu, `requests on ${node}`).toBeLessThanOrEqual(nodes.get(node) ?? 0);
}

describe('scheduler and kubelet invariants', () => {
  it('never overcommits a node, binds each pod once, and keeps live pod IPs unique', () => {
    fc.assert(
      fc.property(
        fc.array(op, { minLength: 5, maxLength: 30 }),
        fc.integer({ min: 1, max: 1000 }),
        (ops, seed) => {
          const cluster = bootCluster({ workers: 3, seed, zones: ['a', 'b'] });
          const admin = cluster.client('admin');
          const boundTo = new Map<string, string>();
          let created = 0;
          for (const o of ops) {
            const pods = listPods(cluster).filter((p) => !p.metadata?.deletionTimestamp);
            if (o.kind === 'create') {
              const pod: Pod = {
                metadata: { name: `p-${created++}` },
                spec: {
                  containers: [
                    {
                      name: 'c',
                      image: 'nginx:1.25',
                      resources: { requests: { cpu: `${o.cpu}m` } },
                    },
                  ],
                  ...(o.zone ? { nodeSelector: { 'topology.kubernetes.io/zone': o.zone } } : {}),
                },
              };
              admin.create(apiPath('v1', 'pods', 'default'), {
                apiVersion: 'v1',
                kind: 'Pod',
                ...pod,
              });
            } else if (o.kind === 'delete' && pods.length) {
              const p = pods[o.index % pods.length];
              admin.delete(apiPath('v1', 'pods', 'default', p.metadata?.name));
            } else if (o.kind === 'kill' && pods.length) {
              killContainer(cluster, 'default', pods[o.index % pods.length].metadata?.name ?? '');
            } else if (o.kind === 'stop') stopNode(cluster, `worker-${o.node}`);
            else if (o.kind === 'wait') cluster.clock.advance(o.ms);
            cluster.clock.advance(50);
            for (const p of listPods(cluster)) {
              const uid = p.metadata?.uid ?? '';
              const node = p.spec?.nodeName;
              if (!node) continue;
              const before = boundTo.get(uid);
              expect(before === undefined || before === node, `pod ${p.metadata?.name} moved`).toBe(
                true,
              );
              boundTo.set(uid, node);
            }
            checkInvariants(cluster);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
