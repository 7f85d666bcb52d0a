/**
 * Property: whatever sequence of creates, template changes, scales and deletes of Deployments (and
 * pod deletions) happens, the controllers converge: each Deployment has exactly `replicas` live pods,
 * all from the ReplicaSet of its current template, and every owner reference points at a live owner.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../cluster.ts';
import { apiPath } from '../client.ts';
import { deployment, isTerminating, list, runUntil, type Obj } from './workload-helpers.ts';

type Op =
  | { kind: 'apply'; d: number; replicas: number; image: number }
  | { kind: 'scale'; d: number; replicas: number }
  | { kind: 'delete'; d: number }
  | { kind: 'killPod'; pick: number }
  | { kind: 'wait'; ms: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('apply' as const),
    d: fc.integer({ min: 0, max: 2 }),
    replicas: fc.integer({ min: 0, max: 5 }),
    image: fc.integer({ min: 0, max: 2 }),
  }),
  fc.record({
    kind: fc.constant('scale' as const),
    d: fc.integer({ min: 0, max: 2 }),
    replicas: fc.integer({ min: 0, max: 6 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), d: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ kind: fc.constant('killPod' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 20_000 }) }),
);

function converged(items: { deployments: Obj[]; rss: Obj[]; pods: Obj[] }): string | undefined {
  const { deployments, rss, pods } = items;
  const rsByUid = new Map(rss.map((r) => [r.metadata?.uid, r]));
  const dByUid = new Map(deployments.map((d) => [d.metadata?.uid, d]));
  for (const p of pods) {
    const ref = p.metadata?.ownerReferences?.find((r) => r.controller);
    if (!ref || !rsByUid.has(ref.uid)) return `pod ${p.metadata?.name} has no live owner`;
  }
  for (const r of rss) {
    const ref = r.metadata?.ownerReferences?.find((x) => x.controller);
    if (!ref || !dByUid.has(ref.uid)) return `rs ${r.metadata?.name} has no live owner`;
  }
  for (const d of deployments) {
    const mine = rss.filter((r) => r.metadata?.ownerReferences?.[0]?.uid === d.metadata?.uid);
    const image = (d.spec as { template: { spec: { containers: { image: string }[] } } }).template
      .spec.containers[0].image;
    const live = pods.filter(
      (p) =>
        !isTerminating(p) &&
        mine.some((r) => r.metadata?.uid === p.metadata?.ownerReferences?.[0]?.uid),
    );
    if (live.length !== d.spec?.replicas)
      return `deployment ${d.metadata?.name}: ${live.length} pods, want ${d.spec?.replicas}`;
    for (const p of live) {
      const podImage = (p.spec as { containers: { image: string }[] }).containers[0].image;
      if (podImage !== image)
        return `deployment ${d.metadata?.name}: pod ${p.metadata?.name} runs ${podImage}, want ${image}`;
    }
    if (d.status?.observedGeneration !== d.metadata?.generation)
      return `deployment ${d.metadata?.name} generation not observed`;
    if ((d.status?.replicas ?? 0) !== d.spec?.replicas)
      return `deployment ${d.metadata?.name} status.replicas ${d.status?.replicas}`;
  }
  return undefined;
}

describe('workload controllers converge (property)', () => {
  it('after any sequence of Deployment operations', () => {
    fc.assert(
      fc.property(
        fc.array(op, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 1000 }),
        (ops, seed) => {
          const c = createCluster({ workers: 2, seed });
          const t = c.client('test');
          for (const o of ops) {
            const name = `app-${'d' in o ? o.d : 0}`;
            const path = apiPath('apps/v1', 'deployments', 'default', name);
            if (o.kind === 'apply') {
              const body = deployment(name, o.replicas, `nginx:1.2${o.image}`);
              const got = t.get(path);
              if (got.ok) t.patch(path, { spec: body.spec });
              else t.create(apiPath('apps/v1', 'deployments', 'default'), body);
            } else if (o.kind === 'scale') t.patch(path, { spec: { replicas: o.replicas } });
            else if (o.kind === 'delete') t.delete(path, { propagationPolicy: 'Background' });
            else if (o.kind === 'killPod') {
              const pods = list(t, 'v1', 'pods');
              if (pods.length)
                t.delete(
                  apiPath('v1', 'pods', 'default', pods[o.pick % pods.length].metadata?.name),
                );
            } else c.clock.advance(o.ms);
          }
          let why: string | undefined = 'not checked';
          const ok = runUntil(
            c,
            () => {
              why = converged({
                deployments: list(t, 'apps/v1', 'deployments'),
                rss: list(t, 'apps/v1', 'replicasets'),
                pods: list(t, 'v1', 'pods'),
              });
              return why === undefined;
            },
            900_000,
            5_000,
          );
          expect(why).toBeUndefined();
          return ok;
        },
      ),
      { numRuns: 12, seed: 42 },
    );
  });
});
