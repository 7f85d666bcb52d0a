import { describe, expect, it } from 'vitest';
import type { Endpoints } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { apiPath } from '../client.ts';
import { createHarness } from '../network/testing/harness.ts';
import { computeEndpointSubsets, startEndpointsController, truncateSubsets } from './endpoints.ts';
import { planSlices, startEndpointSliceController, desiredEndpoints } from './endpointslice.ts';
import { startEndpointSliceMirroringController } from './endpointslice-mirroring.ts';

function setup() {
  const h = createHarness(2);
  startEndpointsController(h.controllers);
  startEndpointSliceController(h.controllers);
  h.startInformers();
  h.create({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default', labels: { tier: 'front' } },
    spec: {
      clusterIP: '10.96.0.20',
      selector: { app: 'web' },
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
    },
  });
  const endpoints = () =>
    h.api.all('endpoints').find((e) => e.metadata?.name === 'web') as Endpoints | undefined;
  const slices = () =>
    h.api
      .all('endpointslices')
      .filter(
        (s) => s.metadata?.labels?.['kubernetes.io/service-name'] === 'web',
      ) as unknown as EndpointSlice[];
  return { h, endpoints, slices };
}

describe('endpoints and EndpointSlice controllers', () => {
  it('follow readiness: ready pods in addresses, others in notReadyAddresses', () => {
    const { h, endpoints, slices } = setup();
    h.pod('web-1', { app: 'web' }, { nodeName: 'worker-1' });
    h.pod('web-2', { app: 'web' }, { nodeName: 'worker-2' });
    h.pod('other', { app: 'db' }, { nodeName: 'worker-1' });
    h.settle();
    // No IPs yet: nothing to list.
    expect(endpoints()?.subsets).toEqual([]);
    h.setPodStatus('default', 'web-1', '10.244.1.5', true);
    h.setPodStatus('default', 'web-2', '10.244.2.7', false);
    h.setPodStatus('default', 'other', '10.244.1.9', true);
    h.settle();
    const subset = endpoints()!.subsets![0];
    expect(subset.addresses!.map((a) => a.ip)).toEqual(['10.244.1.5']);
    expect(subset.notReadyAddresses!.map((a) => a.ip)).toEqual(['10.244.2.7']);
    expect(subset.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(subset.addresses![0].targetRef).toMatchObject({ kind: 'Pod', name: 'web-1' });
    expect(endpoints()!.metadata?.labels).toEqual({ tier: 'front' });

    const [slice] = slices();
    expect(slice.metadata?.labels).toMatchObject({
      'kubernetes.io/service-name': 'web',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
      tier: 'front',
    });
    expect(slice.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'Service', name: 'web' });
    expect(slice.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    const byIp = Object.fromEntries(slice.endpoints.map((e) => [e.addresses[0], e]));
    expect(byIp['10.244.1.5'].conditions).toEqual({
      ready: true,
      serving: true,
      terminating: false,
    });
    expect(byIp['10.244.2.7'].conditions).toEqual({
      ready: false,
      serving: false,
      terminating: false,
    });
    expect(byIp['10.244.1.5'].nodeName).toBe('worker-1');

    // web-2 becomes ready, web-1 is deleted.
    h.setPodStatus('default', 'web-2', '10.244.2.7', true);
    h.admin.delete(apiPath('v1', 'pods', 'default', 'web-1'));
    h.settle();
    expect(endpoints()!.subsets![0].addresses!.map((a) => a.ip)).toEqual(['10.244.2.7']);
    expect(endpoints()!.subsets![0].notReadyAddresses).toBeUndefined();
    expect(slices()).toHaveLength(1);
    expect(slices()[0].endpoints.map((e) => e.addresses[0])).toEqual(['10.244.2.7']);
  });

  it('lists terminating pods in slices (serving, not ready) but not in Endpoints', () => {
    const { h, endpoints, slices } = setup();
    h.pod('web-1', { app: 'web' }, { nodeName: 'worker-1' });
    h.setPodStatus('default', 'web-1', '10.244.1.5', true);
    h.settle();
    h.admin.patch(apiPath('v1', 'pods', 'default', 'web-1'), {
      metadata: { deletionTimestamp: '2026-01-01T00:00:30Z' },
    });
    h.settle();
    expect(endpoints()!.subsets).toEqual([]);
    expect(slices()[0].endpoints[0].conditions).toEqual({
      ready: false,
      serving: true,
      terminating: true,
    });
  });

  it('publishNotReadyAddresses lists not-ready pods as ready; headless gets the label and hostnames', () => {
    const h = createHarness(1);
    startEndpointsController(h.controllers);
    startEndpointSliceController(h.controllers);
    h.startInformers();
    h.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'db', namespace: 'default' },
      spec: {
        clusterIP: 'None',
        publishNotReadyAddresses: true,
        selector: { app: 'db' },
        ports: [{ port: 5432 }],
      },
    });
    h.pod('db-0', { app: 'db' }, { nodeName: 'worker-1', hostname: 'db-0', subdomain: 'db' });
    h.setPodStatus('default', 'db-0', '10.244.1.3', false);
    h.settle();
    const ep = h.api.all('endpoints')[0] as Endpoints;
    expect(ep.metadata?.labels).toEqual({ 'service.kubernetes.io/headless': '' });
    expect(ep.subsets![0].addresses![0]).toMatchObject({ ip: '10.244.1.3', hostname: 'db-0' });
    const slice = h.api.all('endpointslices')[0] as unknown as EndpointSlice;
    expect(slice.endpoints[0]).toMatchObject({ hostname: 'db-0', conditions: { ready: true } });
    expect(slice.metadata?.labels?.['service.kubernetes.io/headless']).toBe('');
  });

  it('leaves the Endpoints of a Service without selector alone', () => {
    const h = createHarness(1);
    startEndpointsController(h.controllers);
    startEndpointSliceController(h.controllers);
    startEndpointSliceMirroringController(h.controllers);
    h.startInformers();
    h.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'ext', namespace: 'default' },
      spec: { clusterIP: '10.96.0.30', ports: [{ port: 80 }] },
    });
    h.create({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'ext', namespace: 'default' },
      subsets: [{ addresses: [{ ip: '192.0.2.10' }], ports: [{ port: 80 }] }],
    });
    h.settle();
    const ep = h.api.all('endpoints')[0] as Endpoints;
    expect(ep.subsets![0].addresses![0].ip).toBe('192.0.2.10');
    // ...and the mirroring controller copies them into a slice kube-proxy can read.
    const slices = h.api.all('endpointslices') as unknown as EndpointSlice[];
    expect(slices).toHaveLength(1);
    expect(slices[0].metadata?.labels).toEqual({
      'kubernetes.io/service-name': 'ext',
      'endpointslice.kubernetes.io/managed-by': 'endpointslicemirroring-controller.k8s.io',
    });
    expect(slices[0].endpoints).toEqual([
      { addresses: ['192.0.2.10'], conditions: { ready: true } },
    ]);
    expect(slices[0].ports).toEqual([{ name: '', port: 80, protocol: 'TCP' }]);
    h.admin.delete(apiPath('v1', 'endpoints', 'default', 'ext'));
    h.settle();
    expect(h.api.all('endpointslices')).toEqual([]);
  });

  it('resolves named target ports per pod and splits slices by port set', () => {
    const { h, slices } = setup();
    h.pod(
      'web-1',
      { app: 'web' },
      { nodeName: 'worker-1', ports: [{ name: 'http', containerPort: 8080 }] },
    );
    h.pod(
      'web-2',
      { app: 'web' },
      { nodeName: 'worker-1', ports: [{ name: 'http', containerPort: 9090 }] },
    );
    h.pod(
      'web-3',
      { app: 'web' },
      { nodeName: 'worker-1', ports: [{ name: 'metrics', containerPort: 9100 }] },
    );
    h.setPodStatus('default', 'web-1', '10.244.1.5', true);
    h.setPodStatus('default', 'web-2', '10.244.1.6', true);
    h.setPodStatus('default', 'web-3', '10.244.1.7', true);
    h.settle();
    const ports = slices()
      .filter((s) => s.endpoints.length > 0)
      .map(
        (s) =>
          `${s.ports?.map((p) => p.port).join(',')}:${s.endpoints.map((e) => e.addresses[0]).join(',')}`,
      )
      .sort();
    // web-3 has no port named http: Endpoints leave it out, and so does every slice port list.
    expect(ports).toEqual(['8080:10.244.1.5', '9090:10.244.1.6', ':10.244.1.7']);
  });

  it('keeps at most 100 endpoints per slice', () => {
    const service = {
      metadata: { name: 'big', namespace: 'default', uid: 'u1' },
      spec: { clusterIP: '10.96.0.40', selector: { app: 'big' }, ports: [{ port: 80 }] },
    };
    const pods = Array.from({ length: 250 }, (_, i) => ({
      metadata: { name: `big-${i}`, namespace: 'default', uid: `p${i}` },
      spec: { nodeName: 'worker-1', containers: [] },
      status: {
        podIP: `10.244.${Math.floor(i / 200)}.${i % 200}`,
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    }));
    const plan = planSlices(service, [], desiredEndpoints(service, pods));
    expect(plan.create.map((s) => s.endpoints.length)).toEqual([100, 100, 50]);
  });

  it('Endpoints hold at most 1000 addresses (over-capacity: truncated)', () => {
    const service = {
      metadata: { name: 'big', namespace: 'default' },
      spec: { selector: { app: 'big' }, ports: [{ port: 80 }] },
    };
    const pods = Array.from({ length: 1200 }, (_, i) => ({
      metadata: { name: `big-${i}`, namespace: 'default' },
      spec: { containers: [] },
      status: {
        podIP: `10.${244 + Math.floor(i / 256)}.${i % 256}.1`,
        conditions: [{ type: 'Ready', status: i < 900 ? 'True' : 'False' }],
      },
    }));
    const subsets = computeEndpointSubsets(service, pods);
    expect(truncateSubsets(subsets)).toBe(true);
    expect(subsets[0].addresses).toHaveLength(900);
    expect(subsets[0].notReadyAddresses).toHaveLength(100);
  });
});
