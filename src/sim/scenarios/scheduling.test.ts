import { describe, expect, it } from 'vitest';
import { apiPath } from '../client.ts';
import { stopScheduler, startScheduler } from '../node/faults.ts';
import {
  advanceUntil,
  bootCluster,
  condition,
  createPod,
  eventsFor,
  getPod,
  listPods,
} from './node-helpers.ts';

const nginx = (name: string, extra: Record<string, unknown> = {}) => ({
  metadata: { name, labels: { app: name } },
  spec: { containers: [{ name: 'nginx', image: 'nginx:1.14.2' }], ...extra },
});

describe('scheduling scenarios', () => {
  it('boots a default cluster: 4 nodes Ready, control-plane mirror pods Running', () => {
    const cluster = bootCluster();
    const nodes = cluster.client('admin').list(apiPath('v1', 'nodes'));
    expect(nodes.ok && nodes.value.items.length).toBe(4);
    for (const n of nodes.ok ? nodes.value.items : []) {
      const ready = (
        n.status as { conditions: { type: string; status: string }[] }
      ).conditions.find((c) => c.type === 'Ready');
      expect(ready?.status).toBe('True');
    }
    const system = listPods(cluster, 'kube-system');
    for (const name of ['kube-apiserver', 'etcd', 'kube-scheduler', 'kube-controller-manager']) {
      const pod = system.find((p) => p.metadata?.name === `${name}-control-plane`);
      expect(pod?.status?.phase).toBe('Running');
      expect(pod?.status?.podIP).toBe('172.18.0.2');
      expect(pod?.metadata?.annotations?.['kubernetes.io/config.mirror']).toBeDefined();
      expect(pod?.metadata?.ownerReferences?.[0].kind).toBe('Node');
    }
    const dns = cluster.client('admin').get(apiPath('v1', 'services', 'kube-system', 'kube-dns'));
    expect(dns.ok && (dns.value.spec as { clusterIP: string }).clusterIP).toBe('10.96.0.10');
  });

  it('boots an HA control plane: mirror pods on each of three control-plane nodes', () => {
    const cluster = bootCluster({ controlPlanes: 3, workers: 1 });
    const system = listPods(cluster, 'kube-system');
    for (const cp of ['control-plane-1', 'control-plane-2', 'control-plane-3']) {
      const etcd = system.find((p) => p.metadata?.name === `etcd-${cp}`);
      expect(etcd?.spec?.nodeName).toBe(cp);
      expect(etcd?.status?.phase).toBe('Running');
      expect(etcd?.spec?.containers[0].command).toContain(
        '--initial-cluster=control-plane-1=https://172.18.0.2:2380,control-plane-2=https://172.18.0.3:2380,control-plane-3=https://172.18.0.4:2380',
      );
    }
  });

  it('schedules a bare pod to a worker, pulls, runs it with an IP from the node CIDR', () => {
    const cluster = bootCluster();
    createPod(cluster, nginx('web'));
    advanceUntil(
      cluster,
      () => condition(getPod(cluster, 'web'), 'Ready')?.status === 'True',
      60_000,
    );
    const pod = getPod(cluster, 'web')!;
    const node = cluster.nodes.find((n) => n.name === pod.spec?.nodeName)!;
    expect(node.role).toBe('worker');
    expect(pod.status?.podIP?.startsWith(node.podCIDR.replace('0/24', ''))).toBe(true);
    expect(pod.status?.containerStatuses?.[0].containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    const reasons = eventsFor(cluster, 'web').map((e) => `${e.reason}: ${e.message}`);
    expect(reasons[0]).toBe(`Scheduled: Successfully assigned default/web to ${node.name}`);
    expect(reasons.slice(1)).toEqual([
      'Pulling: Pulling image "nginx:1.14.2"',
      expect.stringMatching(
        /^Pulled: Successfully pulled image "nginx:1\.14\.2" in [0-9.]+m?s \([0-9.]+m?s including waiting\)\. Image size: 72080558 bytes\.$/,
      ),
      'Created: Created container: nginx',
      'Started: Started container nginx',
    ]);
  });

  it('explains a pod too big for every node with the exact FailedScheduling message', () => {
    const cluster = bootCluster();
    createPod(
      cluster,
      nginx('big', {
        containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '5' } } }],
      }),
    );
    cluster.clock.advance(1_000);
    const message =
      '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. ' +
      'preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod..';
    const pod = getPod(cluster, 'big');
    expect(condition(pod, 'PodScheduled')).toMatchObject({
      status: 'False',
      reason: 'Unschedulable',
      message,
    });
    const event = eventsFor(cluster, 'big').find((e) => e.reason === 'FailedScheduling');
    expect(event).toMatchObject({
      type: 'Warning',
      message,
      source: { component: 'default-scheduler' },
    });
  });

  it('honours nodeSelector, taints and required anti-affinity', () => {
    const cluster = bootCluster({ workers: 3 });
    const admin = cluster.client('admin');
    admin.patch(apiPath('v1', 'nodes', undefined, 'worker-2'), {
      metadata: { labels: { disk: 'ssd' } },
    });
    admin.patch(apiPath('v1', 'nodes', undefined, 'worker-3'), {
      spec: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] },
    });
    cluster.clock.advance(100);
    createPod(cluster, nginx('ssd', { nodeSelector: { disk: 'ssd' } }));
    const anti = (name: string) =>
      nginx(name, {
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              {
                labelSelector: { matchLabels: { role: 'db' } },
                topologyKey: 'kubernetes.io/hostname',
              },
            ],
          },
        },
      });
    for (const name of ['db-0', 'db-1', 'db-2']) {
      const p = anti(name);
      (p.metadata as { labels: Record<string, string> }).labels.role = 'db';
      createPod(cluster, p);
    }
    cluster.clock.advance(2_000);
    expect(getPod(cluster, 'ssd')?.spec?.nodeName).toBe('worker-2');
    const placed = ['db-0', 'db-1', 'db-2'].map((n) => getPod(cluster, n)?.spec?.nodeName);
    expect(placed.filter(Boolean).sort()).toEqual(['worker-1', 'worker-2']);
    const pending = ['db-0', 'db-1', 'db-2'].find((n) => !getPod(cluster, n)?.spec?.nodeName)!;
    expect(condition(getPod(cluster, pending), 'PodScheduled')?.message).toBe(
      "0/4 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't satisfy existing pods anti-affinity rules. " +
        'preemption: 0/4 nodes are available: 2 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling..',
    );
    // Removing the taint is a cluster event: the pending pod is retried and lands on worker-3.
    admin.patch(apiPath('v1', 'nodes', undefined, 'worker-3'), { spec: { taints: null } });
    advanceUntil(cluster, () => !!getPod(cluster, pending)?.spec?.nodeName, 30_000);
    expect(getPod(cluster, pending)?.spec?.nodeName).toBe('worker-3');
  });

  it('keeps pods Pending while the scheduler is down and schedules them when it is back', () => {
    const cluster = bootCluster();
    expect(stopScheduler(cluster)).toBeUndefined();
    expect(cluster.components.get('kube-scheduler')?.running()).toBe(false);
    createPod(cluster, nginx('waiting'));
    cluster.clock.advance(60_000);
    expect(getPod(cluster, 'waiting')?.spec?.nodeName).toBeUndefined();
    expect(getPod(cluster, 'waiting')?.status?.phase).toBe('Pending');
    startScheduler(cluster);
    advanceUntil(cluster, () => getPod(cluster, 'waiting')?.status?.phase === 'Running', 30_000);
  });

  it('holds the kube-scheduler leader-election Lease and stops renewing it while down', () => {
    const cluster = bootCluster({ workers: 1 });
    const lease = () => {
      const r = cluster
        .client('admin')
        .get(apiPath('coordination.k8s.io/v1', 'leases', 'kube-system', 'kube-scheduler'));
      return r.ok ? (r.value.spec as Record<string, unknown>) : undefined;
    };
    const manager = cluster
      .client('admin')
      .get(apiPath('coordination.k8s.io/v1', 'leases', 'kube-system', 'kube-controller-manager'));
    expect(lease()).toMatchObject({ leaseDurationSeconds: 15, leaseTransitions: 0 });
    expect(String(lease()?.holderIdentity)).toMatch(/^control-plane_[0-9a-f-]{36}$/);
    // Another process than kube-controller-manager: another identity.
    expect(lease()?.holderIdentity).not.toBe(
      manager.ok && (manager.value.spec as { holderIdentity: string }).holderIdentity,
    );
    const renewed = lease()?.renewTime;
    cluster.clock.advance(2_000);
    expect(lease()?.renewTime).not.toBe(renewed);
    stopScheduler(cluster);
    const stopped = lease()?.renewTime;
    cluster.clock.advance(20_000);
    expect(lease()?.renewTime).toBe(stopped);
    startScheduler(cluster);
    cluster.clock.advance(2_000);
    expect(lease()?.renewTime).not.toBe(stopped);
  });

  it('spreads with topologySpreadConstraints across zones', () => {
    const cluster = bootCluster({ workers: 4, zones: ['a', 'b'] });
    for (let i = 0; i < 6; i++) {
      const p = nginx(`spread-${i}`, {
        topologySpreadConstraints: [
          {
            maxSkew: 1,
            topologyKey: 'topology.kubernetes.io/zone',
            whenUnsatisfiable: 'DoNotSchedule',
            labelSelector: { matchLabels: { group: 'spread' } },
          },
        ],
      });
      (p.metadata as { labels: Record<string, string> }).labels.group = 'spread';
      createPod(cluster, p);
      cluster.clock.advance(200);
    }
    const zones = listPods(cluster, 'default').map(
      (p) =>
        cluster.nodes.find((n) => n.name === p.spec?.nodeName)?.labels[
          'topology.kubernetes.io/zone'
        ],
    );
    expect(zones.filter((z) => z === 'a').length).toBe(3);
    expect(zones.filter((z) => z === 'b').length).toBe(3);
  });

  it('preempts a lower-priority pod for a higher-priority one and explains the decision', () => {
    const cluster = bootCluster({ workers: 1 });
    const admin = cluster.client('admin');
    admin.create(apiPath('scheduling.k8s.io/v1', 'priorityclasses'), {
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: 'high' },
      value: 1000,
    });
    const big = (name: string, extra: Record<string, unknown> = {}) =>
      nginx(name, {
        containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '3' } } }],
        ...extra,
      });
    createPod(cluster, big('low'));
    advanceUntil(cluster, () => getPod(cluster, 'low')?.status?.phase === 'Running', 30_000);
    createPod(cluster, big('vip', { priorityClassName: 'high' }));
    cluster.clock.advance(100);
    expect(getPod(cluster, 'vip')?.status?.nominatedNodeName).toBe('worker-1');
    expect(eventsFor(cluster, 'low').find((e) => e.reason === 'Preempted')?.message).toMatch(
      /^Preempted by pod .+ on node worker-1$/,
    );
    expect(condition(getPod(cluster, 'low'), 'DisruptionTarget')?.reason).toBe(
      'PreemptionByScheduler',
    );
    advanceUntil(cluster, () => getPod(cluster, 'vip')?.status?.phase === 'Running', 60_000);
    expect(getPod(cluster, 'low')).toBeUndefined();
    const scheduler = cluster.components.get('kube-scheduler') as unknown as {
      decision(ns: string, name: string): { node?: string; scores: { node: string }[] } | undefined;
    };
    expect(scheduler.decision('default', 'vip')?.node).toBe('worker-1');
  });
});
