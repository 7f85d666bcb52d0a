import { describe, expect, it } from 'vitest';
import type { ApiRequest } from '../../sim/api/types';
import type { KubeClient } from '../../client/client';
import { parseManifests, simpleApply } from './simple-apply';

const yamlText = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
`;

function fakeClient(statusFor: (r: ApiRequest) => number) {
  const seen: ApiRequest[] = [];
  const client: KubeClient = {
    user: 'test',
    request: (r) => {
      seen.push(r);
      return Promise.resolve({ status: statusFor(r), body: { kind: 'Status', message: 'nope' } });
    },
    watch: () => ({ ready: Promise.resolve({ status: 200, body: null }), stop: () => {} }),
  };
  return { client, seen };
}

describe('simpleApply', () => {
  it('parses every document and skips empty ones', () => {
    const { objects, errors } = parseManifests(`---\n${yamlText}---\n`);
    expect(errors).toEqual([]);
    expect(objects.map((o) => o.kind)).toEqual(['Deployment', 'Service']);
  });

  it('creates each object at its collection path', async () => {
    const { client, seen } = fakeClient(() => 201);
    const results = await simpleApply(client, yamlText);
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /apis/apps/v1/namespaces/default/deployments',
      'POST /api/v1/namespaces/shop/services',
    ]);
    expect(results.map((r) => r.message)).toEqual([
      'deployment.apps/web created',
      'service/web created',
    ]);
  });

  it('patches when the object already exists, and reports other errors', async () => {
    const { client, seen } = fakeClient((r) =>
      r.method === 'POST' ? (r.path.includes('services') ? 422 : 409) : 200,
    );
    const results = await simpleApply(client, yamlText);
    expect(seen[1]).toMatchObject({
      method: 'PATCH',
      path: '/apis/apps/v1/namespaces/default/deployments/web',
      contentType: 'application/merge-patch+json',
    });
    expect(results).toEqual([
      { ok: true, message: 'deployment.apps/web configured' },
      { ok: false, message: 'error: service/web: nope' },
    ]);
  });
});
