import { describe, expect, it } from 'vitest';
import type { KubeObject, Status } from '../api/types.ts';
import { podManifest, testServer, type TestServer } from './test-helpers.ts';

function ownerAndDependents(t: TestServer, count = 2) {
  const owner = t.ok<KubeObject>('POST', '/api/v1/namespaces/default/configmaps', {
    metadata: { name: 'owner' },
  });
  const ref = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    name: 'owner',
    uid: owner.metadata?.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
  for (let i = 0; i < count; i++)
    t.ok('POST', '/api/v1/namespaces/default/configmaps', {
      metadata: { name: `dep-${i}`, ownerReferences: [ref] },
    });
  return owner;
}

const names = (t: TestServer) =>
  (t.ok<{ items: KubeObject[] }>('GET', '/api/v1/namespaces/default/configmaps').items ?? []).map(
    (i) => i.metadata?.name,
  );

describe('garbage collector', () => {
  it('ignores Events, as upstream does: an Event outlives its owner (it expires by TTL)', () => {
    const t = testServer();
    const owner = ownerAndDependents(t, 1);
    const ref = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      name: 'owner',
      uid: owner.metadata?.uid ?? '',
    };
    t.ok('POST', '/api/v1/namespaces/default/events', {
      metadata: { name: 'owned-event', ownerReferences: [ref] },
      involvedObject: { kind: 'ConfigMap', name: 'owner', namespace: 'default' },
      reason: 'Test',
      message: 'owned',
    });
    t.req('DELETE', '/api/v1/namespaces/default/configmaps/owner', {});
    t.clock.runDue();
    t.clock.runDue();
    expect(names(t)).toEqual([]);
    expect(t.req('GET', '/api/v1/namespaces/default/events/owned-event').status).toBe(200);
  });

  it('Background: removes the owner at once and its dependents after', () => {
    const t = testServer();
    ownerAndDependents(t);
    const users: string[] = [];
    t.server.onChange((c) => users.push(`${c.type} ${c.object.metadata?.name} ${c.user}`));
    expect(
      t.req('DELETE', '/api/v1/namespaces/default/configmaps/owner', {
        propagationPolicy: 'Background',
      }).status,
    ).toBe(200);
    expect(names(t)).toEqual(['dep-0', 'dep-1']);
    t.clock.runDue();
    expect(names(t)).toEqual([]);
    expect(users).toEqual([
      'DELETED owner test',
      'DELETED dep-0 generic-garbage-collector',
      'DELETED dep-1 generic-garbage-collector',
    ]);
  });

  it('Foreground: the owner waits with deletionTimestamp until blocking dependents are gone', () => {
    const t = testServer();
    ownerAndDependents(t);
    const r = t.req('DELETE', '/api/v1/namespaces/default/configmaps/owner', {
      propagationPolicy: 'Foreground',
    });
    expect(r.status).toBe(200);
    const owner = t.ok<KubeObject>('GET', '/api/v1/namespaces/default/configmaps/owner');
    expect(owner.metadata?.finalizers).toEqual(['foregroundDeletion']);
    expect(owner.metadata?.deletionTimestamp).toBe('2026-01-01T00:00:00Z');
    t.clock.runDue();
    t.clock.runDue();
    expect(names(t)).toEqual([]);
  });

  it('Foreground with a graceful pod dependent waits for the pod to go', () => {
    const t = testServer();
    const owner = t.ok<KubeObject>('POST', '/api/v1/namespaces/default/configmaps', {
      metadata: { name: 'owner' },
    });
    const ref = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      name: 'owner',
      uid: owner.metadata?.uid ?? '',
      blockOwnerDeletion: true,
    };
    t.ok('POST', '/api/v1/namespaces/default/pods', {
      ...podManifest('p'),
      metadata: { name: 'p', ownerReferences: [ref] },
      spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'x:1' }] },
    });
    t.req('DELETE', '/api/v1/namespaces/default/configmaps/owner', {
      propagationPolicy: 'Foreground',
    });
    t.clock.runDue();
    const pod = t.ok<KubeObject>('GET', '/api/v1/namespaces/default/pods/p');
    expect(pod.metadata?.deletionTimestamp).toBe('2026-01-01T00:00:30Z');
    expect(pod.metadata?.deletionGracePeriodSeconds).toBe(30);
    expect(names(t)).toEqual(['owner']);
    // The kubelet confirms with grace 0; the pod keeps its own foreground finalizer until GC drops it.
    t.req('DELETE', '/api/v1/namespaces/default/pods/p', { gracePeriodSeconds: 0 });
    t.clock.runDue();
    t.clock.runDue();
    expect(t.req('GET', '/api/v1/namespaces/default/pods/p').status).toBe(404);
    expect(names(t)).toEqual([]);
  });

  it('Orphan: removes the ownerReferences from dependents and keeps them', () => {
    const t = testServer();
    ownerAndDependents(t);
    expect(
      t.req('DELETE', '/api/v1/namespaces/default/configmaps/owner', undefined, {
        query: { propagationPolicy: 'Orphan' },
      }).status,
    ).toBe(200);
    t.clock.runDue();
    t.clock.runDue();
    expect(names(t)).toEqual(['dep-0', 'dep-1']);
    const dep = t.ok<KubeObject>('GET', '/api/v1/namespaces/default/configmaps/dep-0');
    expect(dep.metadata?.ownerReferences).toBeUndefined();
  });

  it('keeps objects with finalizers until the finalizers are removed', () => {
    const t = testServer();
    t.ok('POST', '/api/v1/namespaces/default/configmaps', {
      metadata: { name: 'f', finalizers: ['example.com/hold'] },
    });
    expect(t.req('DELETE', '/api/v1/namespaces/default/configmaps/f').status).toBe(200);
    const held = t.ok<KubeObject>('GET', '/api/v1/namespaces/default/configmaps/f');
    expect(held.metadata?.deletionTimestamp).toBeDefined();
    const add = t.req('PUT', '/api/v1/namespaces/default/configmaps/f', {
      ...held,
      metadata: { ...held.metadata, finalizers: ['example.com/hold', 'x/y'] },
    });
    expect(add.status).toBe(403);
    t.ok('PUT', '/api/v1/namespaces/default/configmaps/f', {
      ...held,
      metadata: { ...held.metadata, finalizers: [] },
    });
    expect(t.req('GET', '/api/v1/namespaces/default/configmaps/f').status).toBe(404);
  });

  it('deletes dependents whose owner does not exist', () => {
    const t = testServer();
    t.ok('POST', '/api/v1/namespaces/default/configmaps', {
      metadata: {
        name: 'orphan',
        ownerReferences: [
          { apiVersion: 'v1', kind: 'ConfigMap', name: 'ghost', uid: 'no-such-uid' },
        ],
      },
    });
    t.clock.runDue();
    expect(names(t)).toEqual([]);
  });

  it('checks delete preconditions', () => {
    const t = testServer();
    t.ok('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'c' } });
    const r = t.req('DELETE', '/api/v1/namespaces/default/configmaps/c', {
      preconditions: { uid: 'abc' },
    });
    expect(r.status).toBe(409);
    expect((r.body as Status).message).toMatch(
      /^Operation cannot be fulfilled on configmaps "c": Precondition failed: UID in precondition: abc, UID in object meta: /,
    );
  });
});

