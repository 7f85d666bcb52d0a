import { describe, expect, it } from 'vitest';
import type { KubeObject, Status } from '../api/types.ts';
import { deploymentManifest, podManifest, testServer } from './test-helpers.ts';

describe('apiserver CRUD', () => {
  it('creates, gets, lists, updates and deletes a ConfigMap', () => {
    const t = testServer();
    const created = t.ok('POST', '/api/v1/namespaces/default/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg' },
      data: { a: '1' },
    });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata?.creationTimestamp).toBe('2026-01-01T00:00:00Z');
    expect(created.metadata?.resourceVersion).toBe(String(t.server.etcd.revision()));
    expect(created.metadata?.managedFields).toEqual([
      {
        manager: 'test',
        operation: 'Update',
        apiVersion: 'v1',
        time: '2026-01-01T00:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {},
      },
    ]);
    const got = t.ok('GET', '/api/v1/namespaces/default/configmaps/cfg');
    expect(got).toEqual(created);
    const list = t.ok<{ kind: string; items: KubeObject[]; metadata: { resourceVersion: string } }>(
      'GET',
      '/api/v1/namespaces/default/configmaps',
    );
    expect(list.kind).toBe('ConfigMapList');
    expect(list.items.map((i) => i.metadata?.name)).toEqual(['cfg']);
    const updated = t.ok('PUT', '/api/v1/namespaces/default/configmaps/cfg', {
      ...created,
      data: { a: '2' },
    });
    expect(updated.data).toEqual({ a: '2' });
    expect(Number(updated.metadata?.resourceVersion)).toBeGreaterThan(
      Number(created.metadata?.resourceVersion),
    );
    const deleted = t.req('DELETE', '/api/v1/namespaces/default/configmaps/cfg');
    expect(deleted.status).toBe(200);
    const gone = t.req('GET', '/api/v1/namespaces/default/configmaps/cfg');
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'configmaps "cfg" not found',
      reason: 'NotFound',
      details: { name: 'cfg', kind: 'configmaps' },
      code: 404,
    });
  });

  it('answers 409 AlreadyExists and 409 Conflict on a stale resourceVersion', () => {
    const t = testServer();
    const created = t.ok(
      'POST',
      '/apis/apps/v1/namespaces/default/deployments',
      deploymentManifest('web'),
    );
    const again = t.req(
      'POST',
      '/apis/apps/v1/namespaces/default/deployments',
      deploymentManifest('web'),
    );
    expect(again.status).toBe(409);
    expect((again.body as Status).message).toBe('deployments.apps "web" already exists');
    expect((again.body as Status).reason).toBe('AlreadyExists');
    t.ok('PUT', '/apis/apps/v1/namespaces/default/deployments/web', {
      ...created,
      metadata: { ...created.metadata, labels: { a: 'b' } },
    });
    const stale = t.req('PUT', '/apis/apps/v1/namespaces/default/deployments/web', {
      ...created,
      metadata: { ...created.metadata, labels: { a: 'c' } },
    });
    expect(stale.status).toBe(409);
    expect((stale.body as Status).reason).toBe('Conflict');
    expect((stale.body as Status).message).toBe(
      'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it('generates names with a 5-character suffix', () => {
    const t = testServer();
    const pod = t.ok('POST', '/api/v1/namespaces/default/pods', {
      ...podManifest(''),
      metadata: { generateName: 'web-' },
    });
    expect(pod.metadata?.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('refuses unknown paths and removed versions with the standard 404', () => {
    const t = testServer();
    for (const path of [
      '/apis/batch/v1beta1/namespaces/default/cronjobs',
      '/apis/extensions/v1beta1/namespaces/default/deployments',
      '/apis/apps/v1beta1/deployments',
      '/api/v1/widgets',
    ]) {
      const r = t.req('GET', path);
      expect(r.status).toBe(404);
      expect(r.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'the server could not find the requested resource',
        reason: 'NotFound',
        details: {},
        code: 404,
      });
    }
  });

  it('refuses creation in a missing namespace', () => {
    const t = testServer();
    const r = t.req('POST', '/api/v1/namespaces/foo/pods', podManifest('p'));
    expect(r.status).toBe(404);
    expect((r.body as Status).message).toBe('namespaces "foo" not found');
  });

  it('stores nothing on dryRun=All', () => {
    const t = testServer();
    const rev = t.server.etcd.revision();
    const r = t.req('POST', '/api/v1/namespaces/default/pods?dryRun=All', podManifest('dry'));
    expect(r.status).toBe(201);
    expect((r.body as KubeObject).metadata?.name).toBe('dry');
    expect(t.server.etcd.revision()).toBe(rev);
    expect(t.req('GET', '/api/v1/namespaces/default/pods/dry').status).toBe(404);
  });

  it('serves /version and health checks', () => {
    const t = testServer();
    expect(t.ok<{ gitVersion: string; platform: string }>('GET', '/version')).toMatchObject({
      gitVersion: 'v1.32.3',
      platform: 'linux/amd64',
    });
    const h = t.req('GET', '/healthz');
    expect(h).toEqual({
      status: 200,
      body: 'ok',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  });

  it('reports an outage and lost etcd quorum as Status errors', () => {
    const t = testServer();
    t.server.setEtcdQuorum(false);
    const r = t.req('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'x' } });
    expect(r.status).toBe(500);
    expect((r.body as Status).message).toBe(
      'Internal error occurred: etcdserver: request timed out',
    );
    t.server.setEtcdQuorum(true);
    const w = t.watch('/api/v1/pods');
    t.server.setAvailable(false);
    expect(w.closed()).toBe(true);
    expect(t.req('GET', '/api/v1/pods').status).toBe(503);
    expect((t.req('GET', '/api/v1/pods').body as Status).reason).toBe('ServiceUnavailable');
  });

  it('creates the system namespaces, priority classes and the kubernetes Service at start', () => {
    const t = testServer();
    const ns = t.ok<{ items: KubeObject[] }>('GET', '/api/v1/namespaces');
    expect(ns.items.map((n) => n.metadata?.name)).toEqual([
      'default',
      'kube-node-lease',
      'kube-public',
      'kube-system',
    ]);
    const pcs = t.ok<{ items: { metadata: { name: string }; value: number }[] }>(
      'GET',
      '/apis/scheduling.k8s.io/v1/priorityclasses',
    );
    expect(pcs.items.map((p) => [p.metadata.name, p.value])).toEqual([
      ['system-cluster-critical', 2000000000],
      ['system-node-critical', 2000001000],
    ]);
    const svc = t.ok<{ spec: { clusterIP: string } }>(
      'GET',
      '/api/v1/namespaces/default/services/kubernetes',
    );
    expect(svc.spec.clusterIP).toBe('10.96.0.1');
  });

  it('notifies change observers with the user that made the change', () => {
    const t = testServer();
    const changes: string[] = [];
    t.server.onChange((c) => changes.push(`${c.type} ${c.key} ${c.user}`));
    t.ok(
      'POST',
      '/api/v1/namespaces/default/configmaps',
      { metadata: { name: 'c' } },
      { user: 'alice' },
    );
    t.ok('DELETE', '/api/v1/namespaces/default/configmaps/c', undefined, { user: 'bob' });
    expect(changes).toEqual([
      'ADDED /registry/configmaps/default/c alice',
      'DELETED /registry/configmaps/default/c bob',
    ]);
  });

  it('routes an aggregated API and lists it in discovery', () => {
    const t = testServer();
    const podMetrics = {
      group: 'metrics.k8s.io',
      version: 'v1beta1',
      resource: 'pods',
      kind: 'PodMetrics',
      listKind: 'PodMetricsList',
      singular: '',
      namespaced: true,
      verbs: ['get', 'list'],
      shortNames: [],
      categories: [],
      subresources: [],
      etcdPrefix: '',
      generation: false,
      preferred: true,
    };
    const off = t.server.registerApiService({
      group: 'metrics.k8s.io',
      version: 'v1beta1',
      resources: [podMetrics],
      handle: (_req, path) => ({
        status: 200,
        body: {
          kind: 'PodMetricsList',
          apiVersion: 'metrics.k8s.io/v1beta1',
          metadata: {},
          items: [],
          namespace: path.namespace,
        },
      }),
    });
    expect(
      t.ok<{ groups: { name: string }[] }>('GET', '/apis').groups.map((g) => g.name),
    ).toContain('metrics.k8s.io');
    expect(
      t.ok<{ namespace: string }>('GET', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods')
        .namespace,
    ).toBe('default');
    off();
    expect(t.req('GET', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods').status).toBe(404);
  });

  it('serves pod logs from the registered provider', () => {
    const t = testServer();
    t.ok('POST', '/api/v1/namespaces/default/pods', podManifest('p'));
    expect(t.req('GET', '/api/v1/namespaces/default/pods/p/log').status).toBe(400);
    t.server.setPodLogs((ns, name, q) => `${ns}/${name} ${q.container ?? ''}\n`);
    const r = t.req('GET', '/api/v1/namespaces/default/pods/p/log?container=c');
    expect(r).toEqual({
      status: 200,
      body: 'default/p c\n',
      headers: { 'content-type': 'text/plain' },
    });
    expect(t.req('GET', '/api/v1/namespaces/default/pods/nope/log').status).toBe(404);
  });

  it('expires events after the event TTL', () => {
    const t = testServer({ eventTtlMs: 120_000 });
    t.ok('POST', '/api/v1/namespaces/default/events', {
      metadata: { name: 'e1' },
      involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' },
      reason: 'Test',
      message: 'hello',
      type: 'Normal',
    });
    t.clock.advance(60_000);
    expect(t.req('GET', '/api/v1/namespaces/default/events/e1').status).toBe(200);
    t.clock.advance(120_000);
    expect(t.req('GET', '/api/v1/namespaces/default/events/e1').status).toBe(404);
  });

  it('sends one-row Tables on a watch with as=Table', () => {
    const t = testServer();
    const w = t.watch(
      '/api/v1/namespaces/default/pods',
      {},
      'application/json;as=Table;v=v1;g=meta.k8s.io',
    );
    t.ok('POST', '/api/v1/namespaces/default/pods', podManifest('p'));
    t.clock.runDue();
    expect(w.events).toHaveLength(1);
    expect(w.events[0].object.kind).toBe('Table');
    expect((w.events[0].object as { rows: unknown[] }).rows).toHaveLength(1);
  });

  it('answers kubectl auth can-i and whoami', () => {
    const t = testServer();
    const r = t.req('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      spec: { resourceAttributes: { verb: 'create', resource: 'pods', namespace: 'default' } },
    });
    expect(r.status).toBe(201);
    expect((r.body as { status: { allowed: boolean } }).status.allowed).toBe(true);
    const who = t.ok<{ status: { userInfo: { username: string } } }>(
      'POST',
      '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      { kind: 'SelfSubjectReview' },
    );
    expect(who.status.userInfo.username).toBe('kubernetes-admin');
  });

  it('patches with merge and JSON patch, status patches touch only status', () => {
    const t = testServer();
    t.ok('POST', '/apis/apps/v1/namespaces/default/deployments', deploymentManifest('web'));
    const merged = t.req(
      'PATCH',
      '/apis/apps/v1/namespaces/default/deployments/web',
      { spec: { replicas: 3 } },
      { contentType: 'application/merge-patch+json' },
    );
    expect(merged.status).toBe(200);
    expect(
      (merged.body as { spec: { replicas: number }; metadata: { generation: number } }).spec
        .replicas,
    ).toBe(3);
    const json = t.ok<{ metadata: { labels: Record<string, string> } }>(
      'PATCH',
      '/apis/apps/v1/namespaces/default/deployments/web',
      [{ op: 'add', path: '/metadata/labels', value: { tier: 'fe' } }],
      { contentType: 'application/json-patch+json' },
    );
    expect(json.metadata.labels).toEqual({ tier: 'fe' });
    const st = t.ok<{ spec: { replicas: number }; status: { readyReplicas: number } }>(
      'PATCH',
      '/apis/apps/v1/namespaces/default/deployments/web/status',
      { spec: { replicas: 9 }, status: { readyReplicas: 2 } },
      { contentType: 'application/merge-patch+json' },
    );
    expect(st.status.readyReplicas).toBe(2);
    expect(st.spec.replicas).toBe(3);
    const bad = t.req(
      'PATCH',
      '/apis/apps/v1/namespaces/default/deployments/web',
      { spec: {} },
      { contentType: 'text/plain' },
    );
    expect(bad.status).toBe(415);
  });

  it('deletes collections by selector and honours dryRun on delete', () => {
    const t = testServer();
    for (const [name, app] of [
      ['a', 'x'],
      ['b', 'x'],
      ['c', 'y'],
    ])
      t.ok('POST', '/api/v1/namespaces/default/configmaps', {
        metadata: { name, labels: { app } },
      });
    expect(t.req('DELETE', '/api/v1/namespaces/default/configmaps/a?dryRun=All').status).toBe(200);
    expect(t.req('GET', '/api/v1/namespaces/default/configmaps/a').status).toBe(200);
    const r = t.ok<{ items: KubeObject[] }>(
      'DELETE',
      '/api/v1/namespaces/default/configmaps?labelSelector=app%3Dx',
    );
    expect(r.items.map((i) => i.metadata?.name)).toEqual(['a', 'b']);
    expect(
      t
        .ok<{ items: KubeObject[] }>('GET', '/api/v1/namespaces/default/configmaps')
        .items.map((i) => i.metadata?.name),
    ).toEqual(['c']);
  });
});
