import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Pod, Taint } from 'kubernetes-types/core/v1';
import { createRng } from '../rng.ts';
import { MAX_NODE_SCORE, type CycleState, type FilterStatus, type Snapshot } from './framework.ts';
import { newClusterCounters, newPodInfo, NodeInfo } from './node-info.ts';
import { DEFAULT_FILTER_PLUGINS, DEFAULT_SCORE_PLUGINS } from './plugins/index.ts';
import { numFeasibleNodesToFind, runFilters, runPreFilters, scheduleOne } from './schedule-one.ts';

// scheduleOne filters plugin by plugin over windows of nodes, scores whole lists, folds
// constant plugins into one figure and draws once among ties. This reference does it the plain
// way (node by node, plugin by plugin, every score added) to check nothing changed.

const TAINTS: Taint[] = [
  { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
  { key: 'spot', effect: 'PreferNoSchedule' },
  { key: 'maintenance', effect: 'NoExecute' },
];

interface NodeSpec {
  cpu: number;
  used: number;
  owned: number;
  taint: number;
  unschedulable: boolean;
}

/** Random nodes: `taint` at or above TAINTS.length means none; cordoned one time in `unschedulableOneIn`. */
function nodeSpec(o: { maxUsed: number; maxTaint: number; unschedulableOneIn: number }) {
  return fc.record({
    cpu: fc.integer({ min: 500, max: 4000 }),
    used: fc.integer({ min: 0, max: o.maxUsed }),
    owned: fc.integer({ min: 0, max: o.maxUsed }),
    taint: fc.integer({ min: 0, max: o.maxTaint }),
    unschedulable: fc.integer({ min: 0, max: o.unschedulableOneIn - 1 }).map((x) => x === 0),
  });
}

function buildCluster(specs: NodeSpec[]) {
  const counters = newClusterCounters();
  const nodes = specs.map((s, i) => {
    const info = new NodeInfo(
      {
        metadata: { name: `n${i}`, labels: { 'kubernetes.io/hostname': `n${i}` } },
        spec: {
          unschedulable: s.unschedulable,
          taints: s.taint < TAINTS.length ? [TAINTS[s.taint]] : [],
        },
        status: { allocatable: { cpu: `${s.cpu}m`, memory: '8Gi', pods: '10' } },
      },
      counters,
    );
    for (let k = 0; k < s.used; k++) {
      const owner = k < s.owned ? 'rs-1' : 'rs-2';
      const p: Pod = {
        metadata: {
          name: `p${i}-${k}`,
          namespace: 'default',
          ownerReferences: [
            {
              apiVersion: 'apps/v1',
              kind: 'ReplicaSet',
              name: owner,
              uid: owner,
              controller: true,
            },
          ],
        },
        spec: { containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '300m' } } }] },
      };
      info.addPod(newPodInfo(p, 0));
    }
    return info;
  });
  const snapshot: Snapshot = {
    nodes,
    byName: new Map(nodes.map((n) => [n.name, n])),
    podsWithRequiredAntiAffinity: 0,
    pvc: () => undefined,
    pv: () => undefined,
    storageClass: () => undefined,
  };
  return snapshot;
}

function incoming(cpu: number, tolerate: boolean): Pod {
  return {
    metadata: {
      name: 'incoming',
      namespace: 'default',
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs-1', uid: 'rs-1', controller: true },
      ],
    },
    spec: {
      containers: [
        { name: 'c', image: 'x', resources: { requests: { cpu: `${cpu}m`, memory: '64Mi' } } },
      ],
      tolerations: tolerate ? [{ key: 'dedicated', operator: 'Exists' }] : [],
    },
  };
}

function state(pod: Pod, snapshot: Snapshot): CycleState {
  return { pod, podInfo: newPodInfo(pod, 0), snapshot, data: new Map() };
}

/** The plain algorithm: node-major filtering from `start`, every plugin's score added per node. */
function reference(pod: Pod, snapshot: Snapshot, start: number) {
  const s = state(pod, snapshot);
  const pre = runPreFilters(s, DEFAULT_FILTER_PLUGINS, []);
  if ('rejected' in pre) throw new Error('unexpected PreFilter rejection');
  const nodes = snapshot.nodes;
  const toFind = numFeasibleNodesToFind(nodes.length);
  const feasible: NodeInfo[] = [];
  const rejected = new Map<string, FilterStatus>();
  let processed = 0;
  for (; processed < nodes.length && feasible.length < toFind; processed++) {
    const node = nodes[(start + processed) % nodes.length];
    const status = runFilters(s, pre.active, node);
    if (status) rejected.set(node.name, status);
    else feasible.push(node);
  }
  const totals = feasible.map(() => 0);
  for (const plugin of DEFAULT_SCORE_PLUGINS) {
    if (plugin.preScore?.(s, feasible) === 'skip') continue;
    const scores = new Float64Array(feasible.map((n) => plugin.score(s, n)));
    plugin.normalize?.(s, scores);
    scores.forEach((v, i) => {
      totals[i] += Math.min(MAX_NODE_SCORE, Math.max(0, v)) * plugin.weight;
    });
  }
  return { processed, feasible, rejected, totals };
}

