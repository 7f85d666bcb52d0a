/**
 * Real-world workload manifests (test/fixtures/manifests, see its CATALOGUE.md) reach the state
 * the catalogue expects on the default simulated cluster (3 workers + a tainted control plane).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { createCluster, type Cluster } from '../../src/sim/cluster.ts';
import { apiPath } from '../../src/sim/client.ts';
import {
  get,
  isReady,
  list,
  runUntil,
  type Obj,
} from '../../src/sim/scenarios/workload-helpers.ts';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/manifests');

const RESOURCES: Record<string, string> = {
  Deployment: 'deployments',
  ReplicaSet: 'replicasets',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
  Job: 'jobs',
  CronJob: 'cronjobs',
  HorizontalPodAutoscaler: 'horizontalpodautoscalers',
  Service: 'services',
  ServiceAccount: 'serviceaccounts',
  ConfigMap: 'configmaps',
};

/** Creates every document of a fixture file through the API. */
function apply(cluster: Cluster, file: string): void {
  const client = cluster.client('kubectl-client-side-apply');
  for (const doc of parseAllDocuments(readFileSync(resolve(FIXTURES, file), 'utf8'))) {
    const obj = doc.toJS() as Obj | null;
    if (!obj?.kind) continue;
    const resource = RESOURCES[obj.kind];
    if (!resource) throw new Error(`no resource for ${obj.kind}`);
    const res = client.create(
      apiPath(obj.apiVersion ?? 'v1', resource, obj.metadata?.namespace ?? 'default'),
      obj,
    );
    if (!res.ok) throw new Error(`${file}: ${res.status.message}`);
  }
}

const web = 'kubernetes__website/content__en__examples__';

describe('workload fixtures reach their expected state', () => {
  it('nginx-deployment: 3/3 available, one ReplicaSet, spread over the workers', () => {
    const c = createCluster();
    const t = c.client('test');
    apply(c, `kubernetes__website/${'content__en__examples__controllers__nginx-deployment.yaml'}`);
    expect(
      runUntil(
        c,
        () => get(t, 'apps/v1', 'deployments', 'nginx-deployment')?.status?.availableReplicas === 3,
      ),
    ).toBe(true);
    const rss = list(t, 'apps/v1', 'replicasets');
    expect(rss).toHaveLength(1);
    expect(rss[0].status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3 });
    const nodes = new Set(list(t, 'v1', 'pods').map((p) => p.spec?.nodeName));
    expect(nodes.size).toBe(3);
  });

  it('frontend ReplicaSet: 3 pods owned by the ReplicaSet', () => {
    const c = createCluster();
    const t = c.client('test');
    apply(c, `${web}controllers__frontend.yaml`);
    expect(runUntil(c, () => list(t, 'v1', 'pods').filter(isReady).length === 3)).toBe(true);
    for (const p of list(t, 'v1', 'pods')) {
      expect(p.metadata?.name).toMatch(/^frontend-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata?.ownerReferences?.[0]).toMatchObject({
        kind: 'ReplicaSet',
        name: 'frontend',
      });
    }
  });

  it('web.yaml StatefulSet: web-0 then web-1, claims bound', () => {
    const c = createCluster();
    const t = c.client('test');
    apply(c, `${web}application__web__web.yaml`);
    expect(
      runUntil(c, () => get(t, 'apps/v1', 'statefulsets', 'web')?.status?.readyReplicas === 2),
    ).toBe(true);
    expect(
      list(t, 'v1', 'persistentvolumeclaims').map((p) => [p.metadata?.name, p.status?.phase]),
    ).toEqual([
      ['www-web-0', 'Bound'],
      ['www-web-1', 'Bound'],
    ]);
    const created = list(t, 'v1', 'pods').map(
      (p) => [p.metadata?.name, Date.parse(String(p.metadata?.creationTimestamp))] as const,
    );
    expect(created[0][1]).toBeLessThan(created[1][1]);
  });

  it('fluentd DaemonSet: a pod on every node, control plane included (it tolerates the taint)', () => {
    const c = createCluster();
    const t = c.client('test');
    apply(c, `${web}controllers__fluentd-daemonset.yaml`);
    const ds = () => get(t, 'apps/v1', 'daemonsets', 'fluentd-elasticsearch', 'kube-system');
    expect(runUntil(c, () => ds()?.status?.numberReady === 4)).toBe(true);
    expect(ds()?.status).toMatchObject({
      desiredNumberScheduled: 4,
      currentNumberScheduled: 4,
      numberMisscheduled: 0,
    });
  });

  it('job pi: one pod Succeeded, Job Complete 1/1', () => {
    const c = createCluster();
    const t = c.client('test');
    apply(c, `${web}controllers__job.yaml`);
    expect(
      runUntil(
        c,
        () =>
          !!get(t, 'batch/v1', 'jobs', 'pi')?.status?.conditions?.some(
            (x) => x.type === 'Complete',
          ),
      ),
    ).toBe(true);
    expect(get(t, 'batch/v1', 'jobs', 'pi')?.status).toMatchObject({ succeeded: 1 });
    expect(list(t, 'v1', 'pods').map((p) => p.status?.phase)).toEqual(['Succeeded']);
  });

  it('podinfo with its HPA: held at minReplicas 2 when idle', () => {
    const c = createCluster();
    const t = c.client('test');
    apply(c, 'stefanprodan__podinfo/kustomize__deployment.yaml');
    apply(c, 'stefanprodan__podinfo/kustomize__hpa.yaml');
    expect(
      runUntil(
        c,
        () => get(t, 'apps/v1', 'deployments', 'podinfo')?.status?.availableReplicas === 2,
        300_000,
      ),
    ).toBe(true);
    c.clock.advance(120_000);
    expect(get(t, 'apps/v1', 'deployments', 'podinfo')?.spec?.replicas).toBe(2);
  });

  it('backup CronJob: nothing before midnight; at midnight a Job whose pod cannot run', () => {
    // Start the cluster at 23:50 so midnight comes quickly.
    const midnight = Date.UTC(2026, 0, 1);
    const c = createCluster({ startMs: midnight - 10 * 60_000 });
    const t = c.client('test');
    apply(c, 'stefanprodan__podinfo/deploy__bases__database__cronjob-backup-daily.yaml');
    c.clock.advance(9 * 60_000);
    expect(list(t, 'batch/v1', 'jobs')).toHaveLength(0);
    c.clock.advance(2 * 60_000);
    const jobs = list(t, 'batch/v1', 'jobs');
    expect(jobs.map((j) => j.metadata?.name)).toEqual([`backup-daily-${midnight / 60_000}`]);
    const events = list(t, 'v1', 'events').filter(
      (e) => (e.involvedObject as { kind?: string }).kind === 'Job',
    );
    // Upstream the ServiceAccount admission plugin refuses the pod (serviceaccount "database" not
    // found) and the Job records FailedCreate; where the apiserver admits it, the pod stays Pending.
    const failed = events.find((e) => e.reason === 'FailedCreate');
    if (failed) expect(String(failed.message)).toContain('database');
    else expect(list(t, 'v1', 'pods').every((p) => p.status?.phase !== 'Running')).toBe(true);
    expect(get(t, 'batch/v1', 'cronjobs', 'backup-daily')?.status?.active).toHaveLength(1);
  });
});
