/** Helpers of the scheduler/kubelet/node scenario tests. */
import type { Event, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/types.ts';
import { apiPath } from '../client.ts';
import { createCluster, type Cluster } from '../cluster.ts';
import type { ClusterOptions } from '../topology.ts';

/** Boots a cluster and lets the control plane settle (30 virtual seconds). */
export function bootCluster(options: ClusterOptions = {}): Cluster {
  const cluster = createCluster(options);
  cluster.clock.advance(30_000);
  // The root CA publisher may not exist yet in every build; pods mount kube-root-ca.crt.
  cluster.client('admin').create(apiPath('v1', 'configmaps', 'default'), {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'kube-root-ca.crt', namespace: 'default' },
    data: { 'ca.crt': 'simulated' },
  });
  return cluster;
}

/** Creates a pod in `default`; throws on an API error. */
export function createPod(cluster: Cluster, pod: Pod): Pod {
  const r = cluster.client('admin').create(apiPath('v1', 'pods', 'default'), {
    apiVersion: 'v1',
    kind: 'Pod',
    ...pod,
  } as KubeObject);
  if (!r.ok) throw new Error(r.status.message);
  return r.value as Pod;
}

export function getPod(cluster: Cluster, name: string, namespace = 'default'): Pod | undefined {
  const r = cluster.client('admin').get(apiPath('v1', 'pods', namespace, name));
  return r.ok ? (r.value as Pod) : undefined;
}

export function listPods(cluster: Cluster, namespace?: string): Pod[] {
  const r = cluster.client('admin').list(apiPath('v1', 'pods', namespace));
  return r.ok ? (r.value.items as Pod[]) : [];
}

/** Events about object `name` in `namespace`, oldest first. */
export function eventsFor(cluster: Cluster, name: string, namespace = 'default'): Event[] {
  const r = cluster.client('admin').list(apiPath('v1', 'events', namespace));
  if (!r.ok) return [];
  return (r.value.items as Event[]).filter((e) => e.involvedObject.name === name);
}

/** Advances virtual time in steps until `check` holds; returns the virtual ms it took. */
export function advanceUntil(
  cluster: Cluster,
  check: () => boolean,
  maxMs = 600_000,
  stepMs = 100,
): number {
  const start = cluster.clock.now();
  while (!check()) {
    if (cluster.clock.now() - start > maxMs)
      throw new Error(`condition not met within ${maxMs} ms`);
    cluster.clock.advance(stepMs);
  }
  return cluster.clock.now() - start;
}

export function condition(pod: Pod | undefined, type: string) {
  return pod?.status?.conditions?.find((c) => c.type === type);
}
