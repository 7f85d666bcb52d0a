import type { Edge } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import {
  frameId,
  ghostId,
  layoutDiagram,
  limitNewPods,
  PENDING_LANE_ID,
  reuseUnchanged,
  reuseUnchangedEdges,
  type DiagramModel,
  type DiagramNode,
} from './layout';
import { cpuMillis, formatCores, requestedCpuOn } from './model';
import { GHOST_MS, SlotAllocator } from './slots';
import { grid, gridRows } from './zoom';

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

describe('control plane pods', () => {
  it('sit two to a row in the wide control-plane frame', () => {
    const pods = ['etcd', 'kube-apiserver', 'kube-scheduler'].map((n) => ({
      key: `kube-system/${n}-control-plane`,
      nodeName: 'control-plane',
    }));
    const map = byId(layoutDiagram(cluster(pods), new SlotAllocator()).nodes);
    const [a, b, c] = pods.map((p) => map.get(`pod/${p.key}`)?.position);
    expect(a?.y).toBe(b?.y);
    expect(b?.x).toBeGreaterThan(a?.x ?? Infinity);
    expect(c?.x).toBe(a?.x);
    expect(c?.y).toBeGreaterThan(a?.y ?? Infinity);
  });
});

describe('frames', () => {
  it('never overlap, however many pods each holds', () => {
    const pods = [
      ...Array.from({ length: 7 }, (_, i) => ({
        key: `kube-system/cp${i}`,
        nodeName: 'control-plane',
      })),
      ...Array.from({ length: 4 }, (_, i) => ({ key: `default/w${i}`, nodeName: 'worker-2' })),
      ...Array.from({ length: 3 }, (_, i) => ({ key: `default/p${i}`, nodeName: '' })),
    ];
    const services = Array.from({ length: 6 }, (_, i) => ({ key: `default/s${i}`, pods: [] }));
    const frames = layoutDiagram(cluster(pods, services), new SlotAllocator()).nodes.filter(
      (n) => !n.parentId,
    );
    const box = (n: (typeof frames)[number]) => ({
      x1: n.position.x,
      y1: n.position.y,
      x2: n.position.x + Number(n.style?.width),
      y2: n.position.y + Number(n.style?.height),
    });
    for (const a of frames) {
      for (const b of frames) {
        if (a === b) continue;
        const p = box(a);
        const q = box(b);
        const overlap = p.x1 < q.x2 && q.x1 < p.x2 && p.y1 < q.y2 && q.y1 < p.y2;
        expect(overlap, `${a.id} overlaps ${b.id}`).toBe(false);
      }
    }
  });

  it('hold every pod inside their bounds', () => {
    const pods = Array.from({ length: 5 }, (_, i) => ({
      key: `kube-system/cp${i}`,
      nodeName: 'control-plane',
    }));
    const map = byId(layoutDiagram(cluster(pods), new SlotAllocator()).nodes);
    const frame = map.get(frameId('control-plane'));
    for (const p of pods) {
      const pod = map.get(`pod/${p.key}`);
      expect((pod?.position.y ?? 0) + 50).toBeLessThanOrEqual(Number(frame?.style?.height));
      expect((pod?.position.x ?? 0) + 228).toBeLessThanOrEqual(Number(frame?.style?.width));
    }
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

describe('reuseUnchanged', () => {
  it('keeps the objects of nodes that did not move, so React Flow skips them', () => {
    const slots = new SlotAllocator();
    const first = layoutDiagram(cluster([{ key: 'default/a', nodeName: 'worker-1' }]), slots).nodes;
    const second = reuseUnchanged(
      first,
      layoutDiagram(
        cluster([
          { key: 'default/a', nodeName: 'worker-1' },
          { key: 'default/b', nodeName: 'worker-2' },
        ]),
        slots,
      ).nodes,
    );
    const before = byId(first);
    const after = byId(second);
    expect(after.get('pod/default/a')).toBe(before.get('pod/default/a'));
    expect(after.get(frameId('control-plane'))).toBe(before.get(frameId('control-plane')));
    expect(after.get('pod/default/b')).toBeDefined();
  });

  it('returns the previous list itself when nothing changed, a new one when anything did', () => {
    const slots = new SlotAllocator();
    const model = cluster(
      [
        { key: 'default/a', nodeName: 'worker-1' },
        { key: 'default/b', nodeName: 'worker-2' },
      ],
      [{ key: 'default/web', pods: ['default/a'], notReady: ['default/b'] }],
    );
    const first = layoutDiagram(model, slots);
    const again = layoutDiagram(model, slots);
    expect(again.nodes).not.toBe(first.nodes);
    expect(reuseUnchanged(first.nodes, again.nodes)).toBe(first.nodes);
    expect(reuseUnchangedEdges(first.edges, again.edges)).toBe(first.edges);
    expect(first.edges.length).toBe(2);

    const moved = layoutDiagram(
      cluster(model.pods, [{ key: 'default/web', pods: ['default/a', 'default/b'] }]),
      slots,
    );
    expect(reuseUnchanged(first.nodes, moved.nodes)).toBe(first.nodes);
    // b turned ready: same ids, another class.
    expect(reuseUnchangedEdges(first.edges, moved.edges)).toBe(moved.edges);
    const fewer = layoutDiagram(cluster([model.pods[0]], model.services), slots);
    const reused = reuseUnchanged(first.nodes, fewer.nodes);
    expect(reused).not.toBe(first.nodes);
    expect(reuseUnchangedEdges(first.edges, fewer.edges)).toBe(fewer.edges);
    expect(reuseUnchangedEdges([], [])).toEqual([]);
  });
});

describe('layoutDiagram sizes', () => {
  it('gives every element but pods its size as width and height (the minimap draws those)', () => {
    const layout = layoutDiagram(
      cluster([{ key: 'default/a', nodeName: 'worker-1' }], [{ key: 'default/web', pods: [] }]),
      new SlotAllocator(),
    );
    const pods = layout.nodes.filter((n) => n.type === 'pod');
    const others = layout.nodes.filter((n) => n.type !== 'pod');
    expect(pods.length).toBeGreaterThan(0);
    expect(others.map((n) => n.type)).toEqual(
      expect.arrayContaining(['worker', 'pending', 'service']),
    );
    for (const n of pods) expect(n.width).toBeUndefined();
    for (const n of others) {
      expect(n.width).toBe(n.style?.width);
      expect(n.height).toBe(n.style?.height);
      expect(n.width).toBeGreaterThan(0);
    }
  });
});

describe('reuseUnchangedEdges', () => {
  const edge = (id: string, extra: Partial<Edge> = {}): Edge => ({
    id,
    source: 's',
    target: `t-${id}`,
    ...extra,
  });

  it('compares every drawn field of each edge, in order', () => {
    const previous = [edge('1'), edge('2', { label: 'a.example/', labelBgPadding: [4, 2] })];
    expect(
      reuseUnchangedEdges(previous, [
        edge('1'),
        edge('2', { label: 'a.example/', labelBgPadding: [4, 2] }),
      ]),
    ).toBe(previous);
    for (const changed of [
      [edge('2', { label: 'a.example/', labelBgPadding: [4, 2] }), edge('1')],
      [edge('1'), edge('2', { label: 'b.example/', labelBgPadding: [4, 2] })],
      [edge('1', { className: 'not-ready' }), previous[1]],
      [edge('1', { targetHandle: 'top' }), previous[1]],
      [edge('1', { sourceHandle: 'left' }), previous[1]],
      [edge('1', { ariaLabel: 'x' }), previous[1]],
      [edge('1', { target: 'elsewhere' }), previous[1]],
      [edge('1')],
    ]) {
      expect(reuseUnchangedEdges(previous, changed)).toBe(changed);
    }
  });
});

describe('layoutDiagram: ghosts and summarised frames', () => {
  const workers = (
    pods: DiagramModel['pods'],
    extra: Partial<DiagramModel> = {},
  ): DiagramModel => ({
    nodes: [
      { name: 'worker-1', controlPlane: false },
      { name: 'worker-2', controlPlane: false },
    ],
    pods,
    services: [],
    ...extra,
  });

  it('draws a deleted pod as a non-interactive ghost in its slot, under the pods, for GHOST_MS', () => {
    let now = 0;
    const slots = new SlotAllocator(() => now);
    const first = byId(
      layoutDiagram(
        workers([
          { key: 'default/a', nodeName: 'worker-1' },
          { key: 'default/b', nodeName: 'worker-1' },
          { key: 'default/c', nodeName: 'worker-1' },
        ]),
        slots,
      ).nodes,
    );
    now = 100;
    const second = byId(
      layoutDiagram(
        workers([
          { key: 'default/a', nodeName: 'worker-1' },
          { key: 'default/c', nodeName: 'worker-1' },
        ]),
        slots,
      ).nodes,
    );
    const ghost = second.get(ghostId('default/b'));
    expect(ghost?.type).toBe('pod');
    expect(ghost?.data.ghost).toBe(true);
    expect(ghost?.parentId).toBe(frameId('worker-1'));
    expect(ghost?.position).toEqual(first.get('pod/default/b')?.position);
    expect(ghost?.selectable).toBe(false);
    expect(ghost?.focusable).toBe(false);
    expect(ghost?.style?.pointerEvents).toBe('none');
    expect(ghost?.zIndex).toBeLessThan(second.get('pod/default/a')?.zIndex ?? 0);
    // The others kept their places, and the frame its height.
    for (const id of ['pod/default/a', 'pod/default/c', frameId('worker-1')])
      expect(second.get(id)?.position).toEqual(first.get(id)?.position);
    expect(second.get(frameId('worker-1'))?.style?.height).toBe(
      first.get(frameId('worker-1'))?.style?.height,
    );
    now = 100 + GHOST_MS;
    const third = byId(
      layoutDiagram(workers([{ key: 'default/a', nodeName: 'worker-1' }]), slots).nodes,
    );
    expect(third.has(ghostId('default/b'))).toBe(false);
    expect(third.get(ghostId('default/c'))?.position).toEqual(first.get('pod/default/c')?.position);
  });

  it('sizes a summarised frame for its compact grid, so zooming in (which draws pods in it) moves nothing', () => {
    const model = workers([{ key: 'default/x', nodeName: 'worker-2' }], {
      summarised: ['worker-1'],
      summaryRows: { 'worker-1': gridRows(90) },
    });
    const map = byId(layoutDiagram(model, new SlotAllocator()).nodes);
    const frame = map.get(frameId('worker-1'));
    const rows = gridRows(90);
    expect(rows * grid.columns).toBeGreaterThanOrEqual(90);
    expect(frame?.data).toEqual({ objectKey: 'worker-1', summarised: true, rows });
    const height = Number(frame?.style?.height);
    // The grid's last row fits inside the frame.
    expect(grid.top + rows * grid.rowPitch).toBeLessThanOrEqual(height + grid.rowPitch);
    expect(height).toBeGreaterThan(grid.top + (rows - 1) * grid.rowPitch);
    // No pod boxes for the summarised node; the other node draws its own.
    expect([...map.values()].filter((n) => n.parentId === frameId('worker-1'))).toEqual([]);
    expect(map.get('pod/default/x')?.parentId).toBe(frameId('worker-2'));
  });

  it('gives no ghosts to the pods of a node that just turned summarised', () => {
    const slots = new SlotAllocator(() => 0);
    layoutDiagram(workers([{ key: 'default/a', nodeName: 'worker-1' }]), slots);
    const { nodes } = layoutDiagram(
      workers([], { summarised: ['worker-1'], summaryRows: { 'worker-1': 16 } }),
      slots,
    );
    expect(nodes.filter((n) => n.data.ghost)).toEqual([]);
  });
});

describe('limitNewPods', () => {
  const pod = (key: string, ghost = false): DiagramNode => ({
    id: ghost ? `ghost/${key}` : `pod/${key}`,
    type: 'pod',
    position: { x: 0, y: 0 },
    data: ghost ? { objectKey: key, ghost } : { objectKey: key },
  });
  const frame: DiagramNode = {
    id: 'node/w1',
    type: 'worker',
    position: { x: 0, y: 0 },
    data: { objectKey: 'w1' },
  };

  it('adds at most `limit` new pods per pass, holding the rest back with their edges', () => {
    const previous = [frame, pod('a')];
    const next = [frame, pod('a'), pod('b'), pod('c'), pod('d'), pod('gone', true)];
    const edges = [
      { id: 's->b', source: 'service/s', target: 'pod/b' },
      { id: 's->d', source: 'service/s', target: 'pod/d' },
    ];
    const first = limitNewPods(previous, next, edges, 2);
    expect(first.nodes.map((n) => n.id)).toEqual([
      'node/w1',
      'pod/a',
      'pod/b',
      'pod/c',
      'ghost/gone',
    ]);
    expect(first.edges.map((e) => e.id)).toEqual(['s->b']);
    expect(first.held).toBe(1);
    // The next pass, with those drawn, adds the rest.
    const second = limitNewPods(first.nodes, next, edges, 2);
    expect(second.nodes).toBe(next);
    expect(second.held).toBe(0);
  });
});
