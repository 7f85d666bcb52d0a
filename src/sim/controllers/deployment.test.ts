import { describe, expect, it } from 'vitest';
import { apiPath } from '../client.ts';
import { createHarness } from './testing/harness.ts';
import type { Deployment, ReplicaSet } from './deployment-util.ts';
import type { Pod } from './util.ts';

const deployment = (replicas: number, image = 'nginx:1.27'): Deployment => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'nginx', image }] },
    },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: 600,
  },
});

describe('deployment controller', () => {
  it('creates a ReplicaSet and pods, and reports the status', () => {
    const h = createHarness();
    h.client.create(apiPath('apps/v1', 'deployments', 'default'), deployment(3));
    h.clock.advance(10_000);
    const rss = h.list<ReplicaSet>('replicasets');
    expect(rss).toHaveLength(1);
    expect(rss[0].metadata?.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    const pods = h.list<Pod>('pods');
    expect(pods).toHaveLength(3);
    expect(pods.every((p) => p.metadata?.name?.startsWith(`${rss[0].metadata?.name}-`))).toBe(true);
    const d = h.get<Deployment>('deployments', 'default', 'web');
    expect(d?.status).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(d?.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    const progressing = d?.status?.conditions?.find((c) => c.type === 'Progressing');
    expect(progressing?.reason).toBe('NewReplicaSetAvailable');
    const events = h.list('events').map((e) => e.message);
    expect(events).toContain(`Scaled up replica set ${rss[0].metadata?.name} from 0 to 3`);
  });
});
