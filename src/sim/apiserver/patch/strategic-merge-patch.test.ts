import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { applyPatch } from './index';

const deployment = { group: 'apps', version: 'v1', kind: 'Deployment' };
const pod = { group: '', version: 'v1', kind: 'Pod' };

function liveDeployment(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'default',
      labels: { app: 'web', tier: 'front' },
      finalizers: ['a', 'b', 'c'],
    },
    spec: {
      replicas: 3,
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
      },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx:1.25',
              ports: [{ containerPort: 80 }, { containerPort: 443 }],
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '2' },
              ],
            },
            { name: 'sidecar', image: 'envoy:1' },
          ],
          tolerations: [{ key: 'x', operator: 'Exists' }],
          volumes: [{ name: 'data', emptyDir: {} }],
        },
      },
    },
  };
}

function patchDeployment(patch: unknown): KubeObject {
  const result = applyPatch(liveDeployment(), patch, 'strategic', deployment);
  if (!result.ok) throw new Error(result.message);
  return result.object;
}

function containersOf(object: KubeObject): Array<Record<string, unknown>> {
  const spec = object.spec as {
    template: { spec: { containers: Array<Record<string, unknown>> } };
  };
  return spec.template.spec.containers;
}

describe('strategic merge patch', () => {
  it('merges containers by name and keeps the ones the patch does not mention', () => {
    const result = patchDeployment({
      spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.26' }] } } },
    });
    const containers = containersOf(result);
    expect(containers.map((c) => c.name)).toEqual(['web', 'sidecar']);
    expect(containers[0].image).toBe('nginx:1.26');
    expect(containers[0].ports).toEqual([{ containerPort: 80 }, { containerPort: 443 }]);
  });

  it('merges env by name and ports by containerPort, appending new items', () => {
    const result = patchDeployment({
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'web',
                env: [
                  { name: 'B', value: 'changed' },
                  { name: 'C', value: '3' },
                ],
                ports: [{ containerPort: 443, name: 'https' }],
              },
            ],
          },
        },
      },
    });
    const web = containersOf(result)[0];
    expect(web.env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: 'changed' },
      { name: 'C', value: '3' },
    ]);
    expect(web.ports).toEqual([{ containerPort: 80 }, { containerPort: 443, name: 'https' }]);
  });

  it('deletes a field given null and a list item given $patch: delete', () => {
    const result = patchDeployment({
      metadata: { labels: { tier: null } },
      spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } },
    });
    expect(result.metadata?.labels).toEqual({ app: 'web' });
    expect(containersOf(result).map((c) => c.name)).toEqual(['web']);
  });

  it('replaces a map with $patch: replace and a whole list with a $patch: replace item', () => {
    const result = patchDeployment({
      metadata: { labels: { $patch: 'replace', only: 'this' } },
      spec: {
        template: {
          spec: { containers: [{ name: 'solo', image: 'busybox' }, { $patch: 'replace' }] },
        },
      },
    });
    expect(result.metadata?.labels).toEqual({ only: 'this' });
    expect(containersOf(result)).toEqual([{ name: 'solo', image: 'busybox' }]);
  });

  it('deletes scalars with $deleteFromPrimitiveList and merges scalar merge lists as sets', () => {
    const result = patchDeployment({
      metadata: { finalizers: ['d', 'a'], '$deleteFromPrimitiveList/finalizers': ['b'] },
    });
    // The patch's order (d before a) wins over the live order; c keeps its place after a.
    expect(result.metadata?.finalizers).toEqual(['d', 'a', 'c']);
  });

  it('orders a merge list by $setElementOrder', () => {
    const result = patchDeployment({
      spec: {
        template: {
          spec: { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'web' }] },
        },
      },
    });
    expect(containersOf(result).map((c) => c.name)).toEqual(['sidecar', 'web']);
  });

  it('clears fields missing from $retainKeys (deployment strategy switch to Recreate)', () => {
    const result = patchDeployment({
      spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } },
    });
    expect((result.spec as Record<string, unknown>).strategy).toEqual({ type: 'Recreate' });
  });

  it('rejects a patch setting a key that is not in $retainKeys', () => {
    const result = applyPatch(
      liveDeployment(),
      { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: {} } } },
      'strategic',
      deployment,
    );
    expect(result).toEqual({
      ok: false,
      message: 'invalid patch format of retainKeys',
      code: 400,
      reason: 'BadRequest',
    });
  });

  it('replaces atomic lists such as tolerations', () => {
    const result = patchDeployment({
      spec: { template: { spec: { tolerations: [{ key: 'y', operator: 'Exists' }] } } },
    });
    const spec = (result.spec as { template: { spec: { tolerations: unknown[] } } }).template.spec;
    expect(spec.tolerations).toEqual([{ key: 'y', operator: 'Exists' }]);
  });

  it('merges pod conditions by type', () => {
    const live: KubeObject = {
      kind: 'Pod',
      metadata: { name: 'p' },
      status: {
        conditions: [
          { type: 'PodScheduled', status: 'True' },
          { type: 'Ready', status: 'False' },
        ],
      },
    };
    const result = applyPatch(
      live,
      { status: { conditions: [{ type: 'Ready', status: 'True' }] } },
      'strategic',
      pod,
    );
    expect(result.ok && result.object.status).toEqual({
      conditions: [
        { type: 'PodScheduled', status: 'True' },
        { type: 'Ready', status: 'True' },
      ],
    });
  });

  it('reports a list item without its merge key as an error value', () => {
    const result = applyPatch(
      liveDeployment(),
      { spec: { template: { spec: { containers: [{ image: 'x' }] } } } },
      'strategic',
      deployment,
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain('does not contain declared merge key: name');
  });

  it('answers 415 for strategic merge patch on a custom resource', () => {
    const result = applyPatch(
      { kind: 'Widget', metadata: { name: 'w' } },
      { spec: {} },
      'strategic',
      { group: 'example.com', version: 'v1', kind: 'Widget' },
    );
    expect(result).toEqual({
      ok: false,
      code: 415,
      reason: 'UnsupportedMediaType',
      message:
        'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    });
  });

  it('does not mutate its inputs', () => {
    const live = liveDeployment();
    const patch = {
      spec: { template: { spec: { containers: [{ name: 'web', $patch: 'delete' }] } } },
    };
    const before = JSON.stringify([live, patch]);
    applyPatch(live, patch, 'strategic', deployment);
    expect(JSON.stringify([live, patch])).toBe(before);
  });

  it('orders like upstream when a patch deletes and adds items around server-only ones', () => {
    // Go's in-place slice updates make the order [2, 4, 3] here (apimachinery patch_test.go has the
    // same expectation); a naive port gives [2, 3, 4].
    const live: KubeObject = {
      kind: 'Pod',
      spec: { containers: [{ name: '1' }, { name: '2', image: 'b' }, { name: '4', image: 'c' }] },
    };
    const patch = {
      spec: {
        '$setElementOrder/containers': [{ name: '2' }, { name: '3' }],
        containers: [{ name: '3' }, { name: '1', $patch: 'delete' }],
      },
    };
    const result = applyPatch(live, patch, 'strategic', pod);
    expect(result.ok && (result.object.spec as { containers: unknown[] }).containers).toEqual([
      { name: '2', image: 'b' },
      { name: '4', image: 'c' },
      { name: '3' },
    ]);
  });

  it('switches a volume source with $retainKeys', () => {
    const live: KubeObject = {
      kind: 'Pod',
      spec: {
        volumes: [
          { name: 'data', emptyDir: {} },
          { name: 'cfg', configMap: { name: 'a' } },
        ],
      },
    };
    const patch = {
      spec: {
        '$setElementOrder/volumes': [{ name: 'data' }, { name: 'cfg' }],
        volumes: [
          {
            $retainKeys: ['hostPath', 'name'],
            emptyDir: null,
            hostPath: { path: '/tmp' },
            name: 'data',
          },
        ],
      },
    };
    const result = applyPatch(live, patch, 'strategic', pod);
    expect(result.ok && (result.object.spec as { volumes: unknown[] }).volumes).toEqual([
      { name: 'data', hostPath: { path: '/tmp' } },
      { name: 'cfg', configMap: { name: 'a' } },
    ]);
  });
});
