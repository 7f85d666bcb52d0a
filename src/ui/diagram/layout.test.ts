import { describe, expect, it } from 'vitest';
import { frameId, layoutDiagram, PENDING_LANE_ID, type DiagramModel } from './layout';
import { cpuMillis, formatCores, requestedCpuOn } from './model';
import { SlotAllocator } from './slots';

const cluster = (
  pods: DiagramModel['pods'],
  services: DiagramModel['services'] = [],
): DiagramModel => ({
  nodes: [
    { name: 'worker-10', controlPlane: false },
    { name: 'worker-2', controlPlane: false },
    { name: 'control-plane', controlPlane: true },
    { name: 'worker-1', controlPlane: false },
  ],
  pods,
  services,
});

const byId = (nodes: ReturnType<typeof layoutDiagram>['nodes']) =>
  new Map(nodes.map((n) => [n.id, n]));

describe('layoutDiagram', () => {
  it('draws the control plane above the workers, workers in name order, pending lane first', () => {
    const { nodes } = layoutDiagram(cluster([]), new SlotAllocator());
    const map = byId(nodes);
    const cp = map.get(frameId('control-plane'));
    const workers = ['worker-1', 'worker-2', 'worker-10'].map((n) => map.get(frameId(n)));
    expect(cp?.type).toBe('controlPlane');
    for (const w of workers) expect(w?.position.y).toBeGreaterThan(cp?.position.y ?? Infinity);
    const xs = workers.map((w) => w?.position.x ?? 0);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    expect(map.get(PENDING_LANE_ID)?.position.x).toBeLessThan(xs[0]);
  });

  it('puts pods inside their node frame, unscheduled ones in the lane, parents before children', () => {
    const { nodes } = layoutDiagram(
      cluster([
        { key: 'default/a', nodeName: 'worker-2' },
        { key: 'default/b', nodeName: '' },
        { key: 'default/c', nodeName: 'gone-node' },
      ]),
      new SlotAllocator(),
    );
    const map = byId(nodes);
    expect(map.get('pod/default/a')?.parentId).toBe(frameId('worker-2'));
    expect(map.get('pod/default/b')?.parentId).toBe(PENDING_LANE_ID);
    expect(map.get('pod/default/c')?.parentId).toBe(PENDING_LANE_ID);
    const index = new Map(nodes.map((n, i) => [n.id, i]));
    for (const n of nodes) {
      if (n.parentId) expect(index.get(n.parentId)).toBeLessThan(index.get(n.id) ?? -1);
    }
  });

  it('keeps pods in place when another pod is added to the same node', () => {
    const slots = new SlotAllocator();
    const before = byId(
      layoutDiagram(cluster([{ key: 'default/web-b', nodeName: 'worker-1' }]), slots).nodes,
    );
    const after = byId(
      layoutDiagram(
        cluster([
          { key: 'default/web-b', nodeName: 'worker-1' },
          { key: 'default/web-a', nodeName: 'worker-1' },
        ]),
        slots,
      ).nodes,
    );
    expect(after.get('pod/default/web-b')?.position).toEqual(
      before.get('pod/default/web-b')?.position,
    );
    expect(after.get('pod/default/web-a')?.position.y).toBeGreaterThan(
      after.get('pod/default/web-b')?.position.y ?? Infinity,
    );
  });

  it('grows a frame to hold its pods and draws service edges to the pods it selects', () => {
    const pods = Array.from({ length: 5 }, (_, i) => ({
      key: `default/p${i}`,
      nodeName: 'worker-1',
    }));
    const { nodes, edges } = layoutDiagram(
      cluster(pods, [{ key: 'default/svc', pods: ['default/p0', 'default/p9'] }]),
      new SlotAllocator(),
    );
    const frame = byId(nodes).get(frameId('worker-1'));
    const last = byId(nodes).get('pod/default/p4');
    expect(Number(frame?.style?.height)).toBeGreaterThan((last?.position.y ?? 0) + 40);
    expect(edges.map((e) => `${e.source}->${e.target}`)).toEqual([
      'service/default/svc->pod/default/p0',
    ]);
  });
});

describe('node resources', () => {
  it('sums CPU requests of the pods bound to a node that still hold them', () => {
    const pod = (node: string, cpu: string[], phase = 'Running') => ({
      spec: {
        nodeName: node,
        containers: cpu.map((c) => ({ resources: { requests: { cpu: c } } })),
      },
      status: { phase },
    });
    const state = {
      objects: {
        Pod: {
          a: pod('worker-1', ['250m', '0.5']),
          b: pod('worker-1', ['1']),
          c: pod('worker-1', ['2'], 'Succeeded'),
          d: pod('worker-2', ['3']),
        },
      },
      synced: {},
    };
    expect(requestedCpuOn(state, 'worker-1')).toBe(1750);
    expect(cpuMillis('100m')).toBe(100);
    expect(cpuMillis(undefined)).toBe(0);
    expect(formatCores(1750)).toBe('1.75');
  });
});
