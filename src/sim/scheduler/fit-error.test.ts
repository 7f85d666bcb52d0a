import { describe, expect, it } from 'vitest';
import type { Node, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import { createRng } from '../rng.ts';
import type { CycleState, Snapshot } from './framework.ts';
import { fitErrorMessage } from './fit-error.ts';
import { newPodInfo, NodeInfo } from './node-info.ts';
import { DEFAULT_FILTER_PLUGINS, DEFAULT_SCORE_PLUGINS } from './plugins/index.ts';
import { preempt } from './preemption.ts';
import { scheduleOne } from './schedule-one.ts';

function node(
  name: string,
  extra: Partial<Node['spec']> = {},
  labels: Record<string, string> = {},
): NodeInfo {
  return new NodeInfo({
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
    spec: extra,
    status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' } },
  });
}

function pod(name: string, cpu: string, extra: Partial<Pod['spec']> = {}): Pod {
  return {
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: {
      containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu } } }],
      ...extra,
    },
  };
}

function snapshot(nodes: NodeInfo[], claims: PersistentVolumeClaim[] = []): Snapshot {
  return {
    nodes,
    byName: new Map(nodes.map((n) => [n.name, n])),
    pvc: (ns, name) =>
      claims.find((c) => c.metadata?.namespace === ns && c.metadata?.name === name),
    pv: () => undefined,
    storageClass: () => undefined,
  };
}

function attempt(p: Pod, nodes: NodeInfo[], priority = 0, claims: PersistentVolumeClaim[] = []) {
  const state: CycleState = {
    pod: p,
    podInfo: newPodInfo(p, priority),
    snapshot: snapshot(nodes, claims),
    data: new Map(),
  };
  const outcome = scheduleOne(
    state,
    { filters: DEFAULT_FILTER_PLUGINS, scores: DEFAULT_SCORE_PLUGINS },
    createRng(1),
    { next: 0 },
  );
  if (outcome.node) return { outcome, message: undefined };
  const diagnosis = outcome.diagnosis!;
  const result = preempt(state, DEFAULT_FILTER_PLUGINS, diagnosis.nodeToStatus);
  diagnosis.postFilterMsg = result.message;
  return { outcome, message: fitErrorMessage(diagnosis), result };
}

const controlPlane = () =>
  node('control-plane', {
    taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
  });

describe('FitError message', () => {
  it('matches kube-scheduler 1.32 for a pod too big for every worker', () => {
    const nodes = [controlPlane(), node('worker-1'), node('worker-2'), node('worker-3')];
    const { message } = attempt(pod('big', '5'), nodes);
    expect(message).toBe(
      '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. ' +
        'preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod..',
    );
  });

  it('sorts reasons as strings and counts several reasons per node', () => {
    const nodes = [node('a'), node('b', { unschedulable: true })];
    const p = pod('x', '5');
    p.spec!.containers[0].resources = { requests: { cpu: '5', memory: '20Gi' } };
    const { message } = attempt(p, nodes);
    expect(message).toMatch(
      /^0\/2 nodes are available: 1 Insufficient cpu, 1 Insufficient memory, 1 node\(s\) were unschedulable\. preemption: /,
    );
  });

  it('reports a PreFilter rejection once', () => {
    const p = pod('x', '1', {
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
    });
    const { message } = attempt(p, [node('a'), node('b')]);
    expect(message).toBe(
      '0/2 nodes are available: persistentvolumeclaim "data" not found. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling..',
    );
  });

  it('does not try preemption for lost or deleting claims (UnschedulableAndUnresolvable)', () => {
    const p = pod('x', '1', {
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
    });
    const claim = (extra: Partial<PersistentVolumeClaim>): PersistentVolumeClaim => ({
      metadata: { name: 'data', namespace: 'default' },
      spec: { volumeName: 'pv-1' },
      ...extra,
    });
    const tail =
      ' preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling..';
    const lost = attempt(p, [node('a'), node('b')], 0, [claim({ status: { phase: 'Lost' } })]);
    expect(lost.message).toBe(
      '0/2 nodes are available: persistentvolumeclaim "data" bound to non-existent persistentvolume "pv-1".' +
        tail,
    );
    const deleting = attempt(p, [node('a'), node('b')], 0, [
      claim({
        metadata: {
          name: 'data',
          namespace: 'default',
          deletionTimestamp: '2026-01-01T00:00:00Z',
        },
        status: { phase: 'Bound' },
      }),
    ]);
    expect(deleting.message).toBe(
      '0/2 nodes are available: persistentvolumeclaim "data" is being deleted.' + tail,
    );
  });

  it('names node selector and affinity mismatches', () => {
    const { message } = attempt(pod('x', '1', { nodeSelector: { disk: 'ssd' } }), [
      node('a'),
      node('b', {}, { disk: 'hdd' }),
    ]);
    expect(message).toContain("2 node(s) didn't match Pod's node affinity/selector.");
    expect(message).toContain('2 Preemption is not helpful for scheduling');
  });
});

