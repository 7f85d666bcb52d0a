import { describe, expect, it } from 'vitest';
import type { KubeClient } from '../../client/client';
import type { ApiRequest, KubeObject } from '../../sim/api/types';
import { applyManifest } from './apply-manifest';

/** A tiny API: objects by path, 404 when absent, discovery for one custom group. */
function fakeClient() {
  const objects = new Map<string, KubeObject>();
  const seen: string[] = [];
  const client: KubeClient = {
    user: 'test',
    request: (r: ApiRequest) => {
      seen.push(`${r.method} ${r.path}`);
      if (r.method === 'GET' && r.path === '/apis/example.com/v1') {
        return Promise.resolve({
          status: 200,
          body: {
            resources: [
              { name: 'widgets', kind: 'Widget', namespaced: true },
              { name: 'widgets/status', kind: 'Widget', namespaced: true },
            ],
          },
        });
      }
      if (r.method === 'GET') {
        const o = objects.get(r.path);
        return Promise.resolve(
          o
            ? { status: 200, body: o }
            : { status: 404, body: { kind: 'Status', code: 404, reason: 'NotFound' } },
        );
      }
      if (r.method === 'POST' && r.path.endsWith('/pods')) {
        return Promise.resolve({
          status: 422,
          body: {
            kind: 'Status',
            code: 422,
            reason: 'Invalid',
            message: 'Pod "Bad" is invalid',
            details: { causes: [{ field: 'spec.containers[0].image', message: 'Required value' }] },
          },
        });
      }
      if (r.method === 'POST') {
        const body = r.body as KubeObject;
        const object = { ...body, metadata: { ...body.metadata, resourceVersion: '1' } };
        objects.set(`${r.path}/${body.metadata?.name}`, object);
        return Promise.resolve({ status: 201, body: object });
      }
      return Promise.resolve({ status: 200, body: objects.get(r.path) });
    },
    watch: () => ({ ready: Promise.resolve({ status: 200, body: null }), stop: () => {} }),
  };
  return { client, seen };
}

const manifest = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  a: "1"
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
`;

describe('applyManifest', () => {
  it('creates built-in kinds and discovers custom ones, printing kubectl lines', async () => {
    const { client, seen } = fakeClient();
    const lines = await applyManifest(client, manifest);
    expect(lines.map((l) => l.message)).toEqual([
      'configmap/settings created',
      'widget.example.com/w created',
    ]);
    expect(seen).toContain('GET /apis/example.com/v1');
    expect(seen).toContain('POST /apis/example.com/v1/namespaces/default/widgets');
  });

  it('applies nothing when the YAML does not parse, and points at the line', async () => {
    const { client, seen } = fakeClient();
    const lines = await applyManifest(client, 'kind: Pod\nmetadata:\n  name: [oops\n');
    expect(lines[0].ok).toBe(false);
    expect(lines[0].line).toBeGreaterThan(0);
    expect(seen).toEqual([]);
  });

  it('points a server validation error at the field it names', async () => {
    const { client } = fakeClient();
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: Bad\nspec:\n  containers:\n    - name: app\n      image: ""\n';
    const [line] = await applyManifest(client, text);
    expect(line.ok).toBe(false);
    expect(line.message).toContain('Pod "Bad" is invalid');
    expect(line.line).toBe(8);
  });
});
