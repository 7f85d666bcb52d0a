import { describe, expect, it } from 'vitest';
import { testServer } from './test-helpers.ts';
import { aggregatedVersion } from './discovery.ts';
import { BUILTIN_RESOURCES } from './resources.ts';

const KUBECTL_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

type Resource = {
  name: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  singularName: string;
  group?: string;
  version?: string;
};

describe('discovery', () => {
  it('serves /api and /apis', () => {
    const t = testServer();
    expect(t.ok<{ kind: string; versions: string[] }>('GET', '/api')).toMatchObject({
      kind: 'APIVersions',
      versions: ['v1'],
    });
    const apis = t.ok<{
      kind: string;
      groups: {
        name: string;
        preferredVersion: { version: string };
        versions: { version: string }[];
      }[];
    }>('GET', '/apis');
    expect(apis.kind).toBe('APIGroupList');
    const names = apis.groups.map((g) => g.name);
    for (const g of [
      'apps',
      'batch',
      'networking.k8s.io',
      'storage.k8s.io',
      'discovery.k8s.io',
      'coordination.k8s.io',
      'autoscaling',
      'policy',
      'scheduling.k8s.io',
      'rbac.authorization.k8s.io',
      'admissionregistration.k8s.io',
      'apiextensions.k8s.io',
    ]) {
      expect(names).toContain(g);
    }
    expect(names).not.toContain('extensions');
    const autoscaling = apis.groups.find((g) => g.name === 'autoscaling');
    expect(autoscaling?.versions.map((v) => v.version)).toEqual(['v2', 'v1']);
    expect(autoscaling?.preferredVersion.version).toBe('v2');
    const batch = apis.groups.find((g) => g.name === 'batch');
    expect(batch?.versions.map((v) => v.version)).toEqual(['v1']);
  });

  it('lists resources with verbs, short names, categories and subresources', () => {
    const t = testServer();
    const core = t.ok<{ kind: string; groupVersion: string; resources: Resource[] }>(
      'GET',
      '/api/v1',
    );
    expect(core).toMatchObject({ kind: 'APIResourceList', groupVersion: 'v1' });
    const pods = core.resources.find((r) => r.name === 'pods');
    expect(pods).toEqual({
      name: 'pods',
      singularName: 'pod',
      namespaced: true,
      kind: 'Pod',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['po'],
      categories: ['all'],
    });
    expect(core.resources.find((r) => r.name === 'pods/eviction')).toMatchObject({
      kind: 'Eviction',
      group: 'policy',
      version: 'v1',
      verbs: ['create'],
    });
    expect(core.resources.find((r) => r.name === 'nodes')).toMatchObject({
      namespaced: false,
      shortNames: ['no'],
    });
    const apps = t.ok<{ resources: Resource[] }>('GET', '/apis/apps/v1');
    expect(apps.resources.find((r) => r.name === 'deployments/scale')).toMatchObject({
      kind: 'Scale',
      group: 'autoscaling',
      version: 'v1',
    });
    expect(t.req('GET', '/apis/batch/v1beta1').status).toBe(404);
    expect(t.req('GET', '/apis/extensions/v1beta1').status).toBe(404);
    expect(t.ok<{ kind: string; name: string }>('GET', '/apis/apps')).toMatchObject({
      kind: 'APIGroup',
      name: 'apps',
    });
  });

  it('serves aggregated discovery v2 with its content type', () => {
    const t = testServer();
    const r = t.req('GET', '/apis', undefined, { accept: KUBECTL_ACCEPT });
    expect(r.headers?.['content-type']).toBe(
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
    );
    const body = r.body as {
      kind: string;
      apiVersion: string;
      items: {
        metadata: { name?: string };
        versions: {
          version: string;
          resources: {
            resource: string;
            scope: string;
            responseKind: object;
            subresources?: { subresource: string }[];
          }[];
        }[];
      }[];
    };
    expect(body).toMatchObject({
      kind: 'APIGroupDiscoveryList',
      apiVersion: 'apidiscovery.k8s.io/v2',
    });
    const apps = body.items.find((i) => i.metadata.name === 'apps');
    const deploy = apps?.versions[0].resources.find((x) => x.resource === 'deployments');
    expect(deploy).toMatchObject({
      scope: 'Namespaced',
      responseKind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      singularResource: 'deployment',
      shortNames: ['deploy'],
      categories: ['all'],
    });
    expect(deploy?.subresources?.map((s) => s.subresource)).toEqual(['scale', 'status']);
    const core = t.req('GET', '/api', undefined, { accept: KUBECTL_ACCEPT }).body as typeof body;
    expect(core.items).toHaveLength(1);
    expect(core.items[0].versions[0].resources.some((x) => x.resource === 'pods')).toBe(true);
  });

  it('negotiates the aggregated version from Accept', () => {
    expect(aggregatedVersion(KUBECTL_ACCEPT)).toBe('v2');
    expect(
      aggregatedVersion(
        'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList',
      ),
    ).toBe('v2beta1');
    expect(aggregatedVersion('application/json')).toBeUndefined();
  });

  it('catalogues every resource of issue 3', () => {
    const ids = BUILTIN_RESOURCES.map((r) => `${r.group}/${r.version}/${r.resource}`);
    for (const id of [
      '/v1/namespaces',
      '/v1/nodes',
      '/v1/pods',
      '/v1/services',
      '/v1/endpoints',
      '/v1/configmaps',
      '/v1/secrets',
      '/v1/serviceaccounts',
      '/v1/persistentvolumes',
      '/v1/persistentvolumeclaims',
      '/v1/events',
      '/v1/replicationcontrollers',
      'apps/v1/deployments',
      'apps/v1/replicasets',
      'apps/v1/statefulsets',
      'apps/v1/daemonsets',
      'apps/v1/controllerrevisions',
      'batch/v1/jobs',
      'batch/v1/cronjobs',
      'networking.k8s.io/v1/ingresses',
      'networking.k8s.io/v1/ingressclasses',
      'networking.k8s.io/v1/networkpolicies',
      'storage.k8s.io/v1/storageclasses',
      'discovery.k8s.io/v1/endpointslices',
      'coordination.k8s.io/v1/leases',
      'autoscaling/v1/horizontalpodautoscalers',
      'autoscaling/v2/horizontalpodautoscalers',
      'policy/v1/poddisruptionbudgets',
      'scheduling.k8s.io/v1/priorityclasses',
      'rbac.authorization.k8s.io/v1/roles',
      'rbac.authorization.k8s.io/v1/clusterroles',
      'rbac.authorization.k8s.io/v1/rolebindings',
      'rbac.authorization.k8s.io/v1/clusterrolebindings',
      'admissionregistration.k8s.io/v1/validatingwebhookconfigurations',
      'admissionregistration.k8s.io/v1/mutatingwebhookconfigurations',
      'apiextensions.k8s.io/v1/customresourcedefinitions',
    ]) {
      expect(ids).toContain(id);
    }
  });

  it('converts HorizontalPodAutoscalers between autoscaling/v1 and v2', () => {
    const t = testServer();
    t.ok('POST', '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers', {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        maxReplicas: 5,
        targetCPUUtilizationPercentage: 60,
      },
    });
    const v2 = t.ok<{ apiVersion: string; spec: object }>(
      'GET',
      '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/web',
    );
    expect(v2.apiVersion).toBe('autoscaling/v2');
    expect(v2.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 1,
      maxReplicas: 5,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } },
        },
      ],
    });
    const v1 = t.ok<{ spec: object }>(
      'GET',
      '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers/web',
    );
    expect(v1.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 1,
      maxReplicas: 5,
      targetCPUUtilizationPercentage: 60,
    });
  });
});
