/** The small controllers: ServiceAccount, root CA publisher, disruption (PDB), pod GC, RC. */
import { describe, expect, it } from 'vitest';
import { apiPath } from '../client.ts';
import { createHarness } from './testing/harness.ts';
import type { PodDisruptionBudget } from './disruption.ts';
import type { Pod } from './util.ts';

describe('serviceaccount and root-ca publisher', () => {
  it('keep a default ServiceAccount and kube-root-ca.crt in every namespace', () => {
    const h = createHarness({ kubelet: false });
    h.client.create(apiPath('v1', 'namespaces'), {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-a' },
    });
    h.clock.advance(100);
    expect(h.get('serviceaccounts', 'team-a', 'default')).toBeDefined();
    const cm = h.get('configmaps', 'team-a', 'kube-root-ca.crt');
    expect(String((cm?.data as Record<string, string>)['ca.crt'])).toMatch(
      /^-----BEGIN CERTIFICATE-----\n/,
    );
    h.client.delete(apiPath('v1', 'serviceaccounts', 'team-a', 'default'));
    h.client.delete(apiPath('v1', 'configmaps', 'team-a', 'kube-root-ca.crt'));
    h.clock.advance(100);
    expect(h.get('serviceaccounts', 'team-a', 'default')).toBeDefined();
    expect(h.get('configmaps', 'team-a', 'kube-root-ca.crt')).toBeDefined();
    const writer = h.api.log.find(
      (r) => r.method === 'POST' && r.path.endsWith('/serviceaccounts'),
    );
    expect(writer?.user).toBe('serviceaccount-controller');
  });
});

describe('disruption controller', () => {
  it('computes disruptionsAllowed from minAvailable and maxUnavailable', () => {
    const h = createHarness({ kubelet: { readyAfterMs: 1000 } });
    h.client.create(apiPath('apps/v1', 'deployments', 'default'), {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        replicas: 4,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'c', image: 'nginx' }] },
        },
      },
    });
    h.client.create(apiPath('policy/v1', 'poddisruptionbudgets', 'default'), {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'min' },
      spec: { minAvailable: 3, selector: { matchLabels: { app: 'web' } } },
    });
    h.client.create(apiPath('policy/v1', 'poddisruptionbudgets', 'default'), {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'pct' },
      spec: { maxUnavailable: '50%', selector: { matchLabels: { app: 'web' } } },
    });
    h.clock.advance(20_000);
    expect(
      h.get<PodDisruptionBudget>('poddisruptionbudgets', 'default', 'min')?.status,
    ).toMatchObject({
      currentHealthy: 4,
      desiredHealthy: 3,
      expectedPods: 4,
      disruptionsAllowed: 1,
    });
    expect(
      h.get<PodDisruptionBudget>('poddisruptionbudgets', 'default', 'pct')?.status,
    ).toMatchObject({
      currentHealthy: 4,
      desiredHealthy: 2,
      expectedPods: 4,
      disruptionsAllowed: 2,
    });
    expect(
      h.get<PodDisruptionBudget>('poddisruptionbudgets', 'default', 'min')?.status?.conditions?.[0],
    ).toMatchObject({ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods' });
  });
});

describe('pod garbage collector', () => {
  it('deletes pods of a node that is gone after the quarantine', () => {
    const h = createHarness({ kubelet: false });
    h.client.create(apiPath('v1', 'pods', 'default'), {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'lost' },
      spec: { nodeName: 'worker-3', containers: [] },
    });
    h.client.delete(apiPath('v1', 'nodes', undefined, 'worker-3'));
    h.clock.advance(30_000);
    expect(h.get('pods', 'default', 'lost')).toBeDefined();
    h.clock.advance(60_000);
    expect(h.get('pods', 'default', 'lost')).toBeUndefined();
  });
});

describe('replication controller', () => {
  it('keeps spec.replicas pods of a v1 ReplicationController, adopting orphans', () => {
    const h = createHarness({ kubelet: { readyAfterMs: 500 } });
    h.client.create(apiPath('v1', 'pods', 'default'), {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'stray', labels: { app: 'rc' } },
      spec: { containers: [] },
    });
    h.client.create(apiPath('v1', 'replicationcontrollers', 'default'), {
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: { name: 'rc' },
      spec: {
        replicas: 3,
        selector: { app: 'rc' },
        template: {
          metadata: { labels: { app: 'rc' } },
          spec: { containers: [{ name: 'c', image: 'nginx' }] },
        },
      },
    });
    h.clock.advance(10_000);
    const pods = h.list<Pod>('pods');
    expect(pods).toHaveLength(3);
    expect(
      pods.every((p) => p.metadata?.ownerReferences?.[0].kind === 'ReplicationController'),
    ).toBe(true);
    expect(pods.map((p) => p.metadata?.name)).toContain('stray');
    expect(h.get('replicationcontrollers', 'default', 'rc')?.status).toMatchObject({
      replicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      fullyLabeledReplicas: 3,
    });
  });
});
