import { describe, expect, it } from 'vitest';
import { apiPath } from '../client.ts';
import {
  advanceUntil,
  bootCluster,
  condition,
  createPod,
  eventsFor,
  getPod,
} from './node-helpers.ts';

const image = 'registry.k8s.io/pause:3.10';

describe('kubelet pod lifecycle', () => {
  it('backs off a crashing container: immediate first restart, then 10 s, 20 s, 40 s', () => {
    const cluster = bootCluster({ workers: 1 });
    createPod(cluster, {
      metadata: {
        name: 'crash',
        annotations: {
          'sim.k8s-explorer.io/exit-code': '1',
          'sim.k8s-explorer.io/run-seconds': '1',
        },
      },
      spec: { containers: [{ name: 'app', image }] },
    });
    const starts: number[] = [];
    let last = -1;
    advanceUntil(
      cluster,
      () => {
        const s = getPod(cluster, 'crash')?.status?.containerStatuses?.[0];
        if (s?.state?.running && s.restartCount !== last) {
          last = s.restartCount;
          starts.push(cluster.clock.now());
        }
        return starts.length >= 5;
      },
      300_000,
      100,
    );
    const gaps = starts.slice(1).map((t, i) => Math.round((t - starts[i]) / 1000));
    // Runs 1 s; first restart after the ~1 s PLEG relist, then 10, 20, 40 s from the last restart.
    expect(gaps).toEqual([2, 10, 20, 40]);
    cluster.clock.advance(2_000);
    const s = getPod(cluster, 'crash')?.status?.containerStatuses?.[0];
    expect(s?.state?.waiting).toMatchObject({ reason: 'CrashLoopBackOff' });
    expect(s?.state?.waiting?.message).toMatch(
      /^back-off 1m20s restarting failed container=app pod=crash_default\(/,
    );
    expect(s?.lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(
      eventsFor(cluster, 'crash').some((e) => e.reason === 'BackOff' && e.type === 'Warning'),
    ).toBe(true);
  });

  it('runs init containers in order before the app container and reports Init:x/y progress', () => {
    const cluster = bootCluster({ workers: 1 });
    createPod(cluster, {
      metadata: { name: 'init' },
      spec: {
        initContainers: [
          { name: 'first', image, command: ['sh', '-c', 'sleep 3'] },
          { name: 'second', image, command: ['sh', '-c', 'sleep 2'] },
        ],
        containers: [{ name: 'app', image }],
      },
    });
    advanceUntil(cluster, () => getPod(cluster, 'init')?.status?.phase === 'Running', 60_000);
    const pod = getPod(cluster, 'init')!;
    const [first, second] = pod.status!.initContainerStatuses!;
    expect(first.state?.terminated?.reason).toBe('Completed');
    expect(second.state?.terminated?.reason).toBe('Completed');
    expect(Date.parse(second.state!.terminated!.startedAt!)).toBeGreaterThanOrEqual(
      Date.parse(first.state!.terminated!.finishedAt!),
    );
    const app = pod.status!.containerStatuses![0];
    expect(Date.parse(app.state!.running!.startedAt!)).toBeGreaterThanOrEqual(
      Date.parse(second.state!.terminated!.finishedAt!),
    );
    expect(condition(pod, 'Initialized')?.status).toBe('True');
    const started = eventsFor(cluster, 'init')
      .filter((e) => e.reason === 'Started')
      .map((e) => e.message);
    expect(started).toEqual([
      'Started container first',
      'Started container second',
      'Started container app',
    ]);
  });

  it('turns Ready when the readiness probe first passes after initialDelaySeconds', () => {
    const cluster = bootCluster({ workers: 1 });
    createPod(cluster, {
      metadata: { name: 'probe' },
      spec: {
        containers: [
          {
            name: 'app',
            image,
            readinessProbe: {
              httpGet: { path: '/', port: 80 },
              initialDelaySeconds: 15,
              periodSeconds: 5,
            },
          },
        ],
      },
    });
    advanceUntil(
      cluster,
      () => !!getPod(cluster, 'probe')?.status?.containerStatuses?.[0].state?.running,
      30_000,
      50,
    );
    const startedAt = cluster.clock.now();
    expect(condition(getPod(cluster, 'probe'), 'Ready')?.status).toBe('False');
    advanceUntil(
      cluster,
      () => condition(getPod(cluster, 'probe'), 'Ready')?.status === 'True',
      30_000,
      50,
    );
    expect(Math.round((cluster.clock.now() - startedAt) / 1000)).toBe(15);
  });

  it('never turns Ready with a failing readiness probe and records Unhealthy events', () => {
    const cluster = bootCluster({ workers: 1 });
    createPod(cluster, {
      metadata: { name: 'sick', annotations: { 'sim.k8s-explorer.io/fail-readiness': 'true' } },
      spec: {
        containers: [
          {
            name: 'app',
            image,
            readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 },
          },
        ],
      },
    });
    cluster.clock.advance(60_000);
    const pod = getPod(cluster, 'sick');
    expect(pod?.status?.phase).toBe('Running');
    expect(pod?.status?.containerStatuses?.[0].ready).toBe(false);
    const unhealthy = eventsFor(cluster, 'sick').find((e) => e.reason === 'Unhealthy');
    expect(unhealthy?.message).toBe(
      'Readiness probe failed: HTTP probe failed with statuscode: 503',
    );
    expect(unhealthy?.count).toBeGreaterThan(5);
  });

  it('terminates gracefully: a sleep PID 1 ignores SIGTERM and takes the whole grace period', () => {
    const cluster = bootCluster({ workers: 1 });
    createPod(cluster, {
      metadata: { name: 'slow' },
      spec: {
        terminationGracePeriodSeconds: 20,
        containers: [{ name: 'app', image, command: ['sleep', '3600'] }],
      },
    });
    createPod(cluster, {
      metadata: { name: 'quick' },
      spec: { containers: [{ name: 'app', image }] },
    });
    advanceUntil(
      cluster,
      () =>
        getPod(cluster, 'slow')?.status?.phase === 'Running' &&
        getPod(cluster, 'quick')?.status?.phase === 'Running',
      30_000,
    );
    const admin = cluster.client('admin');
    admin.delete(apiPath('v1', 'pods', 'default', 'slow'));
    admin.delete(apiPath('v1', 'pods', 'default', 'quick'));
    const t0 = cluster.clock.now();
    const quick = advanceUntil(cluster, () => getPod(cluster, 'quick') === undefined, 40_000, 100);
    expect(quick).toBeLessThan(2_000);
    expect(getPod(cluster, 'slow')?.metadata?.deletionTimestamp).toBeDefined();
    advanceUntil(cluster, () => getPod(cluster, 'slow') === undefined, 40_000, 100);
    expect(Math.round((cluster.clock.now() - t0) / 1000)).toBe(20);
    expect(
      eventsFor(cluster, 'slow').some(
        (e) => e.reason === 'Killing' && e.message === 'Stopping container app',
      ),
    ).toBe(true);
  });

  it('completes Job-style pods: restartPolicy Never, sleep 5, exit code', () => {
    const cluster = bootCluster({ workers: 1 });
    createPod(cluster, {
      metadata: { name: 'ok' },
      spec: {
        restartPolicy: 'Never',
        containers: [{ name: 'job', image, command: ['sh', '-c', 'sleep 5'] }],
      },
    });
    createPod(cluster, {
      metadata: { name: 'bad' },
      spec: {
        restartPolicy: 'Never',
        containers: [{ name: 'job', image, command: ['sh', '-c', 'exit 3'] }],
      },
    });
    advanceUntil(
      cluster,
      () =>
        getPod(cluster, 'ok')?.status?.phase === 'Succeeded' &&
        getPod(cluster, 'bad')?.status?.phase === 'Failed',
      60_000,
    );
    const ok = getPod(cluster, 'ok')!.status!.containerStatuses![0].state!.terminated!;
    expect(ok.exitCode).toBe(0);
    expect(Math.round((Date.parse(ok.finishedAt!) - Date.parse(ok.startedAt!)) / 1000)).toBe(5);
    expect(getPod(cluster, 'bad')!.status!.containerStatuses![0].state!.terminated).toMatchObject({
      exitCode: 3,
      reason: 'Error',
    });
    expect(condition(getPod(cluster, 'ok'), 'Ready')).toMatchObject({
      status: 'False',
      reason: 'PodCompleted',
    });
  });

  it('waits for missing ConfigMaps: CreateContainerConfigError for env, FailedMount for volumes', () => {
    const cluster = bootCluster({ workers: 1 });
    createPod(cluster, {
      metadata: { name: 'env' },
      spec: {
        containers: [{ name: 'app', image, envFrom: [{ configMapRef: { name: 'settings' } }] }],
      },
    });
    createPod(cluster, {
      metadata: { name: 'vol' },
      spec: {
        containers: [{ name: 'app', image }],
        volumes: [{ name: 'cfg', configMap: { name: 'settings' } }],
      },
    });
    cluster.clock.advance(20_000);
    expect(getPod(cluster, 'env')?.status?.containerStatuses?.[0].state?.waiting).toEqual({
      reason: 'CreateContainerConfigError',
      message: 'configmap "settings" not found',
    });
    expect(getPod(cluster, 'vol')?.status?.containerStatuses?.[0].state?.waiting?.reason).toBe(
      'ContainerCreating',
    );
    expect(eventsFor(cluster, 'vol').find((e) => e.reason === 'FailedMount')?.message).toBe(
      'MountVolume.SetUp failed for volume "cfg" : configmap "settings" not found',
    );
    cluster.client('admin').create(apiPath('v1', 'configmaps', 'default'), {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'default' },
      data: { mode: 'fast' },
    });
    advanceUntil(
      cluster,
      () =>
        getPod(cluster, 'env')?.status?.phase === 'Running' &&
        getPod(cluster, 'vol')?.status?.phase === 'Running',
      60_000,
    );
  });

  it('gives a replacement pod a new IP (released IPs cool down)', () => {
    const cluster = bootCluster({ workers: 1 });
    const admin = cluster.client('admin');
    createPod(cluster, { metadata: { name: 'a' }, spec: { containers: [{ name: 'app', image }] } });
    advanceUntil(cluster, () => !!getPod(cluster, 'a')?.status?.podIP, 30_000);
    const first = getPod(cluster, 'a')!.status!.podIP;
    admin.delete(apiPath('v1', 'pods', 'default', 'a'));
    advanceUntil(cluster, () => getPod(cluster, 'a') === undefined, 30_000);
    createPod(cluster, { metadata: { name: 'a' }, spec: { containers: [{ name: 'app', image }] } });
    advanceUntil(cluster, () => !!getPod(cluster, 'a')?.status?.podIP, 30_000);
    expect(getPod(cluster, 'a')!.status!.podIP).not.toBe(first);
  });

  it('shows READY 1/2 with a sidecar that is not ready, and OOMKills a container over its limit', () => {
    const cluster = bootCluster({ workers: 1 });
    createPod(cluster, {
      metadata: { name: 'two', annotations: { 'sim.k8s-explorer.io/fail-readiness': 'proxy' } },
      spec: {
        containers: [
          { name: 'app', image },
          { name: 'proxy', image, readinessProbe: { tcpSocket: { port: 15021 } } },
        ],
      },
    });
    createPod(cluster, {
      metadata: { name: 'oom', annotations: { 'sim.k8s-explorer.io/memory-usage': '300Mi' } },
      spec: { containers: [{ name: 'app', image, resources: { limits: { memory: '128Mi' } } }] },
    });
    cluster.clock.advance(20_000);
    const ready = getPod(cluster, 'two')?.status?.containerStatuses?.map((s) => s.ready);
    expect(ready).toEqual([true, false]);
    const oom = getPod(cluster, 'oom')?.status?.containerStatuses?.[0];
    expect(oom?.restartCount).toBeGreaterThanOrEqual(1);
    expect(oom?.lastState?.terminated).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });
    expect(getPod(cluster, 'oom')?.status?.qosClass).toBe('Burstable');
  });
});
