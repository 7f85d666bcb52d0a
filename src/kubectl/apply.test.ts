import { describe, expect, it } from 'vitest';
import type { ApiRequest, ApiResponse, KubeObject } from '../sim/api/types';
import { applyPatch, patchTypeFromContentType } from '../sim/apiserver/patch';
import { applyObject, type ApplyOptions, type ResolveResource } from './apply';
import { LAST_APPLIED_ANNOTATION, goJson } from './last-applied';

const resolveResource: ResolveResource = (apiVersion, kind) => {
  const known: Record<string, { pathPrefix: string; resource: string; namespaced: boolean }> = {
    'apps/v1/Deployment': {
      pathPrefix: '/apis/apps/v1',
      resource: 'deployments',
      namespaced: true,
    },
    'v1/ConfigMap': { pathPrefix: '/api/v1', resource: 'configmaps', namespaced: true },
    'v1/Namespace': { pathPrefix: '/api/v1', resource: 'namespaces', namespaced: false },
    'example.com/v1/Widget': {
      pathPrefix: '/apis/example.com/v1',
      resource: 'widgets',
      namespaced: true,
    },
  };
  return known[`${apiVersion}/${kind}`];
};

const notFound = (path: string): ApiResponse => ({
  status: 404,
  body: {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    reason: 'NotFound',
    code: 404,
    message: `${path} not found`,
  },
});

/** A tiny apiserver: objects by path, PATCH through the real patch code, optional conflicts. */
function fakeServer(options: { conflicts?: number } = {}) {
  const objects = new Map<string, KubeObject>();
  const requests: ApiRequest[] = [];
  let conflicts = options.conflicts ?? 0;
  let version = 1;
  const request = async (req: ApiRequest): Promise<ApiResponse> => {
    requests.push(req);
    if (req.method === 'GET') {
      const object = objects.get(req.path);
      return object ? { status: 200, body: structuredClone(object) } : notFound(req.path);
    }
    if (req.method === 'POST') {
      const object = structuredClone(req.body as KubeObject);
      const path = `${req.path}/${object.metadata?.name}`;
      object.metadata = {
        ...object.metadata,
        uid: `uid-${version}`,
        resourceVersion: String(version++),
      };
      if (req.query?.dryRun !== 'All') objects.set(path, object);
      return { status: 201, body: object };
    }
    if (req.method === 'PATCH') {
      if (conflicts > 0) {
        conflicts--;
        return {
          status: 409,
          body: {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Failure',
            reason: 'Conflict',
            code: 409,
            message: 'the object has been modified',
          },
        };
      }
      const current = objects.get(req.path);
      if (!current) return notFound(req.path);
      const [, , group] = req.path.split('/');
      const result = applyPatch(current, req.body, patchTypeFromContentType(req.contentType)!, {
        group: req.path.startsWith('/api/') ? '' : group,
        version: 'v1',
        kind: String(current.kind),
      });
      if (!result.ok)
        return {
          status: result.code ?? 500,
          body: {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Failure',
            code: result.code ?? 500,
            message: result.message,
          },
        };
      result.object.metadata = { ...result.object.metadata, resourceVersion: String(version++) };
      if (req.query?.dryRun !== 'All') objects.set(req.path, result.object);
      return { status: 200, body: result.object };
    }
    return { status: 405, body: {} };
  };
  return { objects, requests, request };
}

function manifest(image = 'nginx:1.27', extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image }] },
      },
      ...extra,
    },
  };
}

const path = '/apis/apps/v1/namespaces/default/deployments/web';

function options(
  server: ReturnType<typeof fakeServer>,
  extra: Partial<ApplyOptions> = {},
): ApplyOptions {
  return { request: server.request, resolveResource, ...extra };
}

