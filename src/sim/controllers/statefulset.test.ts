import { describe, expect, it } from 'vitest';
import { apiPath } from '../client.ts';
import { createHarness } from './testing/harness.ts';
import type { StatefulSet } from './statefulset.ts';
import type { Pod } from './util.ts';

const sts = (replicas: number, policy = 'OrderedReady'): StatefulSet => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    replicas,
    serviceName: 'nginx',
    podManagementPolicy: policy,
    selector: { matchLabels: { app: 'nginx' } },
    template: {
      metadata: { labels: { app: 'nginx' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
    },
    volumeClaimTemplates: [
      {
        metadata: { name: 'www' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      },
    ],
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
  },
});

describe('statefulset controller', () => {
  it('creates web-0 and waits for it to be Running and Ready before web-1', () => {
    const h = createHarness({ kubelet: { readyAfterMs: 5000 } });
    h.client.create(apiPath('apps/v1', 'statefulsets', 'default'), sts(3));
    h.clock.advance(1000);
    expect(h.list('pods').map((p) => p.metadata?.name)).toEqual(['web-0']);
    expect(h.list('persistentvolumeclaims').map((p) => p.metadata?.name)).toEqual(['www-web-0']);
    h.clock.advance(5000);
    expect(h.list('pods').map((p) => p.metadata?.name)).toEqual(['web-0', 'web-1']);
    h.clock.advance(30_000);
    const pods = h.list<Pod>('pods');
    expect(pods.map((p) => p.metadata?.name)).toEqual(['web-0', 'web-1', 'web-2']);
    const p1 = pods[1];
    expect(p1.metadata?.labels).toMatchObject({
      'statefulset.kubernetes.io/pod-name': 'web-1',
      'apps.kubernetes.io/pod-index': '1',
    });
    expect(p1.metadata?.labels?.['controller-revision-hash']).toMatch(/^web-/);
    expect(p1.spec).toMatchObject({ hostname: 'web-1', subdomain: 'nginx' });
    expect(p1.spec?.volumes).toEqual([
      { name: 'www', persistentVolumeClaim: { claimName: 'www-web-1' } },
    ]);
    const set = h.get<StatefulSet>('statefulsets', 'default', 'web');
    expect(set?.status).toMatchObject({
      replicas: 3,
      readyReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      availableReplicas: 3,
    });
    expect(set?.status?.currentRevision).toBe(set?.status?.updateRevision);
    expect(h.list('events').map((e) => e.message)).toContain(
      'create Pod web-0 in StatefulSet web successful',
    );
  });

  it('scales down from the highest ordinal and keeps the PVCs', () => {
    const h = createHarness({ kubelet: { readyAfterMs: 1000 } });
    h.client.create(apiPath('apps/v1', 'statefulsets', 'default'), sts(3));
    h.clock.advance(30_000);
    h.client.patch(apiPath('apps/v1', 'statefulsets', 'default', 'web'), { spec: { replicas: 1 } });
    h.clock.advance(30_000);
    const deletes = h.api.log.filter((r) => r.method === 'DELETE' && r.path.includes('/pods/'));
    expect(deletes.map((r) => r.path.split('/').pop())).toEqual(['web-2', 'web-1']);
    expect(h.list('pods').map((p) => p.metadata?.name)).toEqual(['web-0']);
    expect(h.list('persistentvolumeclaims').map((p) => p.metadata?.name)).toEqual([
      'www-web-0',
      'www-web-1',
      'www-web-2',
    ]);
  });

  it('Parallel creates every pod at once', () => {
    const h = createHarness({ kubelet: { readyAfterMs: 5000 } });
    h.client.create(apiPath('apps/v1', 'statefulsets', 'default'), sts(3, 'Parallel'));
    h.clock.advance(100);
    expect(h.list('pods')).toHaveLength(3);
  });

  it('rolls an update from the highest ordinal down to the partition', () => {
    const h = createHarness({ kubelet: { readyAfterMs: 1000 } });
    const s = sts(3);
    s.spec = {
      ...s.spec,
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } },
    };
    h.client.create(apiPath('apps/v1', 'statefulsets', 'default'), s);
    h.clock.advance(30_000);
    const before = h.get<StatefulSet>('statefulsets', 'default', 'web')?.status?.updateRevision;
    h.client.patch(apiPath('apps/v1', 'statefulsets', 'default', 'web'), {
      spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } } },
    });
    h.clock.advance(60_000);
    const set = h.get<StatefulSet>('statefulsets', 'default', 'web');
    const rev = (n: string) =>
      h.get<Pod>('pods', 'default', n)?.metadata?.labels?.['controller-revision-hash'];
    expect(set?.status?.updateRevision).not.toBe(before);
    expect(rev('web-2')).toBe(set?.status?.updateRevision);
    expect(rev('web-1')).toBe(set?.status?.updateRevision);
    expect(rev('web-0')).toBe(before);
    expect(set?.status).toMatchObject({
      currentRevision: before,
      updatedReplicas: 2,
      currentReplicas: 1,
    });
    expect(h.list('controllerrevisions')).toHaveLength(2);
  });
});

