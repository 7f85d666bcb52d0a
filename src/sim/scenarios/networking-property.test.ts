/**
 * Property: whatever happens to a Service's pods (created, readiness flips, relabelled, terminating,
 * deleted), once things settle the Endpoints list exactly the ready selected pods, the slices'
 * ready endpoints are the same set, and every node's kube-proxy dispatches to exactly those.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Endpoints } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { apiPath } from '../client.ts';
import { startEndpointsController } from '../controllers/endpoints.ts';
import { startEndpointSliceController } from '../controllers/endpointslice.ts';
import { startNetwork } from '../network/index.ts';
import { createHarness } from '../network/testing/harness.ts';

type Op =
  | { op: 'create'; pod: number; ready: boolean; labelled: boolean }
  | { op: 'ready'; pod: number; ready: boolean }
  | { op: 'relabel'; pod: number; labelled: boolean }
  | { op: 'terminate'; pod: number }
  | { op: 'delete'; pod: number };

const POD = fc.integer({ min: 0, max: 7 });
const OP: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant('create' as const),
    pod: POD,
    ready: fc.boolean(),
    labelled: fc.boolean(),
  }),
  fc.record({ op: fc.constant('ready' as const), pod: POD, ready: fc.boolean() }),
  fc.record({ op: fc.constant('relabel' as const), pod: POD, labelled: fc.boolean() }),
  fc.record({ op: fc.constant('terminate' as const), pod: POD }),
  fc.record({ op: fc.constant('delete' as const), pod: POD }),
);

describe('endpoints invariant', () => {
  it('Endpoints = EndpointSlice ready endpoints = kube-proxy endpoints = ready selected pods', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(OP, fc.integer({ min: 0, max: 1500 })), { maxLength: 25 }),
        (ops) => {
          const h = createHarness(2);
          startEndpointsController(h.controllers);
          startEndpointSliceController(h.controllers);
          h.startInformers();
          const network = startNetwork(h.cluster, { ingressNginx: false, loadBalancers: false });
          h.create({
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name: 'web', namespace: 'default' },
            spec: {
              clusterIP: '10.96.0.20',
              selector: { app: 'web' },
              ports: [{ port: 80, targetPort: 8080 }],
            },
          });
          const state = new Map<
            number,
            { ready: boolean; labelled: boolean; terminating: boolean }
          >();
          const path = (i: number) => apiPath('v1', 'pods', 'default', `p${i}`);
          for (const [op, wait] of ops) {
            const s = state.get(op.pod);
            if (op.op === 'create' && !s) {
              h.pod(`p${op.pod}`, op.labelled ? { app: 'web' } : { app: 'other' }, {
                nodeName: `worker-${(op.pod % 2) + 1}`,
              });
              h.setPodStatus(
                'default',
                `p${op.pod}`,
                `10.244.${(op.pod % 2) + 1}.${op.pod + 10}`,
                op.ready,
              );
              state.set(op.pod, { ready: op.ready, labelled: op.labelled, terminating: false });
            } else if (s && op.op === 'ready') {
              h.setPodStatus(
                'default',
                `p${op.pod}`,
                `10.244.${(op.pod % 2) + 1}.${op.pod + 10}`,
                op.ready,
              );
              s.ready = op.ready;
            } else if (s && op.op === 'relabel') {
              h.admin.patch(path(op.pod), {
                metadata: { labels: { app: op.labelled ? 'web' : 'other' } },
              });
              s.labelled = op.labelled;
            } else if (s && op.op === 'terminate') {
              h.admin.patch(path(op.pod), {
                metadata: { deletionTimestamp: '2026-01-01T00:10:00Z' },
              });
              s.terminating = true;
            } else if (s && op.op === 'delete') {
              h.admin.delete(path(op.pod));
              state.delete(op.pod);
            }
            h.settle(wait);
          }
          h.settle(2_000);
          const expected = [...state]
            .filter(([, s]) => s.ready && s.labelled && !s.terminating)
            .map(([i]) => `10.244.${(i % 2) + 1}.${i + 10}`)
            .sort();
          const ep = h.api.all('endpoints').find((e) => e.metadata?.name === 'web') as Endpoints;
          const fromEndpoints = (ep.subsets ?? [])
            .flatMap((x) => (x.addresses ?? []).map((a) => a.ip))
            .sort();
          const fromSlices = (h.api.all('endpointslices') as unknown as EndpointSlice[])
            .flatMap((sl) => sl.endpoints ?? [])
            .filter((e) => e.conditions?.ready)
            .map((e) => e.addresses[0])
            .sort();
          expect(fromEndpoints).toEqual(expected);
          expect(fromSlices).toEqual(expected);
          for (const proxy of network.proxies.values()) {
            const sp = proxy.rules().servicePorts.get('default/web/TCP');
            const programmed = (sp?.clusterEndpoints ?? [])
              .filter((e) => e.ready)
              .map((e) => e.ip)
              .sort();
            expect(programmed).toEqual(expected);
          }
        },
      ),
      { numRuns: 40, seed: 7 },
    );
  });
});
