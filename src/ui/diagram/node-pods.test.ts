import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../sim/api/types';
import type { ClusterState } from '../store/cluster-store';
import { requestedCpuOn } from './model';
import { pendingCount, podsOnNode, requestedCpu } from './node-pods';

const pod = (
  name: string,
  nodeName: string,
  phase: string,
  extra: { ns?: string; ready?: boolean; cpu?: string; deleting?: boolean } = {},
): KubeObject => ({
  kind: 'Pod',
  metadata: {
    name,
    namespace: extra.ns ?? 'default',
    ...(extra.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
  },
  spec: {
    nodeName,
    containers: [{ name: 'c', resources: { requests: { cpu: extra.cpu ?? '100m' } } }],
  },
  status: { phase, containerStatuses: [{ name: 'c', ready: extra.ready ?? phase === 'Running' }] },
});

const state = (pods: KubeObject[]): ClusterState => ({
  objects: {
    Pod: Object.fromEntries(pods.map((p) => [`${p.metadata?.namespace}/${p.metadata?.name}`, p])),
  },
  synced: {},
});

describe('podsOnNode', () => {
  const pods = [
    pod('b', 'worker-1', 'Running'),
    pod('a', 'worker-1', 'Pending'),
    pod('c', 'worker-1', 'Running', { deleting: true }),
    pod('d', 'worker-2', 'Running'),
    pod('sys', 'worker-1', 'Running', { ns: 'kube-system' }),
  ];

  it('lists a node’s pods in key order with phase class and readiness, and counts by phase', () => {
    const entry = podsOnNode(state(pods), 'worker-1', '');
    expect(entry.pods).toEqual([
      { key: 'default/a', phase: 'pending', ready: false },
      { key: 'default/b', phase: 'running', ready: true },
      { key: 'default/c', phase: 'terminating', ready: true },
    ]);
    expect(entry.counts).toBe('Pending 1 · Running 1 · Terminating 1');
    expect(podsOnNode(state(pods), 'worker-1', '*').pods).toHaveLength(4);
    expect(podsOnNode(state(pods), 'nowhere', '').pods).toEqual([]);
  });

  it('keeps an unchanged node’s entry (same object) when other nodes’ pods change', () => {
    const before = state(pods);
    const one = podsOnNode(before, 'worker-1', '');
    const two = podsOnNode(before, 'worker-2', '');
    const after = state([...pods.slice(0, 3), pod('d', 'worker-2', 'Failed')]);
    expect(podsOnNode(after, 'worker-1', '')).toBe(one);
    expect(podsOnNode(after, 'worker-2', '')).not.toBe(two);
    expect(podsOnNode(after, 'worker-2', '').counts).toBe('Failed 1');
  });

  it('sums requested CPU per node like requestedCpuOn (finished pods hold none)', () => {
    const s = state([
      ...pods,
      pod('done', 'worker-1', 'Succeeded', { cpu: '2' }),
      pod('big', 'worker-2', 'Running', { cpu: '1.5' }),
    ]);
    for (const node of ['worker-1', 'worker-2', 'worker-3'])
      expect(requestedCpu(s, node)).toBe(requestedCpuOn(s, node));
    expect(requestedCpu(s, 'worker-1')).toBe(400);
  });
});

describe('pendingCount', () => {
  it('counts unbound pods that pass the namespace filter, once per Pod map', () => {
    const s = state([
      pod('a', '', 'Pending'),
      pod('b', '', 'Pending', { ns: 'kube-system' }),
      pod('c', 'worker-1', 'Running'),
    ]);
    expect(pendingCount(s, '*')).toBe(2);
    expect(pendingCount(s, 'default')).toBe(1);
    // A new Pod map is counted again.
    const bound = state([pod('a', 'worker-2', 'Pending'), pod('c', 'worker-1', 'Running')]);
    expect(pendingCount(bound, '*')).toBe(0);
  });
});