describe('filters and scores', () => {
  it('spreads pods of one owner and honours taints, tolerations and node selectors', () => {
    const nodes = [controlPlane(), node('w1', {}, { disk: 'ssd' }), node('w2')];
    expect(attempt(pod('a', '1', { nodeSelector: { disk: 'ssd' } }), nodes).outcome.node).toBe(
      'w1',
    );
    const tolerant = pod('b', '1', {
      nodeSelector: { 'kubernetes.io/hostname': 'control-plane' },
      tolerations: [
        { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
      ],
    });
    expect(attempt(tolerant, nodes).outcome.node).toBe('control-plane');
  });

  it('keeps required anti-affinity pods apart', () => {
    const nodes = [node('w1'), node('w2')];
    const anti = (name: string) =>
      pod(name, '100m', {
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              {
                labelSelector: { matchLabels: { tier: 'db' } },
                topologyKey: 'kubernetes.io/hostname',
              },
            ],
          },
        },
      });
    const first = anti('db-0');
    first.metadata!.labels = { tier: 'db' };
    const r1 = attempt(first, nodes);
    nodes
      .find((n) => n.name === r1.outcome.node)!
      .addPod(newPodInfo({ ...first, spec: { ...first.spec!, nodeName: r1.outcome.node } }, 0));
    const second = anti('db-1');
    second.metadata!.labels = { tier: 'db' };
    const r2 = attempt(second, nodes);
    expect(r2.outcome.node).toBeDefined();
    expect(r2.outcome.node).not.toBe(r1.outcome.node);
    nodes
      .find((n) => n.name === r2.outcome.node)!
      .addPod(newPodInfo({ ...second, spec: { ...second.spec!, nodeName: r2.outcome.node } }, 0));
    const third = anti('db-2');
    third.metadata!.labels = { tier: 'db' };
    expect(attempt(third, nodes).message).toContain(
      "2 node(s) didn't satisfy existing pods anti-affinity rules",
    );
  });

  it('enforces topology spread maxSkew', () => {
    const nodes = [node('w1', {}, { zone: 'a' }), node('w2', {}, { zone: 'b' })];
    const spread = (name: string) =>
      pod(name, '100m', {
        topologySpreadConstraints: [
          {
            maxSkew: 1,
            topologyKey: 'zone',
            whenUnsatisfiable: 'DoNotSchedule',
            labelSelector: { matchLabels: { app: 'web' } },
          },
        ],
      });
    for (let i = 0; i < 2; i++)
      nodes[0].addPod(
        newPodInfo(
          {
            metadata: { name: `p${i}`, namespace: 'default', labels: { app: 'web' } },
            spec: { containers: [], nodeName: 'w1' },
          },
          0,
        ),
      );
    const p = spread('web-new');
    p.metadata!.labels = { app: 'web' };
    const r = attempt(p, nodes);
    expect(r.outcome.node).toBe('w2');
    expect(r.outcome.rejected).toEqual([
      {
        node: 'w1',
        plugin: 'PodTopologySpread',
        reasons: ["node(s) didn't match pod topology spread constraints"],
      },
    ]);
  });

  it('preempts lower-priority pods for a higher-priority pod', () => {
    const nodes = [node('w1')];
    nodes[0].addPod(newPodInfo(pod('low', '3'), 0));
    const r = attempt(pod('high', '2'), nodes, 1000);
    expect(r.result?.node).toBe('w1');
    expect(r.result?.victims.map((v) => v.key)).toEqual(['default/low']);
    expect(r.message).toBe('0/1 nodes are available: 1 Insufficient cpu.');
  });

  it('counts pods against allocatable pods', () => {
    const n = node('w1');
    n.allowedPods = 1;
    n.addPod(newPodInfo(pod('a', '0'), 0));
    expect(attempt(pod('b', '0'), [n]).message).toContain('1 Too many pods.');
  });

  it('evaluates only the named node for DaemonSet-style metadata.name affinity', () => {
    const nodes = [node('w1'), node('w2'), node('w3')];
    const ds = pod('ds', '100m', {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['w2'] }] },
            ],
          },
        },
      },
    });
    const r = attempt(ds, nodes);
    expect(r.outcome.node).toBe('w2');
    expect(r.outcome.evaluatedNodes).toBe(1);
    nodes[1].unschedulable = true;
    expect(attempt(ds, nodes).message).toBe(
      "0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) didn't match Pod's node affinity/selector. " +
        'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..',
    );
  });
});
