import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import {
  applyPatch,
  createThreeWayMergePatch,
  createTwoWayMergePatch,
  patchTypeFromContentType,
} from './index';

const deployment = { group: 'apps', version: 'v1', kind: 'Deployment' };
const widget = { group: 'example.com', version: 'v1', kind: 'Widget' };

describe('patchTypeFromContentType', () => {
  it('maps the four media types and ignores parameters', () => {
    expect(patchTypeFromContentType('application/json-patch+json')).toBe('json');
    expect(patchTypeFromContentType('application/merge-patch+json; charset=utf-8')).toBe('merge');
    expect(patchTypeFromContentType('application/strategic-merge-patch+json')).toBe('strategic');
    expect(patchTypeFromContentType('application/apply-patch+yaml')).toBe('apply');
    expect(patchTypeFromContentType('application/json')).toBeUndefined();
    expect(patchTypeFromContentType(undefined)).toBeUndefined();
  });
});

describe('JSON patch and JSON merge patch', () => {
  const live: KubeObject = { kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1', b: '2' } };

  it('applies RFC 6902 operations', () => {
    const result = applyPatch(
      live,
      [
        { op: 'replace', path: '/data/a', value: 'x' },
        { op: 'remove', path: '/data/b' },
      ],
      'json',
      deployment,
    );
    expect(result.ok && result.object.data).toEqual({ a: 'x' });
  });

  it('returns a failed operation as a 422 value, leaving the object alone', () => {
    const result = applyPatch(
      live,
      [{ op: 'test', path: '/data/a', value: 'nope' }],
      'json',
      deployment,
    );
    // The apiserver's 422 message is generic; the detail stays available to the UI.
    expect(result).toEqual({
      ok: false,
      code: 422,
      reason: 'Invalid',
      message: 'the server rejected our request due to an error in our request',
      detail: 'testing value /data/a failed: test failed',
    });
    const missing = applyPatch(live, [{ op: 'remove', path: '/data/zzz' }], 'json', deployment);
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.code).toBe(422);
    expect(live.data).toEqual({ a: '1', b: '2' });
  });

  it('rejects a JSON patch that is not a list with 400', () => {
    const result = applyPatch(live, { op: 'add' }, 'json', deployment);
    expect(!result.ok && result.code).toBe(400);
  });

  it('applies RFC 7386 merge patches: lists replaced, null deletes', () => {
    const object: KubeObject = { kind: 'Widget', spec: { list: [1, 2], keep: true, drop: 'x' } };
    const result = applyPatch(object, { spec: { list: [3], drop: null } }, 'merge', widget);
    expect(result.ok && result.object.spec).toEqual({ list: [3], keep: true });
  });
});

describe('server-side apply (approximation)', () => {
  it('merges the applied YAML configuration onto the live object', () => {
    const live: KubeObject = {
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { replicas: 1, paused: false },
    };
    const result = applyPatch(live, 'spec:\n  replicas: 4\n', 'apply', deployment);
    expect(result.ok && result.object.spec).toEqual({ replicas: 4, paused: false });
  });
});

