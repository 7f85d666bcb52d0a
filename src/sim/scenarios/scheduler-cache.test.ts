import { describe, expect, it } from 'vitest';
import { addNode } from '../node/faults.ts';
import { advanceUntil, bootCluster, condition, createPod, getPod } from './node-helpers.ts';

describe('scheduler cache', () => {
  it('counts a pod bound to a node before the node joined, once it joins', () => {
    const cluster = bootCluster({ workers: 1 });
    // Bound by name to a node that does not exist yet (as after a restore or a manual bind).
    createPod(cluster, {
      metadata: { name: 'early' },
      spec: {
        nodeName: 'worker-2',
        containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '3' } } }],
      },
    });
    cluster.clock.advance(2_000);
    expect(addNode(cluster)).toBe('worker-2');
    advanceUntil(cluster, () => getPod(cluster, 'early')?.status?.phase === 'Running', 60_000);
    createPod(cluster, {
      metadata: { name: 'late' },
      spec: {
        nodeSelector: { 'kubernetes.io/hostname': 'worker-2' },
        containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '2' } } }],
      },
    });
    advanceUntil(cluster, () => condition(getPod(cluster, 'late'), 'PodScheduled') !== undefined);
    const scheduled = condition(getPod(cluster, 'late'), 'PodScheduled');
    expect(scheduled?.status).toBe('False');
    expect(scheduled?.message).toContain('Insufficient cpu');
  });
});