describe('pods and namespaces', () => {
  it('deletes a scheduled pod gracefully and an unscheduled one at once', () => {
    const t = testServer();
    t.ok('POST', '/api/v1/namespaces/default/pods', podManifest('pending'));
    expect(t.req('DELETE', '/api/v1/namespaces/default/pods/pending').status).toBe(200);
    t.ok('POST', '/api/v1/namespaces/default/pods', {
      ...podManifest('running'),
      spec: {
        nodeName: 'n1',
        terminationGracePeriodSeconds: 10,
        containers: [{ name: 'c', image: 'x:1' }],
      },
    });
    const r = t.req('DELETE', '/api/v1/namespaces/default/pods/running');
    expect(r.status).toBe(200);
    expect((r.body as KubeObject).metadata?.deletionGracePeriodSeconds).toBe(10);
    // A second delete with a shorter grace shortens it; grace 0 removes.
    t.req('DELETE', '/api/v1/namespaces/default/pods/running', undefined, {
      query: { gracePeriodSeconds: '3' },
    });
    expect(
      t.ok<KubeObject>('GET', '/api/v1/namespaces/default/pods/running').metadata
        ?.deletionGracePeriodSeconds,
    ).toBe(3);
    expect(
      t.req('DELETE', '/api/v1/namespaces/default/pods/running', { gracePeriodSeconds: 0 }).status,
    ).toBe(200);
    expect(t.req('GET', '/api/v1/namespaces/default/pods/running').status).toBe(404);
  });

  it('empties and removes a deleted namespace, refusing new content meanwhile', () => {
    const t = testServer();
    t.ok('POST', '/api/v1/namespaces', { metadata: { name: 'team' } });
    t.ok('POST', '/api/v1/namespaces/team/configmaps', { metadata: { name: 'c' } });
    t.ok('POST', '/api/v1/namespaces/team/pods', {
      ...podManifest('p'),
      spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'x:1' }] },
    });
    expect(t.req('DELETE', '/api/v1/namespaces/team').status).toBe(200);
    const ns = t.ok<KubeObject>('GET', '/api/v1/namespaces/team');
    expect((ns.status as { phase: string }).phase).toBe('Terminating');
    const refused = t.req('POST', '/api/v1/namespaces/team/configmaps', {
      metadata: { name: 'late' },
    });
    expect(refused.status).toBe(403);
    expect((refused.body as Status).message).toBe(
      'configmaps "late" is forbidden: unable to create new content in namespace team because it is being terminated',
    );
    t.clock.runDue();
    expect(t.req('GET', '/api/v1/namespaces/team/configmaps/c').status).toBe(404);
    expect(
      t.ok<KubeObject>('GET', '/api/v1/namespaces/team/pods/p').metadata?.deletionTimestamp,
    ).toBeDefined();
    t.clock.advance(5_000);
    expect(t.req('GET', '/api/v1/namespaces/team').status).toBe(200);
    // The kubelet's final delete lets the namespace go.
    t.req('DELETE', '/api/v1/namespaces/team/pods/p', { gracePeriodSeconds: 0 });
    t.clock.advance(2_000);
    expect(t.req('GET', '/api/v1/namespaces/team').status).toBe(404);
  });

  it('refuses to delete the system namespaces', () => {
    const t = testServer();
    const r = t.req('DELETE', '/api/v1/namespaces/kube-system');
    expect(r.status).toBe(403);
    expect((r.body as Status).message).toBe(
      'namespaces "kube-system" is forbidden: this namespace may not be deleted',
    );
  });

  it('evicts pods unless a PodDisruptionBudget forbids it', () => {
    const t = testServer();
    t.ok('POST', '/api/v1/namespaces/default/pods', podManifest('a'));
    const pdb = t.ok<KubeObject>(
      'POST',
      '/apis/policy/v1/namespaces/default/poddisruptionbudgets',
      {
        metadata: { name: 'web-pdb' },
        spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } },
      },
    );
    const refused = t.req('POST', '/api/v1/namespaces/default/pods/a/eviction', {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: 'a' },
    });
    expect(refused.status).toBe(429);
    expect((refused.body as Status).message).toBe(
      "Cannot evict pod as it would violate the pod's disruption budget.",
    );
    t.ok('PUT', '/apis/policy/v1/namespaces/default/poddisruptionbudgets/web-pdb/status', {
      ...pdb,
      status: { disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1, expectedPods: 2 },
    });
    expect(
      t.req('POST', '/api/v1/namespaces/default/pods/a/eviction', { metadata: { name: 'a' } })
        .status,
    ).toBe(201);
    expect(t.req('GET', '/api/v1/namespaces/default/pods/a').status).toBe(404);
    expect(
      (
        t.ok<KubeObject>('GET', '/apis/policy/v1/namespaces/default/poddisruptionbudgets/web-pdb')
          .status as { disruptionsAllowed: number }
      ).disruptionsAllowed,
    ).toBe(0);
  });
});
