import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../sim/api/types';
import type { ClusterState } from '../store/cluster-store';
import { layoutDiagram } from './layout';
import { diagramModel, podReferences, PODS_PER_NODE_LIMIT } from './signature';
import { SlotAllocator } from './slots';

const state = (objects: KubeObject[]): ClusterState => {
  const byKind: Record<string, Record<string, KubeObject>> = {};
  for (const o of objects) {
    const key = o.metadata?.namespace
      ? `${o.metadata.namespace}/${o.metadata.name}`
      : `${o.metadata?.name}`;
    (byKind[o.kind ?? ''] ??= {})[key] = o;
  }
  return { objects: byKind, synced: {} };
};

const node = (name: string): KubeObject => ({ kind: 'Node', metadata: { name } });
const pod = (
  name: string,
  nodeName: string,
  ns = 'default',
  extra: Record<string, unknown> = {},
): KubeObject => ({
  kind: 'Pod',
  metadata: { name, namespace: ns, labels: { app: 'web' }, ...extra },
  spec: {
    nodeName,
    containers: [{ name: 'c', envFrom: [{ configMapRef: { name: 'settings' } }] }],
  },
});

const options = { namespace: '', showOwners: true };

describe('diagramModel', () => {
  const cluster = state([
    node('worker-1'),
    pod('web-a', 'worker-1'),
    pod('web-b', 'worker-1'),
    pod('coredns-x', 'worker-1', 'kube-system'),
    {
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: { selector: { app: 'web' } },
    },
    {
      kind: 'EndpointSlice',
      metadata: {
        name: 'web-x1',
        namespace: 'default',
        labels: { 'kubernetes.io/service-name': 'web' },
      },
      endpoints: [
        {
          conditions: { ready: true },
          targetRef: { kind: 'Pod', name: 'web-a', namespace: 'default' },
        },
        {
          conditions: { ready: false },
          targetRef: { kind: 'Pod', name: 'web-b', namespace: 'default' },
        },
      ],
    },
    {
      kind: 'Ingress',
      metadata: { name: 'shop', namespace: 'default' },
      spec: {
        rules: [
          {
            host: 'shop.example.com',
            http: { paths: [{ path: '/', backend: { service: { name: 'web' } } }] },
          },
        ],
      },
    },
    { kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default' } },
  ]);

  it('splits endpoints into ready and not ready from the EndpointSlices', () => {
    const model = diagramModel(cluster, options);
    expect(model.services).toEqual([
      { key: 'default/web', pods: ['default/web-a'], notReady: ['default/web-b'] },
    ]);
  });

  it('hides kube-system by default and shows it on request', () => {
    expect(diagramModel(cluster, options).pods.map((p) => p.key)).toEqual([
      'default/web-a',
      'default/web-b',
    ]);
    expect(diagramModel(cluster, { ...options, namespace: '*' }).pods).toHaveLength(3);
  });

  it('routes ingresses to services with host/path labels and puts ConfigMaps beside their pods', () => {
    const model = diagramModel(cluster, options);
    expect(model.ingresses).toEqual([
      { key: 'default/shop', routes: [{ service: 'default/web', label: 'shop.example.com/' }] },
    ]);
    expect(model.configs).toEqual([
      {
        kind: 'ConfigMap',
        key: 'default/settings',
        pods: ['default/web-a', 'default/web-b'],
        exists: true,
      },
    ]);
    const { nodes, edges } = layoutDiagram(model, new SlotAllocator());
    const ingressEdge = edges.find((e) => e.source === 'ingress/default/shop');
    expect(ingressEdge?.label).toBe('shop.example.com/');
    const config = nodes.find((n) => n.id === 'config/ConfigMap/default/settings');
    const worker = nodes.find((n) => n.id === 'node/worker-1');
    expect(config?.position.x).toBeGreaterThan((worker?.position.x ?? 0) + 200);
    expect(edges.filter((e) => e.className?.includes('not-ready')).map((e) => e.target)).toEqual([
      'pod/default/web-b',
    ]);
  });

  it('summarises a node with too many pods as counts instead of boxes', () => {
    const many = state([
      node('worker-1'),
      ...Array.from({ length: PODS_PER_NODE_LIMIT + 1 }, (_, i) => pod(`p-${i}`, 'worker-1')),
    ]);
    const model = diagramModel(many, options);
    expect(model.summarised).toEqual(['worker-1']);
    // 41 pods, three to a grid row, rounded up to a step of rows.
    expect(model.summaryRows).toEqual({ 'worker-1': 16 });
    expect(model.pods).toEqual([]);
    const { nodes } = layoutDiagram(model, new SlotAllocator());
    expect(nodes.find((n) => n.id === 'node/worker-1')?.data.summarised).toBe(true);
    expect(nodes.filter((n) => n.type === 'pod')).toHaveLength(0);
  });

  it('draws owners with edges to what they own when the overlay is on', () => {
    const owned = state([
      node('worker-1'),
      { kind: 'Deployment', metadata: { name: 'web', namespace: 'default', uid: 'd1' } },
      {
        kind: 'ReplicaSet',
        metadata: {
          name: 'web-1',
          namespace: 'default',
          ownerReferences: [
            { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd1', controller: true },
          ],
        },
      },
      pod('web-1-a', 'worker-1', 'default', {
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'r1', controller: true },
        ],
      }),
    ]);
    const model = diagramModel(owned, options);
    expect(model.owners).toEqual([
      { kind: 'Deployment', key: 'default/web', parent: undefined, pods: [] },
      {
        kind: 'ReplicaSet',
        key: 'default/web-1',
        parent: 'Deployment/default/web',
        pods: ['default/web-1-a'],
      },
    ]);
    expect(diagramModel(owned, { ...options, showOwners: false }).owners).toEqual([]);
    const { edges } = layoutDiagram(model, new SlotAllocator());
    expect(
      edges.filter((e) => e.className === 'owner-edge').map((e) => `${e.source}->${e.target}`),
    ).toEqual([
      'owner/Deployment/default/web->owner/ReplicaSet/default/web-1',
      'owner/ReplicaSet/default/web-1->pod/default/web-1-a',
    ]);
  });
});

describe('podReferences', () => {
  it('lists what a pod refers to, read once per pod (by uid) across its status updates', () => {
    const spec = {
      volumes: [
        { configMap: { name: 'settings' } },
        { projected: { sources: [{ configMap: { name: 'kube-root-ca.crt' } }] } },
      ],
      containers: [{ name: 'c', envFrom: [{ secretRef: { name: 'token' } }] }],
    };
    const first: KubeObject = { kind: 'Pod', metadata: { name: 'p', uid: 'u-1' }, spec };
    const refs = podReferences(first);
    expect(refs).toEqual(['ConfigMap/settings', 'Secret/token']);
    const updated: KubeObject = { ...first, status: { phase: 'Running' } };
    expect(podReferences(updated)).toBe(refs);
    // Without a uid, each object is read on its own.
    expect(podReferences({ kind: 'Pod', metadata: { name: 'q' }, spec })).toEqual(refs);
  });
});
