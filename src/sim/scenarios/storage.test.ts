/** Storage scenarios on a full simulated cluster: binding, provisioning, and simulated volume data. */
import { describe, expect, it } from 'vitest';
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/types.ts';
import { apiPath } from '../client.ts';
import { createCluster } from '../cluster.ts';
import { podVolumeData } from '../storage/volume-data.ts';

const ADMIN = 'kubernetes-admin';

function must<T>(r: { ok: true; value: T } | { ok: false; status: { message?: string } }): T {
  if (!r.ok) throw new Error(r.status.message);
  return r.value;
}

function setup() {
  const cluster = createCluster({ workers: 3 });
  const admin = cluster.client(ADMIN);
  const runUntil = (done: () => boolean, maxMs = 300_000) => {
    const end = cluster.clock.now() + maxMs;
    while (!done() && cluster.clock.now() < end) cluster.clock.advance(500);
    return done();
  };
  const pod = (name: string) => {
    const r = admin.get<KubeObject>(apiPath('v1', 'pods', 'default', name));
    return r.ok ? (r.value as unknown as Pod) : undefined;
  };
  const claim = (name: string) => {
    const r = admin.get<KubeObject>(apiPath('v1', 'persistentvolumeclaims', 'default', name));
    return r.ok ? (r.value as unknown as PersistentVolumeClaim) : undefined;
  };
  const events = (name: string) =>
    must(admin.list<KubeObject>(apiPath('v1', 'events', 'default')))
      .items.filter((e) => (e.involvedObject as { name?: string }).name === name)
      .map((e) => `${e.reason}: ${e.message}`);
  return { cluster, admin, runUntil, pod, claim, events };
}

