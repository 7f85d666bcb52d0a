/** Node-pressure eviction on a simulated cluster, on virtual time. */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { apiPath } from '../client.ts';
import type { Cluster } from '../cluster.ts';
import {
  advanceUntil,
  bootCluster,
  condition,
  createPod,
  eventsFor,
  getPod,
  listPods,
} from '../scenarios/node-helpers.ts';
import {
  compareForMemoryEviction,
  formatBinaryQuantity,
  type RankedPod,
} from './eviction-manager.ts';
import type { Kubelet } from './kubelet.ts';

const Mi = 2 ** 20;
const image = 'registry.k8s.io/pause:3.10';
const capacity = { cpu: '4', memory: '4Gi', pods: '110' };

const kubelet = (c: Cluster, node: string) => c.components.get(`kubelet/${node}`) as Kubelet;
const node = (c: Cluster, name: string) =>
  c.client('admin').get(apiPath('v1', 'nodes', undefined, name)).value as Node | undefined;
const memoryPressure = (c: Cluster, name: string) =>
  node(c, name)?.status?.conditions?.find((x) => x.type === 'MemoryPressure');
const hasPressureTaint = (c: Cluster, name: string) =>
  (node(c, name)?.spec?.taints ?? []).some(
    (t) => t.key === 'node.kubernetes.io/memory-pressure' && t.effect === 'NoSchedule',
  );
const running = (p: Pod | undefined) => p?.status?.phase === 'Running';
const evicted = (p: Pod | undefined) =>
  p?.status?.phase === 'Failed' && p.status.reason === 'Evicted';
// Exact figures (no usage drift), so the messages' quantities are exact.
const EXACT = { 'sim.k8s-explorer.io/usage-drift': '0' };
const usage = (value: string) => ({ 'sim.k8s-explorer.io/memory-usage': value, ...EXACT });
/** Pins the usage of every pod on `nodeName` (kube-proxy, CoreDNS, add-ons) to exact figures. */
const pinUsage = (c: Cluster, nodeName: string) => {
  for (const p of listPods(c).filter((x) => x.spec?.nodeName === nodeName))
    c.client('admin').patch(apiPath('v1', 'pods', p.metadata?.namespace, p.metadata?.name), {
      metadata: { annotations: EXACT },
    });
};
const allRunningOn = (c: Cluster, nodeName: string) =>
  listPods(c)
    .filter((p) => p.spec?.nodeName === nodeName && !evicted(p))
    .every(running);

describe('formatBinaryQuantity', () => {
  it('prints byte counts as resource.Quantity does', () => {
    expect(formatBinaryQuantity(100 * Mi)).toBe('100Mi');
    expect(formatBinaryQuantity(2 * 1024 * Mi)).toBe('2Gi');
    expect(formatBinaryQuantity(1536 * Mi)).toBe('1536Mi');
    expect(formatBinaryQuantity(94209 * 1024)).toBe('94209Ki');
    expect(formatBinaryQuantity(92 * Mi)).toBe('92Mi');
    expect(formatBinaryQuantity(96468993)).toBe('96468993');
    expect(formatBinaryQuantity(0)).toBe('0');
    expect(formatBinaryQuantity(-8 * Mi)).toBe('-8Mi');
  });
});

describe('rankMemoryPressure order', () => {
  it('puts pods over their request first, then lower priority, then the larger excess', () => {
    const pods: Record<string, RankedPod> = {
      guaranteed: { hasStats: true, usage: 500 * Mi, request: 512 * Mi, priority: 0 },
      burstableUnder: { hasStats: true, usage: 50 * Mi, request: 100 * Mi, priority: 0 },
      burstableOver: { hasStats: true, usage: 300 * Mi, request: 100 * Mi, priority: 0 },
      bestEffortSmall: { hasStats: true, usage: 20 * Mi, request: 0, priority: 0 },
      bestEffortBig: { hasStats: true, usage: 400 * Mi, request: 0, priority: 0 },
      important: { hasStats: true, usage: 900 * Mi, request: 0, priority: 1000 },
      starting: { hasStats: false, usage: 0, request: 0, priority: 0 },
    };
    const order = Object.keys(pods).sort((a, b) => compareForMemoryEviction(pods[a], pods[b]));
    expect(order).toEqual([
      'starting',
      'bestEffortBig',
      'burstableOver',
      'bestEffortSmall',
      'important',
      // Neither exceeds its request: the one closer to it (-12Mi against -50Mi) goes first.
      'guaranteed',
      'burstableUnder',
    ]);
  });
});

