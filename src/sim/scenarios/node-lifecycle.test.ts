import { describe, expect, it } from 'vitest';
import type { Node } from 'kubernetes-types/core/v1';
import { apiPath } from '../client.ts';
import { addNode, killContainer, removeNode, startNode, stopNode } from '../node/faults.ts';
import {
  advanceUntil,
  bootCluster,
  condition,
  createPod,
  eventsFor,
  getPod,
} from './node-helpers.ts';

function node(cluster: ReturnType<typeof bootCluster>, name: string): Node | undefined {
  const r = cluster.client('admin').get(apiPath('v1', 'nodes', undefined, name));
  return r.ok ? (r.value as Node) : undefined;
}

const readyOf = (n: Node | undefined) => n?.status?.conditions?.find((c) => c.type === 'Ready');

describe('node lifecycle', () => {
  it('a stopped node turns NotReady after the 50 s grace period and its pods are evicted 300 s later', () => {
    const cluster = bootCluster({ workers: 1 });
    createPod(cluster, {
      metadata: { name: 'web' },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.14.2' }] },
    });
    advanceUntil(cluster, () => getPod(cluster, 'web')?.status?.phase === 'Running', 60_000);
    // Leases keep the node Ready for a long time.
    cluster.clock.advance(120_000);
    expect(readyOf(node(cluster, 'worker-1'))?.status).toBe('True');
    const lease = cluster
      .client('admin')
      .get(apiPath('coordination.k8s.io/v1', 'leases', 'kube-node-lease', 'worker-1'));
    const lastRenew = Date.parse(
      (lease.ok && (lease.value.spec as { renewTime: string }).renewTime) || '',
    );
    stopNode(cluster, 'worker-1');
    const stoppedAt = cluster.clock.now();
    advanceUntil(
      cluster,
      () => readyOf(node(cluster, 'worker-1'))?.status === 'Unknown',
      120_000,
      500,
    );
    const notReadyAfter = cluster.clock.now() - lastRenew;
    expect(notReadyAfter).toBeGreaterThan(50_000);
    expect(notReadyAfter).toBeLessThanOrEqual(50_000 + 5_000 + 500);
    const ready = readyOf(node(cluster, 'worker-1'));
    expect(ready).toMatchObject({
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
    });
    cluster.clock.advance(100);
    const taints = node(cluster, 'worker-1')?.spec?.taints ?? [];
    expect(taints.map((t) => `${t.key}:${t.effect}`).sort()).toEqual([
      'node.kubernetes.io/unreachable:NoExecute',
      'node.kubernetes.io/unreachable:NoSchedule',
    ]);
    // The pod keeps its last reported state, but is marked not ready.
    expect(getPod(cluster, 'web')?.status?.phase).toBe('Running');
    expect(condition(getPod(cluster, 'web'), 'Ready')?.status).toBe('False');
    const taintedAt = cluster.clock.now();
    cluster.clock.advance(299_000);
    expect(getPod(cluster, 'web')?.metadata?.deletionTimestamp).toBeUndefined();
    advanceUntil(cluster, () => !!getPod(cluster, 'web')?.metadata?.deletionTimestamp, 5_000, 100);
    expect(cluster.clock.now() - taintedAt).toBeGreaterThanOrEqual(299_000);
    expect(cluster.clock.now() - stoppedAt).toBeLessThan(50_000 + 5_000 + 301_000);
    expect(eventsFor(cluster, 'web').some((e) => e.reason === 'TaintManagerEviction')).toBe(true);
    // The kubelet is down, so the pod stays Terminating until the node comes back.
    cluster.clock.advance(60_000);
    expect(getPod(cluster, 'web')).toBeDefined();
    startNode(cluster, 'worker-1');
    advanceUntil(cluster, () => getPod(cluster, 'web') === undefined, 60_000);
    advanceUntil(cluster, () => readyOf(node(cluster, 'worker-1'))?.status === 'True', 10_000);
    cluster.clock.advance(1_000);
    expect(node(cluster, 'worker-1')?.spec?.taints ?? []).toEqual([]);
  });

  it('a restarted kubelet re-arms the run time and probes of the pods it adopts', () => {
    const cluster = bootCluster({ workers: 1 });
    createPod(cluster, {
      metadata: { name: 'job' },
      spec: {
        restartPolicy: 'Never',
        containers: [{ name: 'work', image: 'busybox', command: ['sh', '-c', 'sleep 30'] }],
      },
    });
    createPod(cluster, {
      metadata: { name: 'sick', annotations: { 'sim.k8s-explorer.io/fail-liveness': 'true' } },
      spec: {
        containers: [
          {
            name: 'app',
            image: 'nginx',
            livenessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 },
          },
        ],
      },
    });
    advanceUntil(
      cluster,
      () =>
        getPod(cluster, 'job')?.status?.phase === 'Running' &&
        getPod(cluster, 'sick')?.status?.phase === 'Running',
      60_000,
    );
    const started = Date.parse(
      getPod(cluster, 'job')?.status?.containerStatuses?.[0].state?.running?.startedAt ?? '',
    );
    cluster.clock.advance(2_000);
    stopNode(cluster, 'worker-1');
    cluster.clock.advance(60_000);
    // Down: the pods keep their last reported state.
    expect(getPod(cluster, 'job')?.status?.phase).toBe('Running');
    const restartsWhileDown = getPod(cluster, 'sick')?.status?.containerStatuses?.[0].restartCount;
    startNode(cluster, 'worker-1');
    // `sleep 30` had already run out while the kubelet was down: it is seen as exited at once.
    advanceUntil(cluster, () => getPod(cluster, 'job')?.status?.phase === 'Succeeded', 5_000);
    const done = getPod(cluster, 'job')?.status?.containerStatuses?.[0].state?.terminated;
    expect(done).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(Date.parse(done?.startedAt ?? '')).toBe(started);
    // The failing liveness probe runs again and restarts the container (3 failures x 5 s).
    advanceUntil(
      cluster,
      () =>
        (getPod(cluster, 'sick')?.status?.containerStatuses?.[0].restartCount ?? 0) >
        (restartsWhileDown ?? 0),
      40_000,
    );
  });

  it('a restarted node lifecycle controller knows the pods created while it was down', () => {
    const cluster = bootCluster({ workers: 1 });
    const controller = cluster.components.get('node-lifecycle-controller');
    controller?.stop();
    createPod(cluster, {
      metadata: { name: 'web' },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.14.2' }] },
    });
    advanceUntil(cluster, () => getPod(cluster, 'web')?.status?.phase === 'Running', 60_000);
    controller?.start();
    stopNode(cluster, 'worker-1');
    // NotReady after the 50 s grace period, then the pod's 300 s toleration of unreachable.
    advanceUntil(cluster, () => !!getPod(cluster, 'web')?.metadata?.deletionTimestamp, 500_000);
    expect(cluster.clock.now()).toBeGreaterThan(350_000);
  });

  it('adds and removes nodes', () => {
    const cluster = bootCluster({ workers: 1 });
    const name = addNode(cluster);
    expect(name).toBe('worker-2');
    cluster.clock.advance(1_000);
    expect(readyOf(node(cluster, 'worker-2'))?.status).toBe('True');
    expect(cluster.components.get('kubelet/worker-2')?.running()).toBe(true);
    expect(removeNode(cluster, 'worker-2')).toBeUndefined();
    cluster.clock.advance(1_000);
    expect(node(cluster, 'worker-2')).toBeUndefined();
    const third = addNode(cluster);
    cluster.clock.advance(1_000);
    const cidrs = cluster.nodes.map((n) => n.podCIDR);
    expect(new Set(cidrs).size).toBe(cidrs.length);
    expect(readyOf(node(cluster, third))?.status).toBe('True');
  });

  it('restarts a killed container and counts the restart', () => {
    const cluster = bootCluster({ workers: 1 });
    createPod(cluster, {
      metadata: { name: 'web' },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.14.2' }] },
    });
    advanceUntil(
      cluster,
      () => condition(getPod(cluster, 'web'), 'Ready')?.status === 'True',
      60_000,
    );
    const ip = getPod(cluster, 'web')?.status?.podIP;
    expect(killContainer(cluster, 'default', 'web')).toBeUndefined();
    advanceUntil(
      cluster,
      () => getPod(cluster, 'web')?.status?.containerStatuses?.[0].restartCount === 1,
      10_000,
    );
    const status = getPod(cluster, 'web')?.status?.containerStatuses?.[0];
    expect(status?.lastState?.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
    expect(getPod(cluster, 'web')?.status?.podIP).toBe(ip);
  });
});