describe('scheduleOne', () => {
  it('finds, rejects and scores the same nodes as the plain node-by-node algorithm', () => {
    fc.assert(
      fc.property(
        fc.array(
          // Mostly schedulable, untainted nodes, so the search often stops early.
          nodeSpec({ maxUsed: 9, maxTaint: 12, unschedulableOneIn: 10 }),
          { minLength: 1, maxLength: 400, size: 'max' },
        ),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 1, max: 900 }),
        fc.boolean(),
        (specs, startSeed, cpu, tolerate) => {
          const snapshot = buildCluster(specs);
          const pod = incoming(cpu, tolerate);
          const start = startSeed % specs.length;
          const want = reference(pod, snapshot, start);
          const cursor = { next: start };
          const got = scheduleOne(
            state(pod, snapshot),
            { filters: DEFAULT_FILTER_PLUGINS, scores: DEFAULT_SCORE_PLUGINS },
            createRng(startSeed),
            cursor,
          );
          expect(got.evaluatedNodes).toBe(want.processed);
          expect(got.feasibleNodes).toBe(want.feasible.length);
          expect(cursor.next).toBe((start + want.processed) % specs.length);
          if (want.feasible.length === 0) {
            expect(got.node).toBeUndefined();
            const statuses = got.diagnosis?.nodeToStatus ?? new Map();
            expect([...statuses.keys()].sort()).toEqual([...want.rejected.keys()].sort());
            for (const [name, status] of want.rejected)
              expect(statuses.get(name)?.plugin).toBe(status.plugin);
            return;
          }
          // The chosen node is one of the best, with the best total; ties are drawn at random.
          const best = Math.max(...want.totals);
          const winners = want.feasible.filter((_n, i) => want.totals[i] === best);
          expect(winners.map((n) => n.name)).toContain(got.node);
          // One feasible node is chosen without scoring, as upstream does.
          if (want.feasible.length === 1) return;
          expect(got.scores[0].total).toBe(best);
          for (const record of got.scores) {
            const i = want.feasible.findIndex((n) => n.name === record.node);
            expect(record.total).toBe(want.totals[i]);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('scheduleOne plain pass', () => {
  it('follows nodes cordoned, tainted or filled after they joined', () => {
    const snapshot = buildCluster(
      Array.from({ length: 4 }, () => ({
        cpu: 4000,
        used: 0,
        owned: 0,
        taint: TAINTS.length,
        unschedulable: false,
      })),
    );
    const [n0, n1, n2] = snapshot.nodes;
    n0.setNode({ ...n0.node, spec: { unschedulable: true } });
    n1.setNode({ ...n1.node, spec: { taints: [TAINTS[0]] } });
    for (let k = 0; k < 10; k++)
      n2.addPod(newPodInfo({ metadata: { name: `fill-${k}`, namespace: 'default' } }, 0));
    const got = scheduleOne(
      state(incoming(100, false), snapshot),
      { filters: DEFAULT_FILTER_PLUGINS, scores: DEFAULT_SCORE_PLUGINS },
      createRng(1),
      { next: 0 },
    );
    expect(got.node).toBe('n3');
    expect(got.diagnosis).toBeUndefined();
    const reasons = Object.fromEntries(got.rejected.map((r) => [r.node, r.reasons[0]]));
    expect(reasons).toEqual({
      n0: 'node(s) were unschedulable',
      n1: 'node(s) had untolerated taint {dedicated: gpu}',
      n2: 'Too many pods',
    });
  });
});

describe('scheduleOne over a sequence of pods', () => {
  it('matches the plain algorithm while nodes fill up and requests change (cached scores)', () => {
    fc.assert(
      fc.property(
        fc.array(nodeSpec({ maxUsed: 4, maxTaint: 30, unschedulableOneIn: 21 }), {
          minLength: 2,
          maxLength: 150,
        }),
        fc.array(fc.constantFrom(100, 100, 100, 250, 700), { minLength: 1, maxLength: 25 }),
        (specs, requests) => {
          const snapshot = buildCluster(specs);
          const cursor = { next: 0 };
          const rng = createRng(7);
          requests.forEach((cpu, k) => {
            const pod = incoming(cpu, false);
            pod.metadata = { ...pod.metadata, name: `seq-${k}` };
            const start = cursor.next;
            const want = reference(pod, snapshot, start);
            const s = state(pod, snapshot);
            const got = scheduleOne(
              s,
              { filters: DEFAULT_FILTER_PLUGINS, scores: DEFAULT_SCORE_PLUGINS },
              rng,
              cursor,
            );
            expect(got.evaluatedNodes).toBe(want.processed);
            if (!got.node) {
              expect(want.feasible).toHaveLength(0);
              return;
            }
            if (want.feasible.length > 1)
              for (const record of got.scores) {
                const i = want.feasible.findIndex((n) => n.name === record.node);
                expect(record.total).toBe(want.totals[i]);
              }
            snapshot.byName.get(got.node)?.addPod(s.podInfo);
          });
        },
      ),
      { numRuns: 60 },
    );
  });
});
