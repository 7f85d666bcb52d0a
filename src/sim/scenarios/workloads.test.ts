/** Workload controllers on a full simulated cluster (apiserver, scheduler, kubelets), on virtual time. */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../cluster.ts';
import {
  create,
  deployment,
  get,
  isReady,
  isTerminating,
  list,
  patch,
  runUntil,
  type Obj,
} from './workload-helpers.ts';

const pods = (c: ReturnType<typeof createCluster>) => list(c.client('test'), 'v1', 'pods');
const activePods = (c: ReturnType<typeof createCluster>) =>
  pods(c).filter((p) => !isTerminating(p));

describe('Deployment on a cluster', () => {
  it('scales up and down', () => {
    const c = createCluster({ workers: 3 });
    const t = c.client('test');
    create(t, 'apps/v1', 'deployments', deployment('web', 2));
    expect(runUntil(c, () => activePods(c).filter(isReady).length === 2)).toBe(true);
    patch(t, 'apps/v1', 'deployments', 'web', { spec: { replicas: 6 } });
    expect(runUntil(c, () => activePods(c).filter(isReady).length === 6)).toBe(true);
    patch(t, 'apps/v1', 'deployments', 'web', { spec: { replicas: 1 } });
    expect(runUntil(c, () => pods(c).length === 1)).toBe(true);
    const d = get(t, 'apps/v1', 'deployments', 'web');
    expect(
      runUntil(c, () => get(t, 'apps/v1', 'deployments', 'web')?.status?.availableReplicas === 1),
    ).toBe(true);
    expect(d?.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    const rs = list(t, 'apps/v1', 'replicasets');
    expect(rs).toHaveLength(1);
    expect(rs[0].metadata?.ownerReferences?.[0]).toMatchObject({
      kind: 'Deployment',
      name: 'web',
      controller: true,
      blockOwnerDeletion: true,
    });
    for (const p of pods(c))
      expect(p.metadata?.ownerReferences?.[0]).toMatchObject({
        kind: 'ReplicaSet',
        name: rs[0].metadata?.name,
        uid: rs[0].metadata?.uid,
      });
  });

  it('rolls out within maxSurge and maxUnavailable at every step, then rolls back', () => {
    const c = createCluster({ workers: 3 });
    const t = c.client('test');
    create(t, 'apps/v1', 'deployments', deployment('web', 10));
    expect(runUntil(c, () => activePods(c).filter(isReady).length === 10)).toBe(true);
    const [first] = list(t, 'apps/v1', 'replicasets');
    patch(t, 'apps/v1', 'deployments', 'web', {
      spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.28' }] } } },
    });
    // 25% of 10: at most 13 pods (surge rounds up), at least 8 ready (unavailable rounds down).
    let steps = 0;
    const done = () => {
      const d = get(t, 'apps/v1', 'deployments', 'web');
      return (
        (d?.status?.observedGeneration as number) >= (d?.metadata?.generation ?? 1) &&
        d?.status?.updatedReplicas === 10 &&
        d.status.availableReplicas === 10 &&
        d.status.replicas === 10
      );
    };
    while (!done() && steps < 20_000) {
      c.clock.step();
      steps++;
      const active = activePods(c);
      expect(active.length).toBeLessThanOrEqual(13);
      expect(active.filter(isReady).length).toBeGreaterThanOrEqual(8);
    }
    expect(done()).toBe(true);
    const progressing = get(t, 'apps/v1', 'deployments', 'web')?.status?.conditions?.find(
      (x) => x.type === 'Progressing',
    );
    expect(progressing?.reason).toBe('NewReplicaSetAvailable');
    // kubectl rollout undo: the template of revision 1, without pod-template-hash, goes back in.
    const template = structuredClone(first.spec?.template) as {
      metadata: { labels: Record<string, string> };
    };
    delete template.metadata.labels['pod-template-hash'];
    patch(t, 'apps/v1', 'deployments', 'web', { spec: { template } });
    expect(
      runUntil(c, () => {
        const active = activePods(c);
        return (
          active.length === 10 &&
          active.every(
            (p) => p.metadata?.ownerReferences?.[0].uid === first.metadata?.uid && isReady(p),
          )
        );
      }),
    ).toBe(true);
    const back = get(t, 'apps/v1', 'replicasets', first.metadata?.name ?? '');
    expect(back?.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(list(t, 'apps/v1', 'replicasets')).toHaveLength(2);
  });

  it('replaces the pods of a dead node elsewhere', () => {
    const c = createCluster({ workers: 3 });
    const t = c.client('test');
    create(t, 'apps/v1', 'deployments', deployment('web', 6));
    expect(runUntil(c, () => activePods(c).filter(isReady).length === 6)).toBe(true);
    const victims = activePods(c).filter((p) => p.spec?.nodeName === 'worker-1').length;
    expect(victims).toBeGreaterThan(0);
    c.components.get('kubelet/worker-1')?.stop();
    // 50 s node-monitor grace period, then 300 s of tolerated unreachable taint, then eviction.
    expect(
      runUntil(
        c,
        () => {
          const live = activePods(c);
          return (
            live.length === 6 && live.every((p) => p.spec?.nodeName !== 'worker-1' && isReady(p))
          );
        },
        900_000,
        5_000,
      ),
    ).toBe(true);
  });

  it('waits while the controller manager is stopped and catches up when started', () => {
    const c = createCluster({ workers: 2 });
    const t = c.client('test');
    const kcm = c.components.get('kube-controller-manager');
    kcm?.stop();
    create(t, 'apps/v1', 'deployments', deployment('web', 2));
    c.clock.advance(30_000);
    expect(list(t, 'apps/v1', 'replicasets')).toHaveLength(0);
    kcm?.start();
    expect(runUntil(c, () => activePods(c).filter(isReady).length === 2)).toBe(true);
  });
});

describe('StatefulSet on a cluster', () => {
  const sts = (replicas: number, extra: Record<string, unknown> = {}): Obj => ({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web' },
    spec: {
      replicas,
      serviceName: 'nginx',
      selector: { matchLabels: { app: 'nginx' } },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
      },
      ...extra,
    },
  });

  it('creates web-0 Running and Ready before web-1', () => {
    const c = createCluster({ workers: 2 });
    const t = c.client('test');
    create(t, 'apps/v1', 'statefulsets', sts(3));
    const order: string[] = [];
    runUntil(
      c,
      () => {
        for (const p of pods(c)) {
          const name = p.metadata?.name ?? '';
          if (!order.includes(name)) {
            // When a pod appears, every lower ordinal is already Running and Ready.
            for (const q of pods(c))
              if ((q.metadata?.name ?? '') < name) expect(isReady(q)).toBe(true);
            order.push(name);
          }
        }
        return pods(c).filter(isReady).length === 3;
      },
      600_000,
      100,
    );
    expect(order).toEqual(['web-0', 'web-1', 'web-2']);
  });

  it('creates claims before pods and keeps them after a scale-down', () => {
    const c = createCluster({ workers: 2 });
    const t = c.client('test');
    create(
      t,
      'apps/v1',
      'statefulsets',
      sts(3, {
        volumeClaimTemplates: [
          {
            metadata: { name: 'www' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
          },
        ],
      }),
    );
    c.clock.advance(100);
    expect(list(t, 'v1', 'persistentvolumeclaims').map((p) => p.metadata?.name)).toEqual([
      'www-web-0',
    ]);
    expect(runUntil(c, () => pods(c).filter(isReady).length === 3)).toBe(true);
    const claims = list(t, 'v1', 'persistentvolumeclaims');
    expect(claims.map((p) => [p.metadata?.name, p.status?.phase])).toEqual([
      ['www-web-0', 'Bound'],
      ['www-web-1', 'Bound'],
      ['www-web-2', 'Bound'],
    ]);
    expect((pods(c)[1].spec as { volumes: unknown[] }).volumes).toContainEqual({
      name: 'www',
      persistentVolumeClaim: { claimName: 'www-web-1' },
    });
    patch(t, 'apps/v1', 'statefulsets', 'web', { spec: { replicas: 1 } });
    expect(runUntil(c, () => pods(c).length === 1)).toBe(true);
    expect(pods(c)[0].metadata?.name).toBe('web-0');
    expect(list(t, 'v1', 'persistentvolumeclaims').map((p) => p.status?.phase)).toEqual([
      'Bound',
      'Bound',
      'Bound',
    ]);
  });
});

describe('DaemonSet on a cluster', () => {
  it('follows a node added and removed', () => {
    const c = createCluster({ workers: 2 });
    const t = c.client('test');
    create(t, 'apps/v1', 'daemonsets', {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: {
          metadata: { labels: { app: 'agent' } },
          spec: {
            containers: [{ name: 'agent', image: 'busybox:1.36', command: ['sleep', 'infinity'] }],
          },
        },
      },
    });
    // Two workers; the control plane's NoSchedule taint is not tolerated.
    expect(runUntil(c, () => pods(c).filter(isReady).length === 2)).toBe(true);
    expect(
      pods(c)
        .map((p) => p.spec?.nodeName)
        .sort(),
    ).toEqual(['worker-1', 'worker-2']);
    expect(
      t.create('/api/v1/nodes', {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: {
          name: 'worker-9',
          labels: { 'kubernetes.io/hostname': 'worker-9', 'kubernetes.io/os': 'linux' },
        },
        spec: {},
      }).ok,
    ).toBe(true);
    expect(runUntil(c, () => pods(c).some((p) => p.spec?.nodeName === 'worker-9'))).toBe(true);
    expect(get(t, 'apps/v1', 'daemonsets', 'agent')?.status?.desiredNumberScheduled).toBe(3);
    const del = t.delete('/api/v1/nodes/worker-9');
    expect(del.ok).toBe(true);
    expect(runUntil(c, () => !pods(c).some((p) => p.spec?.nodeName === 'worker-9'), 300_000)).toBe(
      true,
    );
    expect(get(t, 'apps/v1', 'daemonsets', 'agent')?.status?.desiredNumberScheduled).toBe(2);
  });
});

describe('Job and CronJob on a cluster', () => {
  it('retries a failing pod up to backoffLimit, then fails the Job', () => {
    const c = createCluster({ workers: 2 });
    const t = c.client('test');
    create(t, 'batch/v1', 'jobs', {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'flaky' },
      spec: {
        backoffLimit: 2,
        template: {
          metadata: {
            annotations: {
              'sim.k8s-explorer.io/exit-code': '1',
              'sim.k8s-explorer.io/run-seconds': '2',
            },
          },
          spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36' }] },
        },
      },
    });
    const failed = () =>
      get(t, 'batch/v1', 'jobs', 'flaky')?.status?.conditions?.find((x) => x.type === 'Failed');
    expect(runUntil(c, () => !!failed(), 600_000)).toBe(true);
    expect(failed()?.reason).toBe('BackoffLimitExceeded');
    expect(get(t, 'batch/v1', 'jobs', 'flaky')?.status?.failed).toBe(3);
    expect(pods(c).filter((p) => p.status?.phase === 'Failed')).toHaveLength(3);
  });

  it('counts container restarts against backoffLimit with restartPolicy OnFailure', () => {
    const c = createCluster({ workers: 2 });
    const t = c.client('test');
    create(t, 'batch/v1', 'jobs', {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'crashy' },
      spec: {
        backoffLimit: 2,
        template: {
          metadata: {
            annotations: {
              'sim.k8s-explorer.io/exit-code': '1',
              'sim.k8s-explorer.io/run-seconds': '1',
            },
          },
          spec: {
            restartPolicy: 'OnFailure',
            containers: [{ name: 'main', image: 'busybox:1.36' }],
          },
        },
      },
    });
    const failed = () =>
      get(t, 'batch/v1', 'jobs', 'crashy')?.status?.conditions?.find((x) => x.type === 'Failed');
    expect(runUntil(c, () => !!failed(), 900_000)).toBe(true);
    expect(failed()?.reason).toBe('BackoffLimitExceeded');
    // One pod only: the kubelet restarted its container in place; the Job deleted it on failure.
    expect(runUntil(c, () => pods(c).length === 0, 120_000)).toBe(true);
  });

  it('completes a Job with completions and parallelism', () => {
    const c = createCluster({ workers: 2 });
    const t = c.client('test');
    create(t, 'batch/v1', 'jobs', {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi' },
      spec: {
        completions: 4,
        parallelism: 2,
        template: {
          spec: {
            restartPolicy: 'Never',
            containers: [{ name: 'pi', image: 'perl:5.34', command: ['sleep', '3'] }],
          },
        },
      },
    });
    expect(
      runUntil(
        c,
        () =>
          !!get(t, 'batch/v1', 'jobs', 'pi')?.status?.conditions?.some(
            (x) => x.type === 'Complete',
          ),
      ),
    ).toBe(true);
    expect(get(t, 'batch/v1', 'jobs', 'pi')?.status?.succeeded).toBe(4);
  });

  it('fires a CronJob on schedule', () => {
    const c = createCluster({ workers: 2 });
    const t = c.client('test');
    create(t, 'batch/v1', 'cronjobs', {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'tick' },
      spec: {
        schedule: '*/2 * * * *',
        jobTemplate: {
          spec: {
            template: {
              spec: {
                restartPolicy: 'OnFailure',
                containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', '1'] }],
              },
            },
          },
        },
      },
    });
    c.clock.advance(6 * 60_000 + 30_000);
    const jobs = list(t, 'batch/v1', 'jobs');
    const start = c.options.startMs / 60_000;
    expect(jobs.map((j) => j.metadata?.name)).toEqual([
      `tick-${start + 2}`,
      `tick-${start + 4}`,
      `tick-${start + 6}`,
    ]);
    expect(get(t, 'batch/v1', 'cronjobs', 'tick')?.status?.lastSuccessfulTime).toBeDefined();
  });
});

