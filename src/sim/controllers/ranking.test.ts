import { describe, expect, it } from 'vitest';
import { formatTimestamp } from '../clock.ts';
import { rankPodsForDeletion } from './ranking.ts';
import type { Pod } from './util.ts';

const NOW = Date.UTC(2026, 0, 1, 12);
const at = (secondsAgo: number) => formatTimestamp(NOW - secondsAgo * 1000);

function pod(
  name: string,
  o: {
    node?: string;
    phase?: string;
    ready?: boolean;
    readyAgo?: number;
    restarts?: number;
    createdAgo?: number;
    cost?: number;
  } = {},
): Pod {
  return {
    metadata: {
      name,
      uid: name,
      creationTimestamp: at(o.createdAgo ?? 1000),
      ...(o.cost !== undefined
        ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': String(o.cost) } }
        : {}),
    },
    spec: { nodeName: o.node },
    status: {
      phase: o.phase ?? 'Running',
      conditions: [
        {
          type: 'Ready',
          status: o.ready === false ? 'False' : 'True',
          lastTransitionTime: at(o.readyAgo ?? 500),
        },
      ],
      containerStatuses: [{ name: 'c', restartCount: o.restarts ?? 0 }],
    },
  };
}

const order = (pods: Pod[], related = pods) =>
  rankPodsForDeletion(pods, related, NOW).map((p) => p.metadata?.name);

describe('ActivePodsWithRanks', () => {
  it('deletes unassigned, then Pending, Unknown, then not-ready pods first', () => {
    expect(
      order([
        pod('running', { node: 'a' }),
        pod('unassigned', { phase: 'Pending' }),
        pod('unknown', { node: 'a', phase: 'Unknown' }),
        pod('pending', { node: 'a', phase: 'Pending' }),
        pod('notready', { node: 'a', ready: false }),
      ]),
    ).toEqual(['unassigned', 'pending', 'unknown', 'notready', 'running']);
  });

  it('honours pod-deletion-cost, then co-location, ready time, restarts and age', () => {
    expect(
      order([
        pod('cheap', { node: 'a', cost: -5 }),
        pod('dear', { node: 'b', cost: 10 }),
        pod('plain', { node: 'c' }),
      ]),
    ).toEqual(['cheap', 'plain', 'dear']);
    // Two pods on node a, one on b: the doubled-up ones go first.
    expect(
      order([pod('b1', { node: 'b' }), pod('a1', { node: 'a' }), pod('a2', { node: 'a' })]).slice(
        2,
      ),
    ).toEqual(['b1']);
    // Ready 10 s ago vs 10,000 s ago (different log2 buckets): the newer goes first.
    expect(
      order([pod('old', { node: 'a', readyAgo: 10_000 }), pod('new', { node: 'b', readyAgo: 10 })]),
    ).toEqual(['new', 'old']);
    expect(order([pod('calm', { node: 'a' }), pod('crashy', { node: 'b', restarts: 4 })])).toEqual([
      'crashy',
      'calm',
    ]);
    expect(
      order([
        pod('elder', { node: 'a', createdAgo: 100_000, readyAgo: 500 }),
        pod('young', { node: 'b', createdAgo: 600, readyAgo: 500 }),
      ]),
    ).toEqual(['young', 'elder']);
  });
});
