import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { applyPatch, createThreeWayMergePatch, createTwoWayMergePatch } from './index';

const pod = { group: '', version: 'v1', kind: 'Pod' };

// Pod-like objects: merge lists with unique keys (containers, env, ports, finalizers), an atomic
// list (tolerations), maps (labels) and scalars.
const name = fc.constantFrom('a', 'b', 'c', 'd', 'e');
const uniqueBy = <T>(arb: fc.Arbitrary<T>, key: (t: T) => unknown) =>
  fc.uniqueArray(arb, { selector: key, maxLength: 4 });
const container = fc.record(
  {
    name,
    image: fc.constantFrom('nginx:1', 'nginx:2', 'busybox'),
    env: uniqueBy(fc.record({ name, value: fc.constantFrom('1', '2') }), (e) => e.name),
    ports: uniqueBy(
      fc.record({ containerPort: fc.constantFrom(80, 443, 8080) }),
      (p) => p.containerPort,
    ),
  },
  { requiredKeys: ['name'] },
);
const podObject = fc.record(
  {
    metadata: fc.record(
      {
        labels: fc.dictionary(fc.constantFrom('app', 'tier', 'team'), fc.constantFrom('x', 'y')),
        finalizers: fc.uniqueArray(fc.constantFrom('f1', 'f2', 'f3'), { maxLength: 3 }),
      },
      { requiredKeys: [] },
    ),
    spec: fc.record(
      {
        containers: uniqueBy(container, (c) => c.name),
        tolerations: fc.array(fc.record({ key: name, operator: fc.constant('Exists') }), {
          maxLength: 2,
        }),
        nodeName: fc.constantFrom('n1', 'n2'),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);

describe('strategic merge patch properties', () => {
  it('a two-way patch turns the original into the modified object', () => {
    fc.assert(
      fc.property(podObject, podObject, (original, modified) => {
        const created = createTwoWayMergePatch(original, modified, pod);
        if (!created.ok) throw new Error(created.message);
        const applied = applyPatch(original as KubeObject, created.patch, 'strategic', pod);
        if (!applied.ok) throw new Error(applied.message);
        expect(applied.object).toEqual(modified);
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it('a three-way patch from an unchanged live object gives the modified object', () => {
    fc.assert(
      fc.property(podObject, podObject, (original, modified) => {
        const created = createThreeWayMergePatch(original, modified, original, pod);
        if (!created.ok) throw new Error(created.message);
        const applied = applyPatch(original as KubeObject, created.patch, 'strategic', pod);
        if (!applied.ok) throw new Error(applied.message);
        expect(applied.object).toEqual(modified);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
