import { describe, expect, it } from 'vitest';
import type { ApiRequest, KubeObject } from '../../sim/api/types';
import type { Connection } from '../connection';
import { createClusterStore } from '../store/cluster-store';
import { cordon, drain, scale } from './actions';

/** A connection whose client records requests and answers 200 (or 429 for one pod's eviction). */
function fakeConnection(pods: KubeObject[], refuse = '') {
  const requests: ApiRequest[] = [];
  const cluster = createClusterStore((fn) => fn());
  for (const pod of pods) {
    cluster.enqueue('Pod', {
      type: 'upsert',
      key: `${pod.metadata?.namespace}/${pod.metadata?.name}`,
      object: pod,
    });
  }
  const connection = {
    cluster,
    client: {
      user: 'test',
      request: (request: ApiRequest) => {
        requests.push(request);
        const refused = refuse && request.path.includes(`/pods/${refuse}/eviction`);
        return Promise.resolve(
          refused
            ? {
                status: 429,
                body: {
                  kind: 'Status',
                  message: "Cannot evict pod as it would violate the pod's disruption budget.",
                },
              }
            : { status: 200, body: {} },
        );
      },
      watch: () => ({ ready: Promise.resolve({ status: 200, body: {} }), stop: () => undefined }),
    },
  } as unknown as Connection;
  return { connection, requests };
}

const pod = (name: string, node: string, owner?: string): KubeObject => ({
  kind: 'Pod',
  metadata: {
    name,
    namespace: 'default',
    ...(owner
      ? {
          ownerReferences: [
            { apiVersion: 'apps/v1', kind: owner, name: 'x', uid: 'u', controller: true },
          ],
        }
      : {}),
  },
  spec: { nodeName: node },
});

describe('inspector actions', () => {
  it('cordons with a merge patch of spec.unschedulable', async () => {
    const { connection, requests } = fakeConnection([]);
    expect(await cordon(connection, 'worker-1', true)).toBe('node/worker-1 cordoned');
    expect(requests[0]).toMatchObject({
      method: 'PATCH',
      path: '/api/v1/nodes/worker-1',
      body: { spec: { unschedulable: true } },
      contentType: 'application/merge-patch+json',
    });
  });

  it("drains: cordon, then evict the node's pods except DaemonSet pods, reporting refusals", async () => {
    const { connection, requests } = fakeConnection(
      [
        pod('a', 'worker-1', 'ReplicaSet'),
        pod('b', 'worker-1', 'DaemonSet'),
        pod('c', 'worker-2'),
        pod('d', 'worker-1'),
      ],
      'd',
    );
    const output = await drain(connection, 'worker-1');
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'PATCH /api/v1/nodes/worker-1',
      'POST /api/v1/namespaces/default/pods/a/eviction',
      'POST /api/v1/namespaces/default/pods/d/eviction',
    ]);
    expect(output.split('\n')).toEqual([
      'node/worker-1 cordoned',
      'pod/a evicted',
      'error when evicting pods/"d" -n "default": Cannot evict pod as it would violate the pod\'s disruption budget.',
      'node/worker-1 drained',
    ]);
  });

  it('scales through the scale subresource', async () => {
    const { connection, requests } = fakeConnection([]);
    expect(await scale(connection, 'Deployment', 'default/web', 5)).toBe(
      'deployment.apps/web scaled',
    );
    expect(requests[0]).toMatchObject({
      method: 'PATCH',
      path: '/apis/apps/v1/namespaces/default/deployments/web/scale',
      body: { spec: { replicas: 5 } },
    });
  });
});
