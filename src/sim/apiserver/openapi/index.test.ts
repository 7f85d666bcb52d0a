import { describe, expect, it } from 'vitest';
import { BUILTIN_RESOURCES, type ResourceInfo } from '../resources.ts';
import { contentHash, handleOpenApi, provideComponentSchemas } from './index.ts';
import { operationGroup } from './paths.ts';

type Doc = {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { name: string; in: string }[];
        requestBody?: { content: Record<string, unknown> };
        'x-kubernetes-group-version-kind'?: unknown;
        operationId?: string;
      }
    >
  >;
};

const get = (
  path: string,
  catalogue: readonly ResourceInfo[] = BUILTIN_RESOURCES,
  query?: Record<string, string>,
) => handleOpenApi({ method: 'GET', path, query }, catalogue);

const shirt: ResourceInfo = {
  group: 'stable.example.com',
  version: 'v1',
  resource: 'shirts',
  kind: 'Shirt',
  listKind: 'ShirtList',
  singular: 'shirt',
  namespaced: true,
  verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
  shortNames: [],
  categories: [],
  subresources: [],
  etcdPrefix: '/registry/stable.example.com/shirts',
  generation: true,
  preferred: true,
  crd: 'shirts.stable.example.com',
};

/** The check cli-runtime's QueryParamVerifierV3 makes: some PATCH of the GVK declares the query parameter. */
function patchOps(doc: Doc, gvk: { group: string; version: string; kind: string }) {
  return Object.values(doc.paths)
    .map((p) => p.patch)
    .filter(
      (op) => op && JSON.stringify(op['x-kubernetes-group-version-kind']) === JSON.stringify(gvk),
    );
}

describe('handleOpenApi', () => {
  it('indexes every group-version with a hashed serverRelativeURL', () => {
    const res = get('/openapi/v3');
    expect(res.status).toBe(200);
    const paths = (res.body as { paths: Record<string, { serverRelativeURL: string }> }).paths;
    expect(paths['api/v1'].serverRelativeURL).toMatch(
      /^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]{16}$/,
    );
    expect(Object.keys(paths)).toContain('apis/apps/v1');
    expect(Object.keys(paths)).toContain('apis/autoscaling/v1');
    expect(Object.keys(paths)).toContain('apis/autoscaling/v2');
  });

  it('declares fieldValidation on every PATCH of a kind, so kubectl sends fieldValidation=Strict', () => {
    const doc = get('/openapi/v3/apis/apps/v1').body as Doc;
    const ops = patchOps(doc, { group: 'apps', version: 'v1', kind: 'Deployment' });
    expect(ops.length).toBe(2); // the object and its status
    for (const op of ops)
      expect(op!.parameters!.some((p) => p.name === 'fieldValidation' && p.in === 'query')).toBe(
        true,
      );
    const item = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'];
    expect(item.patch.operationId).toBe('patchAppsV1NamespacedDeployment');
    // Not listed on purpose (see paths.ts): kubectl then uses its compiled-in patch metadata.
    expect(Object.keys(item.patch.requestBody!.content)).toEqual([
      'application/apply-patch+yaml',
      'application/json-patch+json',
      'application/merge-patch+json',
    ]);
    const scale = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'];
    expect(scale.patch['x-kubernetes-group-version-kind']).toEqual({
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
    });
  });

  it('serves cluster-scoped resources without a namespace and core kinds under api/v1', () => {
    const doc = get('/openapi/v3/api/v1').body as Doc;
    expect(doc.paths['/api/v1/nodes/{name}'].get.operationId).toBe('readCoreV1Node');
    expect(doc.paths['/api/v1/pods'].get.operationId).toBe('listCoreV1PodForAllNamespaces');
    expect(patchOps(doc, { group: '', version: 'v1', kind: 'Namespace' }).length).toBeGreaterThan(
      0,
    );
  });

  it('serves custom resources in their own document', () => {
    const doc = get('/openapi/v3/apis/stable.example.com/v1', [...BUILTIN_RESOURCES, shirt])
      .body as Doc;
    const op = doc.paths['/apis/stable.example.com/v1/namespaces/{namespace}/shirts/{name}'].patch;
    expect(Object.keys(op.requestBody!.content)).toEqual([
      'application/apply-patch+yaml',
      'application/json-patch+json',
      'application/merge-patch+json',
    ]);
  });

  it('resolves every $ref to a component schema', () => {
    for (const key of ['api/v1', 'apis/apps/v1', 'apis/batch/v1', 'apis/apiextensions.k8s.io/v1']) {
      const doc = get(`/openapi/v3/${key}`).body as {
        components: { schemas: Record<string, unknown> };
      };
      const refs = [
        ...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g),
      ].map((m) => m[1]);
      expect(refs.length).toBeGreaterThan(0);
      for (const name of refs)
        expect(doc.components.schemas[name], `${key}: ${name}`).toBeDefined();
    }
  });

  it('marks a URL with the current hash immutable and changes the hash when the catalogue changes', () => {
    const root = (catalogue: readonly ResourceInfo[]) =>
      (
        get('/openapi/v3', catalogue).body as {
          paths: Record<string, { serverRelativeURL: string }>;
        }
      ).paths;
    const url = root(BUILTIN_RESOURCES)['apis/apps/v1'].serverRelativeURL;
    const hash = url.split('hash=')[1];
    expect(
      get('/openapi/v3/apis/apps/v1', BUILTIN_RESOURCES, { hash }).headers?.['Cache-Control'],
    ).toBe('public, immutable');
    const withShirts = root([...BUILTIN_RESOURCES, shirt]);
    expect(withShirts['apis/apps/v1'].serverRelativeURL).toBe(url);
    expect(withShirts['apis/stable.example.com/v1']).toBeDefined();
    expect(contentHash('a')).not.toBe(contentHash('b'));
  });

  it('answers 404 for /openapi/v2 and unknown group-versions', () => {
    expect(get('/openapi/v2').status).toBe(404);
    expect(get('/openapi/v3/apis/nope/v1').status).toBe(404);
  });

  it('names operations like kube-openapi', () => {
    expect(operationGroup('', 'v1')).toBe('CoreV1');
    expect(operationGroup('rbac.authorization.k8s.io', 'v1')).toBe('RbacAuthorizationV1');
    expect(operationGroup('networking.k8s.io', 'v1')).toBe('NetworkingV1');
  });
});