describe('storage scenarios', () => {
  it('a PVC with no matching PV and no provisioner stays Pending and its pod is unschedulable', () => {
    const { cluster, admin, pod, claim, events } = setup();
    must(
      admin.create(apiPath('v1', 'persistentvolumeclaims', 'default'), {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'data' },
        spec: {
          storageClassName: '',
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: '1Gi' } },
        },
      }),
    );
    must(
      admin.create(apiPath('v1', 'pods', 'default'), {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'db' },
        spec: {
          containers: [
            {
              name: 'db',
              image: 'postgres:17',
              volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql' }],
            },
          ],
          volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
        },
      }),
    );
    cluster.clock.advance(30_000);
    expect(claim('data')?.status?.phase).toBe('Pending');
    expect(events('data')).toContain(
      'FailedBinding: no persistent volumes available for this claim and no storage class is set',
    );
    expect(pod('db')?.spec?.nodeName).toBeUndefined();
    const scheduled = pod('db')?.status?.conditions?.find((c) => c.type === 'PodScheduled');
    expect(scheduled).toMatchObject({ status: 'False', reason: 'Unschedulable' });
    expect(scheduled?.message).toMatch(
      /^0\/4 nodes are available: pod has unbound immediate PersistentVolumeClaims\./,
    );
  });

  it('a Deployment pod replaced keeps its PVC data (dynamically provisioned on its node), not its emptyDir', () => {
    const { cluster, admin, runUntil, claim } = setup();
    must(
      admin.create(apiPath('v1', 'persistentvolumeclaims', 'default'), {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'cache' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } } },
      }),
    );
    cluster.clock.advance(1_000);
    // No consumer yet: WaitForFirstConsumer (standard is kind's local-path class).
    expect(claim('cache')?.status?.phase).toBe('Pending');
    must(
      admin.create(apiPath('apps/v1', 'deployments', 'default'), {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'cache' },
        spec: {
          replicas: 1,
          strategy: { type: 'Recreate' },
          selector: { matchLabels: { app: 'cache' } },
          template: {
            metadata: { labels: { app: 'cache' } },
            spec: {
              containers: [
                {
                  name: 'redis',
                  image: 'redis:7',
                  volumeMounts: [
                    { name: 'data', mountPath: '/data' },
                    { name: 'scratch', mountPath: '/tmp' },
                  ],
                },
              ],
              volumes: [
                { name: 'data', persistentVolumeClaim: { claimName: 'cache' } },
                { name: 'scratch', emptyDir: {} },
              ],
            },
          },
        },
      }),
    );
    const current = () =>
      (
        must(admin.list<KubeObject>(apiPath('v1', 'pods', 'default'))).items as unknown as Pod[]
      ).find(
        (p) =>
          p.metadata?.labels?.app === 'cache' &&
          p.status?.phase === 'Running' &&
          !p.metadata?.deletionTimestamp,
      );
    expect(
      runUntil(() => current() !== undefined && claim('cache')?.status?.phase === 'Bound'),
    ).toBe(true);
    cluster.clock.advance(1_000);
    const first = current()!;
    expect(podVolumeData(cluster.api, first, (n) => claim(n))).toEqual({ data: 1, scratch: 1 });
    admin.delete(apiPath('v1', 'pods', 'default', first.metadata?.name));
    expect(
      runUntil(() => current() !== undefined && current()?.metadata?.uid !== first.metadata?.uid),
    ).toBe(true);
    cluster.clock.advance(1_000);
    const second = current()!;
    // The local-path PV pins the replacement to the same node.
    expect(second.spec?.nodeName).toBe(first.spec?.nodeName);
    expect(podVolumeData(cluster.api, second, (n) => claim(n))).toEqual({ data: 2, scratch: 1 });
  });

  it('StatefulSet data on a PVC survives the pod being replaced, emptyDir data does not', () => {
    const { cluster, admin, runUntil, pod, claim } = setup();
    must(
      admin.create(apiPath('v1', 'services', 'default'), {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'db' },
        spec: { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 5432 }] },
      }),
    );
    must(
      admin.create(apiPath('apps/v1', 'statefulsets', 'default'), {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'db' },
        spec: {
          serviceName: 'db',
          replicas: 1,
          selector: { matchLabels: { app: 'db' } },
          template: {
            metadata: { labels: { app: 'db' } },
            spec: {
              containers: [
                {
                  name: 'db',
                  image: 'postgres:17',
                  volumeMounts: [
                    { name: 'data', mountPath: '/var/lib/postgresql' },
                    { name: 'scratch', mountPath: '/tmp' },
                  ],
                },
              ],
              volumes: [{ name: 'scratch', emptyDir: {} }],
            },
          },
          volumeClaimTemplates: [
            {
              metadata: { name: 'data' },
              spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
            },
          ],
        },
      }),
    );
    const running = () =>
      pod('db-0')?.status?.phase === 'Running' && !pod('db-0')?.metadata?.deletionTimestamp;
    expect(runUntil(() => running() && claim('data-db-0')?.status?.phase === 'Bound')).toBe(true);
    cluster.clock.advance(1_000);
    const pvc = claim('data-db-0')!;
    expect(pvc.spec?.storageClassName).toBe('standard');
    const first = pod('db-0')!;
    const data = () => podVolumeData(cluster.api, pod('db-0')!, (n) => claim(n));
    expect(data()).toEqual({ scratch: 1, data: 1 });
    // The PV is pinned to the node the scheduler chose.
    const pv = must(
      admin.get<KubeObject>(apiPath('v1', 'persistentvolumes', undefined, pvc.spec?.volumeName)),
    );
    expect(JSON.stringify(pv.spec)).toContain(`"values":["${first.spec?.nodeName}"]`);
    // Replace the pod: the StatefulSet recreates db-0, on the PV's node, with the same claim.
    admin.delete(apiPath('v1', 'pods', 'default', 'db-0'));
    expect(runUntil(() => running() && pod('db-0')?.metadata?.uid !== first.metadata?.uid)).toBe(
      true,
    );
    cluster.clock.advance(1_000);
    expect(pod('db-0')?.spec?.nodeName).toBe(first.spec?.nodeName);
    expect(data()).toEqual({ scratch: 1, data: 2 });
  });
});