describe('createThreeWayMergePatch (kubectl apply)', () => {
  const lastApplied = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web', old: 'x' } },
    spec: {
      template: {
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx:1',
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '2' },
              ],
            },
            { name: 'log', image: 'fluent:1' },
          ],
        },
      },
    },
  };
  // The live object: replicas set by an HPA (never in the manifest), defaults added by the server.
  const live = {
    ...structuredClone(lastApplied),
    spec: { replicas: 7, ...structuredClone(lastApplied.spec) },
    status: { replicas: 7 },
  };

  it('produces exactly what kubectl sends for an image change', () => {
    const modified = structuredClone(lastApplied);
    modified.spec.template.spec.containers[0].image = 'nginx:2';
    const result = createThreeWayMergePatch(lastApplied, modified, live, deployment);
    expect(result).toEqual({
      ok: true,
      type: 'strategic',
      patch: {
        spec: {
          template: {
            spec: {
              '$setElementOrder/containers': [{ name: 'web' }, { name: 'log' }],
              containers: [{ image: 'nginx:2', name: 'web' }],
            },
          },
        },
      },
    });
  });

  it('removes what left the manifest and keeps what a controller set (replicas from an HPA)', () => {
    const modified = structuredClone(lastApplied);
    delete (modified.metadata.labels as Record<string, string>).old;
    modified.spec.template.spec.containers = [
      { name: 'web', image: 'nginx:1', env: [{ name: 'A', value: '1' }] },
    ];
    const result = createThreeWayMergePatch(lastApplied, modified, live, deployment);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.patch).toEqual({
      metadata: { labels: { old: null } },
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'web' }],
            containers: [
              {
                '$setElementOrder/env': [{ name: 'A' }],
                env: [{ name: 'B', $patch: 'delete' }],
                name: 'web',
              },
              { name: 'log', $patch: 'delete' },
            ],
          },
        },
      },
    });
    const applied = applyPatch(live as KubeObject, result.patch, 'strategic', deployment);
    expect(applied.ok).toBe(true);
    if (!applied.ok) return;
    expect((applied.object.spec as { replicas: number }).replicas).toBe(7);
    expect(applied.object.metadata?.labels).toEqual({ app: 'web' });
    expect((applied.object.spec as typeof modified.spec).template.spec.containers).toEqual(
      modified.spec.template.spec.containers,
    );
  });

  it('gives an empty patch when nothing changed', () => {
    const result = createThreeWayMergePatch(
      lastApplied,
      structuredClone(lastApplied),
      live,
      deployment,
    );
    expect(result).toEqual({ ok: true, type: 'strategic', patch: {} });
  });

  it('overrides a live value that differs from the manifest (drift is corrected)', () => {
    const drifted = structuredClone(live);
    drifted.metadata.labels = { app: 'changed-by-hand', old: 'x' };
    const result = createThreeWayMergePatch(
      lastApplied,
      structuredClone(lastApplied),
      drifted,
      deployment,
    );
    expect(result.ok && result.patch).toEqual({ metadata: { labels: { app: 'web' } } });
  });

  it('uses a JSON merge patch for custom resources, refusing name changes', () => {
    const original = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w' },
      spec: { a: 1, b: [1] },
    };
    const modified = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w' },
      spec: { b: [2] },
    };
    const result = createThreeWayMergePatch(original, modified, original, widget);
    expect(result).toEqual({ ok: true, type: 'merge', patch: { spec: { a: null, b: [2] } } });
    const renamed = createThreeWayMergePatch(
      original,
      { ...modified, metadata: { name: 'x' } },
      original,
      widget,
    );
    expect(renamed).toEqual({
      ok: false,
      message: 'At least one of apiVersion, kind and name was changed',
    });
  });

  it('adds $retainKeys when the strategy type changes', () => {
    const original = {
      spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } },
    };
    const modified = { spec: { strategy: { type: 'Recreate' } } };
    const result = createTwoWayMergePatch(original, modified, deployment);
    expect(result.ok && result.patch).toEqual({
      spec: { strategy: { $retainKeys: ['type'], rollingUpdate: null, type: 'Recreate' } },
    });
  });

  it('adds $deleteFromPrimitiveList for scalar merge lists', () => {
    const result = createTwoWayMergePatch(
      { metadata: { finalizers: ['a', 'b'] } },
      { metadata: { finalizers: ['a'] } },
      deployment,
    );
    expect(result.ok && result.patch).toEqual({
      metadata: {
        '$deleteFromPrimitiveList/finalizers': ['b'],
        '$setElementOrder/finalizers': ['a'],
      },
    });
  });

  it('keeps list items a controller or webhook added (server-only containers)', () => {
    const withSidecar = structuredClone(live);
    withSidecar.spec.template.spec.containers.push({
      name: 'istio-proxy',
      image: 'proxy:1',
      env: [],
    });
    const modified = structuredClone(lastApplied);
    modified.spec.template.spec.containers[0].image = 'nginx:2';
    const result = createThreeWayMergePatch(lastApplied, modified, withSidecar, deployment);
    if (!result.ok) throw new Error(result.message);
    const applied = applyPatch(withSidecar as KubeObject, result.patch, 'strategic', deployment);
    if (!applied.ok) throw new Error(applied.message);
    const names = (applied.object.spec as typeof modified.spec).template.spec.containers.map(
      (c) => c.name,
    );
    expect(names).toEqual(['web', 'log', 'istio-proxy']);
  });
});