describe('HorizontalPodAutoscaler on a cluster', () => {
  it('scales a busy Deployment up to the CPU target', () => {
    const c = createCluster({ workers: 3 });
    const t = c.client('test');
    const d = deployment('busy', 2);
    (d.spec as { template: { metadata: Record<string, unknown> } }).template.metadata.annotations =
      { 'sim.k8s-explorer.io/cpu-usage': '100m' };
    create(t, 'apps/v1', 'deployments', d);
    expect(runUntil(c, () => activePods(c).filter(isReady).length === 2)).toBe(true);
    create(t, 'autoscaling/v2', 'horizontalpodautoscalers', {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'busy' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'busy' },
        minReplicas: 1,
        maxReplicas: 10,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
          },
        ],
      },
    });
    // 100m used of 50m requested = 200% against 50%: 4x. The first step is capped by the scale-up
    // rate (max(+4 pods, +100%) per 15 s: 2 -> 6), the next by maxReplicas (10).
    expect(
      runUntil(
        c,
        () => (get(t, 'apps/v1', 'deployments', 'busy')?.spec?.replicas as number) > 2,
        120_000,
      ),
    ).toBe(true);
    expect(get(t, 'apps/v1', 'deployments', 'busy')?.spec?.replicas).toBe(6);
    expect(
      runUntil(c, () => get(t, 'apps/v1', 'deployments', 'busy')?.spec?.replicas === 10, 300_000),
    ).toBe(true);
    const hpa = get(t, 'autoscaling/v2', 'horizontalpodautoscalers', 'busy');
    expect(hpa?.status?.desiredReplicas).toBe(10);
    expect(hpa?.status?.conditions?.find((x) => x.type === 'ScalingActive')?.reason).toBe(
      'ValidMetricFound',
    );
    expect(hpa?.status?.conditions?.find((x) => x.type === 'ScalingLimited')?.reason).toBe(
      'TooManyReplicas',
    );
  });
  it('acts on an autoscaling/v1 HPA (targetCPUUtilizationPercentage) through the v2 view', () => {
    const c = createCluster({ workers: 2 });
    const t = c.client('test');
    const idle = deployment('idle', 4);
    // Exact default usage (no drift): the status below is a truncated integer percentage.
    (
      idle.spec as { template: { metadata: Record<string, unknown> } }
    ).template.metadata.annotations = { 'sim.k8s-explorer.io/usage-drift': '0' };
    create(t, 'apps/v1', 'deployments', idle);
    expect(runUntil(c, () => activePods(c).filter(isReady).length === 4)).toBe(true);
    create(t, 'autoscaling/v1', 'horizontalpodautoscalers', {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'idle' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'idle' },
        minReplicas: 1,
        maxReplicas: 5,
        targetCPUUtilizationPercentage: 80,
      },
    });
    // Idle pods use a fifth of their request (20% against 80%): down to 1 after the 5-minute
    // downscale stabilization window.
    c.clock.advance(200_000);
    expect(get(t, 'apps/v1', 'deployments', 'idle')?.spec?.replicas).toBe(4);
    expect(
      runUntil(c, () => get(t, 'apps/v1', 'deployments', 'idle')?.spec?.replicas === 1, 300_000),
    ).toBe(true);
    const v1 = get(t, 'autoscaling/v1', 'horizontalpodautoscalers', 'idle');
    expect(v1?.status).toMatchObject({ currentCPUUtilizationPercentage: 20, desiredReplicas: 1 });
  });
});

describe('kube-controller-manager', () => {
  it('holds and renews its leader-election Lease while running', () => {
    const c = createCluster({ workers: 1 });
    const t = c.client('test');
    const lease = () =>
      get(t, 'coordination.k8s.io/v1', 'leases', 'kube-controller-manager', 'kube-system');
    expect(lease()?.spec).toMatchObject({ leaseDurationSeconds: 15, leaseTransitions: 0 });
    expect(String(lease()?.spec?.holderIdentity)).toMatch(/^control-plane_[0-9a-f-]{36}$/);
    const first = lease()?.spec?.renewTime;
    c.clock.advance(2_000);
    expect(lease()?.spec?.renewTime).not.toBe(first);
    c.components.get('kube-controller-manager')?.stop();
    const stopped = lease()?.spec?.renewTime;
    c.clock.advance(20_000);
    expect(lease()?.spec?.renewTime).toBe(stopped);
  });
});
