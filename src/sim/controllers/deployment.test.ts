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
    expect(rss[0].metadata?.name).toMatch(/^web-[456789bcdf]{6,10}$/);
    const pods = h.list<Pod>('pods');
    expect(pods).toHaveLength(3);
    expect(pods.every((p) => p.metadata?.name?.startsWith(`${rss[0].metadata?.name}-`))).toBe(true);
    const d = h.get<Deployment>('deployments', 'default', 'web');
    expect(d?.status).toMatchObject({
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    });
    expect(d?.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    const progressing = d?.status?.conditions?.find((c) => c.type === 'Progressing');
    expect(progressing?.reason).toBe('NewReplicaSetAvailable');
    const events = h.list('events').map((e) => e.message);
    expect(events).toContain(`Scaled up replica set ${rss[0].metadata?.name} from 0 to 3`);
  });
});

describe('rolling update', () => {
  function availableNow(h: ReturnType<typeof createHarness>, pods: Pod[]): number {
    return pods.filter(
      (p) =>
        !p.metadata?.deletionTimestamp &&
        p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
    ).length;
  }

  it('never goes below replicas - maxUnavailable ready pods nor above replicas + maxSurge', () => {
    const h = createHarness({ kubelet: { readyAfterMs: 3000 } });
    h.client.create(apiPath('apps/v1', 'deployments', 'default'), deployment(10));
    h.clock.advance(30_000);
    expect(availableNow(h, h.list<Pod>('pods'))).toBe(10);
    h.client.patch(apiPath('apps/v1', 'deployments', 'default', 'web'), {
      spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } } },
    });
    // 25% of 10: maxSurge 3 (rounded up), maxUnavailable 2 (rounded down).
    let steps = 0;
    while (h.clock.nextTimerAt() !== undefined && steps < 100_000) {
      h.clock.step();
      steps++;
      const pods = h.list<Pod>('pods');
      expect(pods.length).toBeLessThanOrEqual(13);
      expect(availableNow(h, pods)).toBeGreaterThanOrEqual(8);
      const d = h.get<Deployment>('deployments', 'default', 'web');
      if (
        d?.status?.updatedReplicas === 10 &&
        d.status.availableReplicas === 10 &&
        pods.length === 10
      )
        break;
    }
    const pods = h.list<Pod>('pods');
    expect(pods).toHaveLength(10);
    const rss = h.list<ReplicaSet>('replicasets');
    expect(rss).toHaveLength(2);
    const newRS = rss.find((rs) => rs.spec?.replicas === 10);
    expect(newRS?.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(
      pods.every(
        (p) =>
          p.metadata?.labels?.['pod-template-hash'] ===
          newRS?.spec?.template?.metadata?.labels?.['pod-template-hash'],
      ),
    ).toBe(true);
    const d = h.get<Deployment>('deployments', 'default', 'web');
    expect(d?.status?.conditions?.find((c) => c.type === 'Progressing')?.reason).toBe(
      'NewReplicaSetAvailable',
    );
  });

  it('rolls back to the old ReplicaSet when the old template is applied again (rollout undo)', () => {
    const h = createHarness({ kubelet: { readyAfterMs: 1000 } });
    h.client.create(apiPath('apps/v1', 'deployments', 'default'), deployment(3));
    h.clock.advance(20_000);
    const [first] = h.list<ReplicaSet>('replicasets');
    h.client.patch(apiPath('apps/v1', 'deployments', 'default', 'web'), {
      spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } } },
    });
    h.clock.advance(60_000);
    expect(h.list('replicasets')).toHaveLength(2);
    // kubectl rollout undo: copy the old ReplicaSet's template (minus pod-template-hash) back.
    const template = structuredClone(
      h.get<ReplicaSet>('replicasets', 'default', first.metadata?.name ?? '')?.spec?.template ?? {},
    );
    delete template.metadata?.labels?.['pod-template-hash'];
    h.client.patch(apiPath('apps/v1', 'deployments', 'default', 'web'), { spec: { template } });
    h.clock.advance(60_000);
    const rss = h.list<ReplicaSet>('replicasets');
    expect(rss).toHaveLength(2);
    const back = rss.find((rs) => rs.metadata?.name === first.metadata?.name);
    expect(back?.spec?.replicas).toBe(3);
    expect(back?.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(back?.metadata?.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1');
    expect(
      h.get<Deployment>('deployments', 'default', 'web')?.metadata?.annotations?.[
        'deployment.kubernetes.io/revision'
      ],
    ).toBe('3');
    expect(
      h
        .list<Pod>('pods')
        .every((p) => p.metadata?.ownerReferences?.[0].name === first.metadata?.name),
    ).toBe(true);
  });

  it('scales up and down, deleting not-ready pods first', () => {
    const h = createHarness({ kubelet: { readyAfterMs: 1000 } });
    h.client.create(apiPath('apps/v1', 'deployments', 'default'), deployment(2));
    h.clock.advance(10_000);
    h.client.patch(apiPath('apps/v1', 'deployments', 'default', 'web'), { spec: { replicas: 5 } });
    h.clock.advance(10_000);
    expect(h.list('pods')).toHaveLength(5);
    h.client.patch(apiPath('apps/v1', 'deployments', 'default', 'web'), { spec: { replicas: 1 } });
    h.clock.advance(10_000);
    expect(h.list('pods')).toHaveLength(1);
    const rs = h.list<ReplicaSet>('replicasets')[0];
    expect(rs.spec?.replicas).toBe(1);
    expect(rs.metadata?.annotations?.['deployment.kubernetes.io/desired-replicas']).toBe('1');
    const events = h.list('events').map((e) => e.message as string);
    expect(events).toContain(`Scaled down replica set ${rs.metadata?.name} from 5 to 1`);
  });

  it('Recreate scales the old ReplicaSet to zero before the new one comes up', () => {
    const h = createHarness({ kubelet: { readyAfterMs: 1000 } });
    const d = deployment(3);
    d.spec = { ...d.spec, strategy: { type: 'Recreate' } };
    h.client.create(apiPath('apps/v1', 'deployments', 'default'), d);
    h.clock.advance(10_000);
    h.client.patch(apiPath('apps/v1', 'deployments', 'default', 'web'), {
      spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } } },
    });
    let sawMixed = false;
    for (const end = h.clock.now() + 120_000; h.clock.now() < end;) {
      h.clock.step();
      const hashes = new Set(
        h.list<Pod>('pods').map((p) => p.metadata?.labels?.['pod-template-hash']),
      );
      if (hashes.size > 1) sawMixed = true;
    }
    expect(sawMixed).toBe(false);
    expect(h.list('pods')).toHaveLength(3);
  });

  it('marks ProgressDeadlineExceeded when pods never become ready', () => {
    const h = createHarness({
      kubelet: { shouldStart: (p) => !String(JSON.stringify(p.spec)).includes('broken') },
    });
    const d = deployment(2);
    d.spec = { ...d.spec, progressDeadlineSeconds: 60 };
    h.client.create(apiPath('apps/v1', 'deployments', 'default'), d);
    h.clock.advance(10_000);
    h.client.patch(apiPath('apps/v1', 'deployments', 'default', 'web'), {
      spec: { template: { spec: { containers: [{ name: 'nginx', image: 'broken:1' }] } } },
    });
    h.clock.advance(120_000);
    const got = h.get<Deployment>('deployments', 'default', 'web');
    const cond = got?.status?.conditions?.find((c) => c.type === 'Progressing');
    expect(cond).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
    expect(got?.status?.conditions?.find((c) => c.type === 'Available')?.status).toBe('True');
  });
});