describe('statefulset update strategies and claim retention', () => {
  it('OnDelete replaces a pod with the new revision only when it is deleted', () => {
    const h = createHarness({ kubelet: { readyAfterMs: 1000 } });
    const s = sts(2);
    s.spec = { ...s.spec, volumeClaimTemplates: [], updateStrategy: { type: 'OnDelete' } };
    h.client.create(apiPath('apps/v1', 'statefulsets', 'default'), s);
    h.clock.advance(20_000);
    const rev = (n: string) =>
      h.get<Pod>('pods', 'default', n)?.metadata?.labels?.['controller-revision-hash'];
    const before = rev('web-1');
    h.client.patch(apiPath('apps/v1', 'statefulsets', 'default', 'web'), {
      spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } } },
    });
    h.clock.advance(30_000);
    expect(rev('web-1')).toBe(before);
    h.client.delete(apiPath('v1', 'pods', 'default', 'web-1'));
    h.clock.advance(30_000);
    const set = h.get<StatefulSet>('statefulsets', 'default', 'web');
    expect(rev('web-1')).toBe(set?.status?.updateRevision);
    expect(rev('web-0')).toBe(before);
    expect(set?.status).toMatchObject({
      updatedReplicas: 1,
      currentReplicas: 1,
      currentRevision: before,
    });
  });

  it('whenScaled: Delete removes the claims of pods removed by a scale-down', () => {
    const h = createHarness({ kubelet: { readyAfterMs: 1000 } });
    const s = sts(3);
    s.spec = {
      ...s.spec,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Delete' },
    };
    h.client.create(apiPath('apps/v1', 'statefulsets', 'default'), s);
    h.clock.advance(30_000);
    h.client.patch(apiPath('apps/v1', 'statefulsets', 'default', 'web'), { spec: { replicas: 1 } });
    h.clock.advance(30_000);
    expect(h.list('persistentvolumeclaims').map((p) => p.metadata?.name)).toEqual(['www-web-0']);
  });

  it('recreates a failed pod', () => {
    const h = createHarness({ kubelet: { readyAfterMs: 1000 } });
    const s = sts(1);
    s.spec = { ...s.spec, volumeClaimTemplates: [] };
    h.client.create(apiPath('apps/v1', 'statefulsets', 'default'), s);
    h.clock.advance(10_000);
    const uid = h.get<Pod>('pods', 'default', 'web-0')?.metadata?.uid;
    h.client.patch(apiPath('v1', 'pods', 'default', 'web-0') + '/status', {
      status: { phase: 'Failed' },
    });
    h.clock.advance(10_000);
    const pod = h.get<Pod>('pods', 'default', 'web-0');
    expect(pod?.metadata?.uid).not.toBe(uid);
    expect(pod?.status?.phase).toBe('Running');
  });
});