describe('node-pressure eviction', () => {
  it('sets MemoryPressure and the taint, evicts BestEffort, then Burstable, Guaranteed last, and clears after the transition period', () => {
    const c = bootCluster({ workers: 1, workerCapacity: capacity });
    const k = kubelet(c, 'worker-1');
    createPod(c, {
      metadata: { name: 'best-effort', annotations: usage('40Mi') },
      spec: { nodeName: 'worker-1', containers: [{ name: 'app', image }] },
    });
    createPod(c, {
      metadata: { name: 'burstable', annotations: usage('50Mi') },
      spec: {
        nodeName: 'worker-1',
        containers: [{ name: 'app', image, resources: { requests: { memory: '20Mi' } } }],
      },
    });
    advanceUntil(c, () => allRunningOn(c, 'worker-1'), 120_000);
    c.clock.advance(20_000);
    expect(memoryPressure(c, 'worker-1')?.status).toBe('False');
    expect(hasPressureTaint(c, 'worker-1')).toBe(false);

    // A Guaranteed pod using all of its limit, sized to leave 5Mi available (threshold 100Mi).
    pinUsage(c, 'worker-1');
    c.clock.advance(1_000);
    const before = k.eviction.observe();
    const size = String(before.available - 5 * Mi);
    const resources = { cpu: '100m', memory: size };
    createPod(c, {
      metadata: { name: 'guaranteed', annotations: usage(size) },
      spec: {
        nodeName: 'worker-1',
        containers: [{ name: 'app', image, resources: { requests: resources, limits: resources } }],
      },
    });

    const order: string[] = [];
    const names = ['best-effort', 'burstable', 'guaranteed'];
    advanceUntil(
      c,
      () => {
        for (const n of names) if (!order.includes(n) && evicted(getPod(c, n))) order.push(n);
        return order.length === 3;
      },
      120_000,
    );
    expect(order).toEqual(['best-effort', 'burstable', 'guaranteed']);

    const pressure = memoryPressure(c, 'worker-1');
    expect(pressure).toMatchObject({
      status: 'True',
      reason: 'KubeletHasInsufficientMemory',
      message: 'kubelet has insufficient memory available',
    });
    expect(hasPressureTaint(c, 'worker-1')).toBe(true);

    const be = getPod(c, 'best-effort');
    expect(be?.status?.message).toBe(
      'The node was low on resource: memory. Threshold quantity: 100Mi, available: 5Mi. Container app was using 40Mi, request is 0, has larger consumption of memory. ',
    );
    expect(condition(be, 'DisruptionTarget')).toMatchObject({
      status: 'True',
      reason: 'TerminationByKubelet',
    });
    expect(be?.status?.containerStatuses?.[0]?.state?.terminated).toBeDefined();
    expect(getPod(c, 'burstable')?.status?.message).toBe(
      'The node was low on resource: memory. Threshold quantity: 100Mi, available: 45Mi. Container app was using 50Mi, request is 20Mi, has larger consumption of memory. ',
    );
    expect(getPod(c, 'guaranteed')?.status?.message).toBe(
      'The node was low on resource: memory. Threshold quantity: 100Mi, available: 95Mi. ',
    );
    const evictedEvent = eventsFor(c, 'best-effort').find((e) => e.reason === 'Evicted');
    expect(evictedEvent).toMatchObject({ type: 'Warning', source: { component: 'kubelet' } });
    const nodeEvents = eventsFor(c, 'worker-1', 'default').map((e) => e.reason);
    expect(nodeEvents).toContain('EvictionThresholdMet');
    expect(nodeEvents).toContain('NodeHasInsufficientMemory');
    // Critical kube-system pods on the node were never candidates.
    expect(
      listPods(c, 'kube-system').filter((p) => p.spec?.nodeName === 'worker-1' && evicted(p)),
    ).toEqual([]);

    // The condition holds for the 5 min transition period after the threshold was last met.
    const lastMet = c.clock.now();
    c.clock.advance(4 * 60_000);
    expect(memoryPressure(c, 'worker-1')?.status).toBe('True');
    // Cleared at the first 10 s housekeeping tick once 5 min have passed.
    advanceUntil(c, () => memoryPressure(c, 'worker-1')?.status === 'False', 90_000);
    expect(c.clock.now() - lastMet).toBeGreaterThanOrEqual(5 * 60_000 - 2_000);
    expect(c.clock.now() - lastMet).toBeLessThanOrEqual(5 * 60_000 + 10_000);
    expect(memoryPressure(c, 'worker-1')?.reason).toBe('KubeletHasSufficientMemory');
    advanceUntil(c, () => !hasPressureTaint(c, 'worker-1'), 30_000);
    expect(eventsFor(c, 'worker-1', 'default').map((e) => e.reason)).toContain(
      'NodeHasSufficientMemory',
    );
  });

  it('replaces an evicted Deployment pod on another node and keeps new pods off the pressured one', () => {
    const c = bootCluster({ workers: 2, workerCapacity: capacity });
    const t = c.client('admin');
    t.create(apiPath('apps/v1', 'deployments', 'default'), {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 4,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' }, annotations: usage('100Mi') },
          spec: { containers: [{ name: 'app', image }] },
        },
      },
    });
    const web = () => listPods(c).filter((p) => p.metadata?.labels?.app === 'web');
    advanceUntil(c, () => web().filter(running).length === 4, 120_000);
    const onFirst = web().filter((p) => p.spec?.nodeName === 'worker-1');
    expect(onFirst.length).toBeGreaterThan(0);
    advanceUntil(c, () => allRunningOn(c, 'worker-1'), 60_000);

    // A Burstable pod using exactly its request, sized to leave 50Mi available.
    const obs = kubelet(c, 'worker-1').eviction.observe();
    const hog = String(obs.available - 50 * Mi);
    createPod(c, {
      metadata: { name: 'hog', annotations: usage(hog) },
      spec: {
        nodeName: 'worker-1',
        containers: [{ name: 'app', image, resources: { requests: { memory: hog } } }],
      },
    });
    advanceUntil(c, () => web().some(evicted), 60_000);
    const gone = web().filter(evicted);
    expect(gone).toHaveLength(1);
    expect(gone[0].spec?.nodeName).toBe('worker-1');
    expect(running(getPod(c, 'hog'))).toBe(true);
    expect(hasPressureTaint(c, 'worker-1')).toBe(true);

    // The ReplicaSet replaces it; the scheduler avoids the tainted node.
    advanceUntil(c, () => web().filter(running).length === 4, 60_000);
    const replacement = web().find(
      (p) => running(p) && !onFirst.some((o) => o.metadata?.name === p.metadata?.name),
    );
    expect(replacement?.spec?.nodeName).toBe('worker-2');
    c.clock.advance(30_000);
    expect(web().filter(evicted)).toHaveLength(1);

    // Admission refuses a BestEffort pod bound to the node while it is under pressure.
    createPod(c, {
      metadata: { name: 'late' },
      spec: { nodeName: 'worker-1', containers: [{ name: 'app', image }] },
    });
    advanceUntil(c, () => getPod(c, 'late')?.status?.phase === 'Failed', 10_000);
    expect(getPod(c, 'late')?.status).toMatchObject({
      reason: 'Evicted',
      message: 'Pod was rejected: The node had condition: [MemoryPressure]. ',
    });

    // A pod that may only run there waits for the taint to go.
    createPod(c, {
      metadata: { name: 'picky' },
      spec: {
        nodeSelector: { 'kubernetes.io/hostname': 'worker-1' },
        containers: [{ name: 'app', image }],
      },
    });
    advanceUntil(c, () => eventsFor(c, 'picky').some((e) => e.reason === 'FailedScheduling'));
    const failed = eventsFor(c, 'picky').find((e) => e.reason === 'FailedScheduling');
    expect(failed?.message).toContain('node.kubernetes.io/memory-pressure');
    advanceUntil(c, () => running(getPod(c, 'picky')), 10 * 60_000, 1000);
    expect(getPod(c, 'picky')?.spec?.nodeName).toBe('worker-1');
    expect(memoryPressure(c, 'worker-1')?.status).toBe('False');
  });
});