describe('proportional scaling', () => {
  it('spreads a scale-up over old and new ReplicaSets of a stuck rollout (docs example)', () => {
    // kubernetes.io/docs/concepts/workloads/controllers/deployment/#proportional-scaling:
    // 10 replicas, maxSurge 3, maxUnavailable 2, rollout to a bad image gets stuck at 8 old + 5 new;
    // scaling to 15 adds 3 to the old ReplicaSet and 2 to the new one.
    const h = createHarness({
      kubelet: {
        readyAfterMs: 1000,
        shouldStart: (p) => !JSON.stringify(p.spec).includes('nginx:sometag'),
      },
    });
    const d = deployment(10);
    d.spec = {
      ...d.spec,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } },
    };
    h.client.create(apiPath('apps/v1', 'deployments', 'default'), d);
    h.clock.advance(20_000);
    h.client.patch(apiPath('apps/v1', 'deployments', 'default', 'web'), {
      spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:sometag' }] } } },
    });
    h.clock.advance(60_000);
    const sizes = () =>
      h
        .list<ReplicaSet>('replicasets')
        .map((rs) => [rs.spec?.template?.spec?.containers, rs.spec?.replicas])
        .map(([c, n]) => `${(c as { image: string }[])[0].image}=${n}`)
        .sort();
    expect(sizes()).toEqual(['nginx:1.27=8', 'nginx:sometag=5']);
    h.client.patch(apiPath('apps/v1', 'deployments', 'default', 'web'), { spec: { replicas: 15 } });
    h.clock.advance(10_000);
    expect(sizes()).toEqual(['nginx:1.27=11', 'nginx:sometag=7']);
  });

  it('pause keeps the template change from rolling out until resumed', () => {
    const h = createHarness({ kubelet: { readyAfterMs: 1000 } });
    h.client.create(apiPath('apps/v1', 'deployments', 'default'), deployment(2));
    h.clock.advance(10_000);
    h.client.patch(apiPath('apps/v1', 'deployments', 'default', 'web'), { spec: { paused: true } });
    h.client.patch(apiPath('apps/v1', 'deployments', 'default', 'web'), {
      spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } } },
    });
    h.clock.advance(30_000);
    expect(h.list('replicasets')).toHaveLength(1);
    const cond = h
      .get<Deployment>('deployments', 'default', 'web')
      ?.status?.conditions?.find((c) => c.type === 'Progressing');
    expect(cond).toMatchObject({
      status: 'Unknown',
      reason: 'DeploymentPaused',
      message: 'Deployment is paused',
    });
    h.client.patch(apiPath('apps/v1', 'deployments', 'default', 'web'), {
      spec: { paused: false },
    });
    h.clock.advance(60_000);
    expect(h.list('replicasets')).toHaveLength(2);
    expect(h.get<Deployment>('deployments', 'default', 'web')?.status?.updatedReplicas).toBe(2);
  });

  it('keeps revisionHistoryLimit old ReplicaSets', () => {
    const h = createHarness({ kubelet: { readyAfterMs: 500 } });
    const d = deployment(1);
    d.spec = { ...d.spec, revisionHistoryLimit: 2 };
    h.client.create(apiPath('apps/v1', 'deployments', 'default'), d);
    h.clock.advance(10_000);
    for (let i = 0; i < 5; i++) {
      h.client.patch(apiPath('apps/v1', 'deployments', 'default', 'web'), {
        spec: {
          template: { spec: { containers: [{ name: 'nginx', image: `nginx:1.${30 + i}` }] } },
        },
      });
      h.clock.advance(30_000);
    }
    const revisions = h
      .list<ReplicaSet>('replicasets')
      .map((rs) => rs.metadata?.annotations?.['deployment.kubernetes.io/revision'])
      .sort();
    expect(revisions).toEqual(['4', '5', '6']);
  });
});