describe('kubectl apply (client-side)', () => {
  it('creates with the last-applied annotation, byte for byte as kubectl writes it', async () => {
    const server = fakeServer();
    const result = await applyObject(manifest(), options(server));
    expect(result).toMatchObject({
      ok: true,
      action: 'created',
      message: 'deployment.apps/web created',
    });
    const post = server.requests[1];
    expect(post).toMatchObject({
      method: 'POST',
      path: '/apis/apps/v1/namespaces/default/deployments',
      query: { fieldManager: 'kubectl-client-side-apply' },
    });
    expect(server.objects.get(path)?.metadata?.annotations?.[LAST_APPLIED_ANNOTATION]).toBe(
      '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"labels":{"app":"web"},"name":"web","namespace":"default"},"spec":{"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"image":"nginx:1.27","name":"web"}]}}}}\n',
    );
  });

  it('is unchanged on a second apply and sends no PATCH', async () => {
    const server = fakeServer();
    await applyObject(manifest(), options(server));
    const result = await applyObject(manifest(), options(server));
    expect(result).toMatchObject({
      ok: true,
      action: 'unchanged',
      message: 'deployment.apps/web unchanged',
      warnings: [],
    });
    expect(server.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'GET']);
  });

  it('configures with a strategic merge patch and keeps replicas an HPA set', async () => {
    const server = fakeServer();
    await applyObject(manifest(), options(server));
    const live = server.objects.get(path)!;
    (live.spec as Record<string, unknown>).replicas = 5; // changed by a controller, never in the manifest
    const result = await applyObject(manifest('nginx:1.28'), options(server));
    expect(result).toMatchObject({
      ok: true,
      action: 'configured',
      message: 'deployment.apps/web configured',
    });
    const patch = server.requests.at(-1)!;
    expect(patch.contentType).toBe('application/strategic-merge-patch+json');
    const body = patch.body as { metadata: { annotations: Record<string, string> }; spec: unknown };
    expect(body.spec).toEqual({
      template: {
        spec: {
          '$setElementOrder/containers': [{ name: 'web' }],
          containers: [{ image: 'nginx:1.28', name: 'web' }],
        },
      },
    });
    expect(Object.keys(body.metadata.annotations)).toEqual([LAST_APPLIED_ANNOTATION]);
    const updated = server.objects.get(path)!;
    expect((updated.spec as { replicas: number }).replicas).toBe(5);
    expect(goJson((updated.spec as { template: unknown }).template)).toContain('nginx:1.28');
  });

  it('removes a field that left the manifest', async () => {
    const server = fakeServer();
    await applyObject(manifest('nginx:1.27', { minReadySeconds: 10 }), options(server));
    await applyObject(manifest(), options(server));
    expect(server.objects.get(path)?.spec).not.toHaveProperty('minReadySeconds');
  });

  it('warns when the live object lacks the annotation, then patches it in', async () => {
    const server = fakeServer();
    server.objects.set(path, {
      ...manifest(),
      metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    });
    const result = await applyObject(manifest(), options(server));
    expect(result.ok && result.action).toBe('configured');
    expect(result.warnings).toEqual([
      'Warning: resource deployments/web is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.',
    ]);
    expect(
      server.objects.get(path)?.metadata?.annotations?.[LAST_APPLIED_ANNOTATION],
    ).toBeDefined();
  });

  it('retries a conflicting PATCH, re-reading the object', async () => {
    const server = fakeServer();
    await applyObject(manifest(), options(server));
    server.requests.length = 0;
    const conflicted = fakeServer({ conflicts: 2 });
    conflicted.objects.set(path, server.objects.get(path)!);
    const result = await applyObject(manifest('nginx:2'), options(conflicted));
    expect(result.ok && result.action).toBe('configured');
    expect(conflicted.requests.map((r) => r.method)).toEqual([
      'GET',
      'PATCH',
      'GET',
      'PATCH',
      'GET',
      'PATCH',
    ]);
  });

  it('gives up after five retries with the server error', async () => {
    const server = fakeServer();
    await applyObject(manifest(), options(server));
    const conflicted = fakeServer({ conflicts: 100 });
    conflicted.objects.set(path, server.objects.get(path)!);
    const result = await applyObject(manifest('nginx:2'), options(conflicted));
    expect(result.ok).toBe(false);
    expect(conflicted.requests.filter((r) => r.method === 'PATCH')).toHaveLength(6);
    expect(!result.ok && result.message).toMatch(
      /^Error from server \(Conflict\): error when applying patch:\n/,
    );
  });

  it('uses a JSON merge patch for custom resources', async () => {
    const server = fakeServer();
    const widget = (size: number): KubeObject => ({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w' },
      spec: { size },
    });
    await applyObject(widget(1), options(server));
    const result = await applyObject(widget(2), options(server));
    expect(result).toMatchObject({
      ok: true,
      action: 'configured',
      message: 'widget.example.com/w configured',
    });
    expect(server.requests.at(-1)?.contentType).toBe('application/merge-patch+json');
  });

  it('supports server dry run', async () => {
    const server = fakeServer();
    const result = await applyObject(manifest(), options(server, { dryRun: 'server' }));
    expect(result).toMatchObject({
      ok: true,
      message: 'deployment.apps/web created (server dry run)',
    });
    expect(server.requests[1].query?.dryRun).toBe('All');
    expect(server.objects.size).toBe(0);
  });

  it('reports unknown kinds and server errors like kubectl', async () => {
    const server = fakeServer();
    const unknown = await applyObject(
      { apiVersion: 'nope/v1', kind: 'Thing', metadata: { name: 'x' } },
      options(server),
    );
    expect(!unknown.ok && unknown.message).toBe(
      'error: resource mapping not found for name: "x" namespace: "" from "STDIN": no matches for kind "Thing" in version "nope/v1"\nensure CRDs are installed first',
    );
    const failing = async (req: ApiRequest): Promise<ApiResponse> =>
      req.method === 'GET'
        ? notFound(req.path)
        : {
            status: 422,
            body: {
              kind: 'Status',
              apiVersion: 'v1',
              metadata: {},
              status: 'Failure',
              reason: 'Invalid',
              code: 422,
              message: 'ConfigMap "c" is invalid: data: bad',
            },
          };
    const invalid = await applyObject(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } },
      { request: failing, resolveResource, source: 'cm.yaml' },
    );
    expect(!invalid.ok && invalid.message).toBe(
      'Error from server (Invalid): error when creating "cm.yaml": ConfigMap "c" is invalid: data: bad',
    );
  });

  it('puts namespaced objects in the current namespace and leaves cluster-scoped ones alone', async () => {
    const server = fakeServer();
    await applyObject(
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } },
      options(server, { namespace: 'team' }),
    );
    await applyObject(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } },
      options(server, { namespace: 'team' }),
    );
    expect([...server.objects.keys()]).toEqual([
      '/api/v1/namespaces/team',
      '/api/v1/namespaces/team/configmaps/c',
    ]);
    const mismatch = await applyObject(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'other' } },
      options(server, { namespace: 'team', enforceNamespace: true }),
    );
    expect(mismatch.ok).toBe(false);
  });
});
