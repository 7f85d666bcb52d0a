import { describe, expect, it } from 'vitest';
import type { KubeObject, Status } from '../api/types.ts';
import { podManifest, testServer } from './test-helpers.ts';

type List = {
  items: KubeObject[];
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
};

function seedPods(t: ReturnType<typeof testServer>) {
  t.ok('POST', '/api/v1/namespaces', { metadata: { name: 'other' } });
  t.ok(
    'POST',
    '/api/v1/namespaces/default/pods',
    podManifest('a', { metadata: { name: 'a', labels: { app: 'web', tier: 'fe' } } }),
  );
  t.ok(
    'POST',
    '/api/v1/namespaces/default/pods',
    podManifest('b', { metadata: { name: 'b', labels: { app: 'db' } } }),
  );
  t.ok(
    'POST',
    '/api/v1/namespaces/other/pods',
    podManifest('c', {
      metadata: { name: 'c', labels: { app: 'web' } },
      spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'x' }] },
    }),
  );
}

const names = (l: List) => l.items.map((i) => `${i.metadata?.namespace}/${i.metadata?.name}`);

describe('list', () => {
  it('filters by label selectors', () => {
    const t = testServer();
    seedPods(t);
    const q = (sel: string) =>
      names(t.ok<List>('GET', '/api/v1/pods', undefined, { query: { labelSelector: sel } }));
    expect(q('app=web')).toEqual(['default/a', 'other/c']);
    expect(q('app==web,tier')).toEqual(['default/a']);
    expect(q('app!=web')).toEqual(['default/b']);
    expect(q('app in (db, web),!tier')).toEqual(['default/b', 'other/c']);
    expect(q('app notin (web)')).toEqual(['default/b']);
    const bad = t.req('GET', '/api/v1/pods', undefined, { query: { labelSelector: 'a b c' } });
    expect(bad.status).toBe(400);
  });

  it('filters by field selectors and refuses unsupported ones', () => {
    const t = testServer();
    seedPods(t);
    const q = (sel: string) =>
      names(t.ok<List>('GET', '/api/v1/pods', undefined, { query: { fieldSelector: sel } }));
    expect(q('spec.nodeName=n1')).toEqual(['other/c']);
    expect(q('spec.nodeName=')).toEqual(['default/a', 'default/b']);
    expect(q('metadata.name=b')).toEqual(['default/b']);
    expect(q('metadata.namespace!=default')).toEqual(['other/c']);
    const bad = t.req('GET', '/api/v1/pods', undefined, { query: { fieldSelector: 'spec.foo=1' } });
    expect(bad.status).toBe(400);
    expect((bad.body as Status).message).toBe('field label not supported: spec.foo');
  });

  it('pages with limit and continue at a consistent resourceVersion', () => {
    const t = testServer();
    for (let i = 0; i < 5; i++)
      t.ok('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: `cm-${i}` } });
    const p1 = t.ok<List>('GET', '/api/v1/namespaces/default/configmaps', undefined, {
      query: { limit: '2' },
    });
    expect(names(p1)).toEqual(['default/cm-0', 'default/cm-1']);
    expect(p1.metadata.remainingItemCount).toBe(3);
    expect(p1.metadata.continue).toBeTruthy();
    // A change between pages is not visible: the pages read the first page's revision.
    t.ok('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'cm-3a' } });
    const p2 = t.ok<List>('GET', '/api/v1/namespaces/default/configmaps', undefined, {
      query: { limit: '2', continue: p1.metadata.continue ?? '' },
    });
    expect(names(p2)).toEqual(['default/cm-2', 'default/cm-3']);
    expect(p2.metadata.resourceVersion).toBe(p1.metadata.resourceVersion);
    const p3 = t.ok<List>('GET', '/api/v1/namespaces/default/configmaps', undefined, {
      query: { limit: '2', continue: p2.metadata.continue ?? '' },
    });
    expect(names(p3)).toEqual(['default/cm-4']);
    expect(p3.metadata.continue).toBeUndefined();
  });

  it('serves a server-side Table when asked', () => {
    const t = testServer();
    seedPods(t);
    const table = t.ok<{ kind: string; rows: unknown[] }>(
      'GET',
      '/api/v1/namespaces/default/pods',
      undefined,
      {
        accept:
          'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json',
      },
    );
    expect(table.kind).toBe('Table');
    expect(table.rows).toHaveLength(2);
  });
});

describe('watch', () => {
  it('sends the current state as ADDED, then changes, on the clock', () => {
    const t = testServer();
    t.ok('POST', '/api/v1/namespaces/default/pods', podManifest('a'));
    const w = t.watch('/api/v1/namespaces/default/pods');
    expect(w.response.status).toBe(200);
    expect(w.events).toEqual([]);
    t.ok('POST', '/api/v1/namespaces/default/pods', podManifest('b'));
    expect(w.events).toEqual([]);
    t.clock.runDue();
    expect(w.events.map((e) => `${e.type} ${e.object.metadata?.name}`)).toEqual([
      'ADDED a',
      'ADDED b',
    ]);
    t.ok('DELETE', '/api/v1/namespaces/default/pods/a');
    t.clock.runDue();
    expect(w.events.map((e) => e.type)).toEqual(['ADDED', 'ADDED', 'DELETED']);
    expect(Number(w.events[2].object.metadata?.resourceVersion)).toBe(t.server.etcd.revision());
  });

  it('from a resourceVersion sends only later changes, filtered by selectors', () => {
    const t = testServer();
    const a = t.ok('POST', '/api/v1/namespaces/default/pods', podManifest('a'));
    t.ok(
      'POST',
      '/api/v1/namespaces/default/pods',
      podManifest('b', { metadata: { name: 'b', labels: { app: 'db' } } }),
    );
    const w = t.watch('/api/v1/pods', {
      resourceVersion: a.metadata?.resourceVersion ?? '',
      labelSelector: 'app=web',
    });
    t.ok('POST', '/api/v1/namespaces/default/pods', podManifest('c'));
    // A label change that leaves the selector is a DELETED for this watcher.
    const c = t.ok('GET', '/api/v1/namespaces/default/pods/c');
    t.ok('PUT', '/api/v1/namespaces/default/pods/c', {
      ...c,
      metadata: { ...c.metadata, labels: { app: 'other' } },
    });
    t.clock.runDue();
    expect(w.events.map((e) => `${e.type} ${e.object.metadata?.name}`)).toEqual([
      'ADDED c',
      'DELETED c',
    ]);
  });

  it('answers a compacted resourceVersion with a 410 Expired ERROR event and closes', () => {
    const t = testServer({ historyLimit: 5 });
    for (let i = 0; i < 10; i++)
      t.ok('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: `c${i}` } });
    const w = t.watch('/api/v1/namespaces/default/configmaps', { resourceVersion: '3' });
    t.clock.runDue();
    expect(w.events).toHaveLength(1);
    expect(w.events[0].type).toBe('ERROR');
    const status = w.events[0].object as Status;
    expect(status).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Expired',
      code: 410,
    });
    expect(status.message).toBe(
      `too old resource version: 3 (${t.server.etcd.compactedRevision()})`,
    );
    expect(w.closed()).toBe(true);
  });

  it('sends bookmarks every minute and ends at timeoutSeconds', () => {
    const t = testServer();
    const w = t.watch('/api/v1/namespaces/default/pods', {
      resourceVersion: String(t.server.etcd.revision()),
      allowWatchBookmarks: 'true',
      timeoutSeconds: '150',
    });
    t.clock.advance(60_000);
    expect(w.events.map((e) => e.type)).toEqual(['BOOKMARK']);
    expect(w.events[0].object).toEqual({
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: { resourceVersion: String(t.server.etcd.revision()) },
    });
    t.clock.advance(100_000);
    expect(w.events.map((e) => e.type)).toEqual(['BOOKMARK', 'BOOKMARK']);
    expect(w.closed()).toBe(true);
    expect(t.server.watchCount()).toBe(0);
  });

  it('watches a single object by name and stops on request', () => {
    const t = testServer();
    t.ok('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'x' } });
    t.ok('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'xy' } });
    const w = t.watch('/api/v1/namespaces/default/configmaps/x');
    t.clock.runDue();
    expect(w.events.map((e) => e.object.metadata?.name)).toEqual(['x']);
    w.stop();
    t.ok('DELETE', '/api/v1/namespaces/default/configmaps/x');
    t.clock.runDue();
    expect(w.events).toHaveLength(1);
  });

  it('indexes nodeName watches and follows binding', () => {
    const t = testServer();
    t.ok('POST', '/api/v1/namespaces/default/pods', podManifest('p'));
    const kubelet = t.watch('/api/v1/pods', { fieldSelector: 'spec.nodeName=n1' });
    const scheduler = t.watch('/api/v1/pods', { fieldSelector: 'spec.nodeName=' });
    t.clock.runDue();
    expect(kubelet.events).toHaveLength(0);
    expect(scheduler.events.map((e) => e.type)).toEqual(['ADDED']);
    const bind = t.req('POST', '/api/v1/namespaces/default/pods/p/binding', {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: 'p' },
      target: { kind: 'Node', name: 'n1' },
    });
    expect(bind.status).toBe(201);
    t.clock.runDue();
    expect(kubelet.events.map((e) => e.type)).toEqual(['ADDED']);
    expect(scheduler.events.map((e) => e.type)).toEqual(['ADDED', 'DELETED']);
    const again = t.req('POST', '/api/v1/namespaces/default/pods/p/binding', {
      target: { name: 'n2' },
    });
    expect(again.status).toBe(409);
    expect((again.body as Status).message).toBe(
      'Operation cannot be fulfilled on pods/binding "p": pod p is already assigned to node "n1"',
    );
  });

  it('sends initial events with an end bookmark when sendInitialEvents=true', () => {
    const t = testServer();
    t.ok('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'x' } });
    const w = t.watch('/api/v1/namespaces/default/configmaps', {
      sendInitialEvents: 'true',
      allowWatchBookmarks: 'true',
      resourceVersionMatch: 'NotOlderThan',
    });
    t.clock.runDue();
    expect(w.events.map((e) => e.type)).toEqual(['ADDED', 'BOOKMARK']);
    expect(w.events[1].object.metadata?.annotations).toEqual({
      'k8s.io/initial-events-end': 'true',
    });
  });
});
