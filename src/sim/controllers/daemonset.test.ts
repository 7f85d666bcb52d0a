import { describe, expect, it } from 'vitest';
import { apiPath } from '../client.ts';
import { nodeObject } from '../node/index.ts';
import { clusterNodes, resolveOptions } from '../topology.ts';
import { createHarness } from './testing/harness.ts';
import type { DaemonSet } from './daemonset.ts';
import { nodeShouldRunDaemonPod } from './daemonset-util.ts';
import type { Pod } from './util.ts';

const ds = (): DaemonSet => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'fluentd', namespace: 'default' },
  spec: {
    selector: { matchLabels: { app: 'fluentd' } },
    template: {
      metadata: { labels: { app: 'fluentd' } },
      spec: { containers: [{ name: 'fluentd', image: 'fluentd:v1' }] },
    },
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
  },
});

const nodeOf = (name: string) => (p: Pod) =>
  (
    p.spec as {
      affinity?: {
        nodeAffinity?: {
          requiredDuringSchedulingIgnoredDuringExecution?: {
            nodeSelectorTerms?: { matchFields?: { values?: string[] }[] }[];
          };
        };
      };
    }
  ).affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]
    ?.matchFields?.[0]?.values?.[0] === name;

describe('daemonset controller', () => {
  it('runs one pinned, tolerant pod per node and follows nodes added and removed', () => {
    const h = createHarness({ workers: 2, kubelet: { readyAfterMs: 1000 } });
    h.client.create(apiPath('apps/v1', 'daemonsets', 'default'), ds());
    h.clock.advance(10_000);
    let pods = h.list<Pod>('pods');
    expect(pods).toHaveLength(2);
    expect(pods.some(nodeOf('worker-1')) && pods.some(nodeOf('worker-2'))).toBe(true);
    const tolerations = (pods[0].spec as { tolerations?: { key: string }[] }).tolerations?.map(
      (t) => t.key,
    );
    expect(tolerations).toEqual([
      'node.kubernetes.io/not-ready',
      'node.kubernetes.io/unreachable',
      'node.kubernetes.io/disk-pressure',
      'node.kubernetes.io/memory-pressure',
      'node.kubernetes.io/pid-pressure',
      'node.kubernetes.io/unschedulable',
    ]);
    const spec = clusterNodes(resolveOptions({ workers: 3 }))[3];
    h.client.create(apiPath('v1', 'nodes'), nodeObject(spec, h.clock.now()));
    h.clock.advance(10_000);
    pods = h.list<Pod>('pods');
    expect(pods).toHaveLength(3);
    expect(pods.some(nodeOf('worker-3'))).toBe(true);
    const status = h.get<DaemonSet>('daemonsets', 'default', 'fluentd')?.status;
    expect(status).toMatchObject({
      desiredNumberScheduled: 3,
      currentNumberScheduled: 3,
      numberReady: 3,
      numberAvailable: 3,
      updatedNumberScheduled: 3,
      numberMisscheduled: 0,
    });
    h.client.delete(apiPath('v1', 'nodes', undefined, 'worker-3'));
    h.clock.advance(10_000);
    expect(
      h.get<DaemonSet>('daemonsets', 'default', 'fluentd')?.status?.desiredNumberScheduled,
    ).toBe(2);
  });

  it('skips nodes with untolerated taints and non-matching selectors', () => {
    const node = {
      metadata: { name: 'n', labels: { disk: 'ssd' } },
      spec: { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] },
    };
    expect(nodeShouldRunDaemonPod({}, node)).toEqual({
      shouldRun: false,
      shouldContinueRunning: true,
    });
    expect(
      nodeShouldRunDaemonPod(
        {
          tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }],
        },
        node,
      ).shouldRun,
    ).toBe(true);
    expect(
      nodeShouldRunDaemonPod(
        { nodeSelector: { disk: 'hdd' }, tolerations: [{ operator: 'Exists' }] },
        node,
      ).shouldRun,
    ).toBe(false);
    const unschedulable = {
      metadata: { name: 'u' },
      spec: {
        unschedulable: true,
        taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }],
      },
    };
    expect(nodeShouldRunDaemonPod({}, unschedulable).shouldRun).toBe(true);
    const noExec = {
      metadata: { name: 'x' },
      spec: { taints: [{ key: 'k', effect: 'NoExecute' }] },
    };
    expect(nodeShouldRunDaemonPod({}, noExec)).toEqual({
      shouldRun: false,
      shouldContinueRunning: false,
    });
  });

  it('rolls an update one node at a time', () => {
    const h = createHarness({ workers: 3, kubelet: { readyAfterMs: 2000 } });
    h.client.create(apiPath('apps/v1', 'daemonsets', 'default'), ds());
    h.clock.advance(10_000);
    h.client.patch(apiPath('apps/v1', 'daemonsets', 'default', 'fluentd'), {
      spec: { template: { spec: { containers: [{ name: 'fluentd', image: 'fluentd:v2' }] } } },
    });
    for (const end = h.clock.now() + 120_000; h.clock.now() < end;) {
      h.clock.step();
      const ready = h
        .list<Pod>('pods')
        .filter((p) =>
          p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
        );
      expect(ready.length).toBeGreaterThanOrEqual(2);
    }
    const status = h.get<DaemonSet>('daemonsets', 'default', 'fluentd')?.status;
    expect(status).toMatchObject({ updatedNumberScheduled: 3, numberAvailable: 3 });
  });
});

describe('daemonset surge', () => {
  it('with maxSurge starts the new pod beside the old one before deleting it', () => {
    const h = createHarness({ workers: 2, kubelet: { readyAfterMs: 2000 } });
    const d = ds();
    d.spec = {
      ...d.spec,
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
    };
    h.client.create(apiPath('apps/v1', 'daemonsets', 'default'), d);
    h.clock.advance(10_000);
    h.client.patch(apiPath('apps/v1', 'daemonsets', 'default', 'fluentd'), {
      spec: { template: { spec: { containers: [{ name: 'fluentd', image: 'fluentd:v2' }] } } },
    });
    let maxPods = 0;
    for (const end = h.clock.now() + 120_000; h.clock.now() < end;) {
      h.clock.step();
      const pods = h.list<Pod>('pods');
      maxPods = Math.max(maxPods, pods.length);
      const ready = pods.filter((p) =>
        p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
      );
      expect(ready.length).toBeGreaterThanOrEqual(2);
    }
    expect(maxPods).toBe(3);
    expect(h.get<DaemonSet>('daemonsets', 'default', 'fluentd')?.status).toMatchObject({
      updatedNumberScheduled: 2,
      numberAvailable: 2,
    });
    expect(h.list('pods')).toHaveLength(2);
  });
});
