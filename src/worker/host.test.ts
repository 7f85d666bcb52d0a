import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../sim/api/types';
import { createWorkerHost } from './host';
import type { FromWorker, JournalEntry } from './protocol';

function setup() {
  const out: FromWorker[] = [];
  let wall = 0;
  const host = createWorkerHost((m) => out.push(m), { now: () => wall, every: () => () => {} });
  const take = <K extends FromWorker['kind']>(kind: K) =>
    out.filter((m): m is Extract<FromWorker, { kind: K }> => m.kind === kind);
  return { out, host, take, setWall: (ms: number) => (wall = ms) };
}

const deployment = (name: string, replicas: number): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name, image: 'nginx:1.27' }] },
    },
  },
});

async function podsOf(host: ReturnType<typeof setup>['host']) {
  const res = host.session.cluster.api.handle({
    method: 'GET',
    path: '/api/v1/namespaces/default/pods',
  });
  const items = (res.body as { items: KubeObject[] }).items;
  return items
    .map(
      (p) =>
        `${p.metadata?.name} ${(p.spec as { nodeName?: string }).nodeName} ${(p.status as { podIP?: string }).podIP}`,
    )
    .sort();
}

describe('worker host', () => {
  it('answers requests without the stream and journals only mutating ones', async () => {
    const { host, take } = setup();
    host.receive({
      kind: 'request',
      id: 1,
      request: { method: 'GET', path: '/api/v1/namespaces' },
    });
    host.receive({
      kind: 'request',
      id: 2,
      request: {
        method: 'POST',
        path: '/apis/apps/v1/namespaces/default/deployments',
        body: deployment('web', 2),
      },
    });
    await host.idle();
    const responses = take('response');
    expect(responses.map((r) => [r.id, r.response.status])).toEqual([
      [1, 200],
      [2, 201],
    ]);
    expect('watch' in responses[0].response).toBe(false);
    expect(host.session.journal.map((e) => e.type)).toEqual(['request']);
  });

  it('batches watch events and attributed changes into one message per frame', async () => {
    const { host, take, setWall } = setup();
    host.receive({
      kind: 'watch',
      id: 7,
      request: { method: 'GET', path: '/api/v1/pods', query: { watch: 'true' } },
    });
    host.receive({
      kind: 'request',
      id: 8,
      request: {
        method: 'POST',
        path: '/apis/apps/v1/namespaces/default/deployments',
        body: deployment('web', 3),
        user: 'k8s-explorer-ui',
      },
    });
    await host.idle();
    setWall(5_000);
    await host.frame();
    const batches = take('watch-events');
    expect(batches.length).toBeGreaterThanOrEqual(1);
    const last = batches.at(-1)!;
    expect(last.batches.map((b) => b.watchId)).toContain(7);
    const changes = take('changes').flatMap((m) => m.changes);
    expect(changes.find((c) => c.kind === 'Deployment' && c.name === 'web')?.user).toBe(
      'k8s-explorer-ui',
    );
    expect(
      changes.some(
        (c) =>
          c.kind === 'Pod' &&
          c.user === 'kube-scheduler' &&
          c.details.some((d) => d.startsWith('nodeName=')),
      ),
    ).toBe(true);
  });

  it('runs simulation operations and reports errors as values', async () => {
    const { host, take } = setup();
    host.receive({ kind: 'sim', id: 1, op: { op: 'stop-node', node: 'worker-2' } });
    host.receive({ kind: 'sim', id: 2, op: { op: 'stop-node', node: 'no-such-node' } });
    host.receive({ kind: 'sim', id: 3, op: { op: 'etcd-stats' } });
    await host.idle();
    const results = take('sim-result');
    expect(results[0]).toMatchObject({ id: 1, ok: true });
    expect(results[1]).toMatchObject({ id: 2, ok: false, error: 'node "no-such-node" not found' });
    expect(results[2]).toMatchObject({
      id: 3,
      ok: true,
      result: { keys: expect.any(Number), revision: expect.any(Number) },
    });
    expect(host.session.journal).toEqual([
      { atMs: 0, type: 'sim', op: { op: 'stop-node', node: 'worker-2' } },
    ]);
    // Incremental snapshots: only what came after `from`, for the same cluster (epoch).
    const whole = (await host.session.simOp({ op: 'journal' })) as {
      epoch: number;
      journal: unknown[];
    };
    expect(whole.journal).toHaveLength(1);
    expect(await host.session.simOp({ op: 'journal', from: 1, epoch: whole.epoch })).toMatchObject({
      from: 1,
      journal: [],
    });
    expect(
      await host.session.simOp({ op: 'journal', from: 1, epoch: whole.epoch + 1 }),
    ).toMatchObject({ from: 0, journal: [{ op: { op: 'stop-node' } }] });
  });

  it('rebuilds the same cluster from its journal: same pod names, nodes and IPs', async () => {
    const a = setup();
    a.host.receive({
      kind: 'request',
      id: 1,
      request: {
        method: 'POST',
        path: '/apis/apps/v1/namespaces/default/deployments',
        body: deployment('web', 4),
      },
    });
    await a.host.idle();
    a.host.receive({ kind: 'control', action: 'advance', ms: 30_000 });
    a.host.receive({ kind: 'sim', id: 2, op: { op: 'stop-node', node: 'worker-1' } });
    a.host.receive({ kind: 'control', action: 'advance', ms: 400_000 });
    a.host.receive({ kind: 'sim', id: 3, op: { op: 'journal' } });
    await a.host.idle();
    const journal = a.take('sim-result').at(-1) as {
      result: { journal: JournalEntry[]; nowMs: number; setup: object };
    };
    const expected = await podsOf(a.host);
    // worker-1's pods were evicted (50 s grace + 300 s toleration) and replaced on other nodes;
    // the evicted ones stay Terminating, as on a real unreachable node.
    expect(expected.length).toBeGreaterThan(4);

    const b = setup();
    b.host.receive({
      kind: 'watch',
      id: 9,
      request: { method: 'GET', path: '/api/v1/pods', query: { watch: 'true' } },
    });
    b.host.receive({
      kind: 'sim',
      id: 1,
      op: {
        op: 'reset',
        setup: journal.result.setup,
        journal: journal.result.journal,
        atMs: journal.result.nowMs,
      },
    });
    await b.host.idle();
    await b.host.frame();
    expect(await podsOf(b.host)).toEqual(expected);
    expect(b.host.session.elapsedMs()).toBe(journal.result.nowMs);
    // The watch on the replaced cluster ended with 410 Expired so the page's informers list the new one.
    expect(b.take('watch-closed').map((m) => m.watchId)).toContain(9);
    const ended = b
      .take('watch-events')
      .flatMap((m) => m.batches)
      .filter((x) => x.watchId === 9)
      .flatMap((x) => x.events);
    expect(ended.at(-1)).toMatchObject({ type: 'ERROR', object: { reason: 'Expired', code: 410 } });
  });

  it('runs a scripted timeline at its virtual times', async () => {
    const { host } = setup();
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: "1"\n';
    host.receive({
      kind: 'sim',
      id: 1,
      op: {
        op: 'run-timeline',
        timeline: 'at 10s: apply cm.yaml\nat 20s: kubectl label cm settings tier=web',
        files: [{ name: 'cm.yaml', text: yaml }],
      },
    });
    host.receive({ kind: 'control', action: 'advance', ms: 15_000 });
    await host.idle();
    const get = () =>
      host.session.cluster.api.handle({
        method: 'GET',
        path: '/api/v1/namespaces/default/configmaps/settings',
      });
    expect(get().status).toBe(200);
    expect((get().body as KubeObject).metadata?.labels).toBeUndefined();
    host.receive({ kind: 'control', action: 'advance', ms: 10_000 });
    await host.idle();
    expect((get().body as KubeObject).metadata?.labels).toEqual({ tier: 'web' });
    // The steps stay listed for the time bar's marks.
    expect(await host.session.simOp({ op: 'timeline' })).toMatchObject({
      steps: [
        { atMs: 10_000, text: 'at 10s: apply cm.yaml' },
        { atMs: 20_000, text: 'at 20s: kubectl label cm settings tier=web' },
      ],
    });
  });
});
