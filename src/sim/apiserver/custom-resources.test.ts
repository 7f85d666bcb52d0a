import { describe, expect, it } from 'vitest';
import type { KubeObject, Status } from '../api/types.ts';
import { testServer } from './test-helpers.ts';
import { compareKubeVersions } from './custom-resources.ts';

const crd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: {
      plural: 'widgets',
      singular: 'widget',
      kind: 'Widget',
      shortNames: ['wd'],
      categories: ['all'],
    },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                required: ['size'],
                properties: {
                  size: { type: 'integer', minimum: 1, maximum: 10 },
                  color: { type: 'string', enum: ['red', 'blue'], default: 'red' },
                },
              },
              status: { type: 'object', properties: { ready: { type: 'boolean' } } },
            },
          },
        },
      },
    ],
  },
};

describe('CustomResourceDefinitions', () => {
  it('serves, validates, defaults and lists custom resources in discovery', () => {
    const t = testServer();
    const created = t.ok<KubeObject>(
      'POST',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      crd,
    );
    expect(created.metadata?.finalizers).toEqual(['customresourcecleanup.apiextensions.k8s.io']);
    t.clock.runDue();
    const established = t.ok<{
      status: { conditions: { type: string; status: string }[]; storedVersions: string[] };
    }>('GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com');
    expect(established.status.conditions.map((c) => `${c.type}=${c.status}`)).toEqual([
      'NamesAccepted=True',
      'Established=True',
    ]);
    expect(established.status.storedVersions).toEqual(['v1']);

    const w = t.ok<KubeObject>('POST', '/apis/example.com/v1/namespaces/default/widgets', {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w1' },
      spec: { size: 3 },
    });
    expect(w.spec).toEqual({ size: 3, color: 'red' });
    expect(w.metadata?.generation).toBe(1);
    expect(t.server.etcd.get('/registry/example.com/widgets/default/w1')).toBeDefined();

    const bad = t.req('POST', '/apis/example.com/v1/namespaces/default/widgets', {
      metadata: { name: 'w2' },
      spec: { size: 11, color: 'green' },
    });
    expect(bad.status).toBe(422);
    expect((bad.body as Status).message).toBe(
      'Widget.example.com "w2" is invalid: [spec.size: Invalid value: 11: spec.size in body should be less than or equal to 10, spec.color: Unsupported value: "green": supported values: "red", "blue"]',
    );
    const missing = t.req('POST', '/apis/example.com/v1/namespaces/default/widgets', {
      metadata: { name: 'w3' },
      spec: {},
    });
    expect((missing.body as Status).message).toBe(
      'Widget.example.com "w3" is invalid: spec.size: Required value',
    );
    const wrongType = t.req('POST', '/apis/example.com/v1/namespaces/default/widgets', {
      metadata: { name: 'w4' },
      spec: { size: 'big' },
    });
    expect((wrongType.body as Status).message).toBe(
      'Widget.example.com "w4" is invalid: spec.size: Invalid value: "string": spec.size in body must be of type integer: "string"',
    );

    const strict = t.req(
      'POST',
      '/apis/example.com/v1/namespaces/default/widgets',
      { metadata: { name: 'w5' }, spec: { size: 1, foo: 1 } },
      { query: { fieldValidation: 'Strict' } },
    );
    expect(strict.status).toBe(400);
    expect((strict.body as Status).message).toBe(
      'Widget in version "v1" cannot be handled as a Widget: strict decoding error: unknown field "spec.foo"',
    );
    const warn = t.req(
      'POST',
      '/apis/example.com/v1/namespaces/default/widgets',
      { metadata: { name: 'w6' }, spec: { size: 1, foo: 1 } },
      { query: { fieldValidation: 'Warn' } },
    );
    expect(warn.status).toBe(201);
    expect(warn.headers?.warning).toBe('299 - "unknown field \\"spec.foo\\""');
    expect((warn.body as KubeObject).spec).toEqual({ size: 1, color: 'red' });

    const apis = t.ok<{ groups: { name: string }[] }>('GET', '/apis');
    expect(apis.groups.map((g) => g.name)).toContain('example.com');
    const list = t.ok<{ resources: { name: string; shortNames?: string[] }[] }>(
      'GET',
      '/apis/example.com/v1',
    );
    expect(list.resources.map((r) => r.name)).toEqual(['widgets', 'widgets/status']);
    expect(list.resources[0].shortNames).toEqual(['wd']);
  });

  it('deletes the custom resources, then the CRD', () => {
    const t = testServer();
    t.ok('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
    t.clock.runDue();
    t.ok('POST', '/apis/example.com/v1/namespaces/default/widgets', {
      metadata: { name: 'w1' },
      spec: { size: 3 },
    });
    expect(
      t.req('DELETE', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com')
        .status,
    ).toBe(200);
    t.clock.runDue();
    t.clock.runDue();
    expect(
      t.req('GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com')
        .status,
    ).toBe(404);
    expect(t.req('GET', '/apis/example.com/v1/namespaces/default/widgets').status).toBe(404);
    expect(t.server.etcd.countPrefix('/registry/example.com/')).toBe(0);
  });

  it('validates the CRD itself', () => {
    const t = testServer();
    const r = t.req('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
      ...crd,
      metadata: { name: 'widgets' },
    });
    expect((r.body as Status).message).toBe(
      'CustomResourceDefinition.apiextensions.k8s.io "widgets" is invalid: metadata.name: Invalid value: "widgets": must be spec.names.plural+"."+spec.group',
    );
  });

  it('orders versions by Kubernetes priority', () => {
    expect(['v1beta1', 'v1alpha1', 'v2', 'v1', 'v1beta2'].sort(compareKubeVersions)).toEqual([
      'v2',
      'v1',
      'v1beta2',
      'v1beta1',
      'v1alpha1',
    ]);
  });

  it('serves the scale subresource of a custom resource through its paths', () => {
    const t = testServer();
    const scaled = JSON.parse(JSON.stringify(crd));
    scaled.spec.versions[0].subresources.scale = {
      specReplicasPath: '.spec.size',
      statusReplicasPath: '.status.count',
    };
    scaled.spec.versions[0].schema.openAPIV3Schema.properties.status.properties.count = {
      type: 'integer',
    };
    t.ok('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', scaled);
    t.clock.runDue();
    t.ok('POST', '/apis/example.com/v1/namespaces/default/widgets', {
      metadata: { name: 'w' },
      spec: { size: 2 },
    });
    const scale = t.ok<{ spec: { replicas: number } }>(
      'GET',
      '/apis/example.com/v1/namespaces/default/widgets/w/scale',
    );
    expect(scale.spec.replicas).toBe(2);
    t.ok('PUT', '/apis/example.com/v1/namespaces/default/widgets/w/scale', {
      spec: { replicas: 5 },
    });
    expect(
      t.ok<{ spec: { size: number } }>('GET', '/apis/example.com/v1/namespaces/default/widgets/w')
        .spec.size,
    ).toBe(5);
  });

  it('serves selectableFields as field labels for list and watch', () => {
    const t = testServer();
    const versions = [{ ...crd.spec.versions[0], selectableFields: [{ jsonPath: '.spec.color' }] }];
    t.ok('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
      ...crd,
      spec: { ...crd.spec, versions },
    });
    t.clock.runDue();
    const base = '/apis/example.com/v1/namespaces/default/widgets';
    for (const [name, color] of [
      ['a', 'blue'],
      ['b', 'red'],
      ['c', 'blue'],
    ])
      t.ok('POST', base, { metadata: { name }, spec: { size: 1, color } });
    const names = (r: { body?: unknown }) =>
      ((r.body as { items: KubeObject[] }).items ?? []).map((o) => o.metadata?.name);
    expect(names(t.req('GET', `${base}?fieldSelector=spec.color%3Dblue`))).toEqual(['a', 'c']);
    expect(names(t.req('GET', `${base}?fieldSelector=spec.color!%3Dblue`))).toEqual(['b']);
    expect(names(t.req('GET', `${base}?fieldSelector=metadata.name%3Da`))).toEqual(['a']);
    const refused = t.req('GET', `${base}?fieldSelector=spec.size%3D1`);
    expect(refused.status).toBe(400);
    expect((refused.body as Status).message).toBe('field label not supported: spec.size');
    // A watch filters on the same label.
    const rv = (t.req('GET', base).body as KubeObject).metadata?.resourceVersion ?? '';
    const watch = t.req('GET', base, undefined, {
      query: { watch: 'true', resourceVersion: rv, fieldSelector: 'spec.color=blue' },
    });
    const seen: string[] = [];
    watch.watch?.onEvent((e) => seen.push(`${e.type} ${e.object.metadata?.name}`));
    t.ok('POST', base, { metadata: { name: 'd' }, spec: { size: 1, color: 'red' } });
    t.ok('POST', base, { metadata: { name: 'e' }, spec: { size: 1, color: 'blue' } });
    t.clock.runDue();
    expect(seen).toEqual(['ADDED e']);
    watch.watch?.stop();
    // Without selectableFields only the metadata labels are accepted (built-in labels too are not).
    expect(t.req('GET', '/apis/example.com/v1/widgets?fieldSelector=status.phase%3DX').status).toBe(
      400,
    );
  });
});