describe('provided component schemas', () => {
  it('replaces the open kind schemas and pulls in what they refer to', () => {
    provideComponentSchemas({
      'io.k8s.api.apps.v1.Deployment': {
        type: 'object',
        properties: {
          spec: { allOf: [{ $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec' }] },
        },
        'x-kubernetes-group-version-kind': [{ group: 'apps', version: 'v1', kind: 'Deployment' }],
      },
      'io.k8s.api.apps.v1.DeploymentSpec': {
        type: 'object',
        properties: { replicas: { type: 'integer' } },
      },
    });
    try {
      const doc = get('/openapi/v3/apis/apps/v1').body as {
        components: { schemas: Record<string, Record<string, unknown>> };
      };
      expect(
        doc.components.schemas['io.k8s.api.apps.v1.Deployment']['x-kubernetes-group-version-kind'],
      ).toEqual([{ group: 'apps', version: 'v1', kind: 'Deployment' }]);
      expect(doc.components.schemas['io.k8s.api.apps.v1.DeploymentSpec']).toEqual({
        type: 'object',
        properties: { replicas: { type: 'integer' } },
      });
      expect(
        doc.components.schemas['io.k8s.api.apps.v1.StatefulSet'][
          'x-kubernetes-preserve-unknown-fields'
        ],
      ).toBe(true);
    } finally {
      provideComponentSchemas(undefined);
    }
    const open = get('/openapi/v3/apis/apps/v1').body as {
      components: { schemas: Record<string, Record<string, unknown>> };
    };
    expect(open.components.schemas['io.k8s.api.apps.v1.Deployment']).toMatchObject({
      'x-kubernetes-preserve-unknown-fields': true,
      'x-kubernetes-group-version-kind': [{ group: 'apps', version: 'v1', kind: 'Deployment' }],
    });
  });
});

describe('custom resource schemas', () => {
  it("publishes the CRD's openAPIV3Schema with metadata and the GVK", () => {
    const withSchema = {
      ...shirt,
      openAPIV3Schema: {
        type: 'object',
        properties: { spec: { type: 'object', properties: { color: { type: 'string' } } } },
      },
    };
    const doc = get('/openapi/v3/apis/stable.example.com/v1', [...BUILTIN_RESOURCES, withSchema])
      .body as {
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    const schema = doc.components.schemas['com.example.stable.v1.Shirt'];
    expect(schema).toMatchObject({
      type: 'object',
      'x-kubernetes-group-version-kind': [
        { group: 'stable.example.com', version: 'v1', kind: 'Shirt' },
      ],
    });
    expect(Object.keys(schema.properties!)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(doc.components.schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']).toBeDefined();
  });
});
