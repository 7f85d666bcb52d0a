/**
 * The data plane's view of the cluster: list+watch caches of what routing needs (pods, services,
 * EndpointSlices, nodes, namespaces, ingresses, ingress classes, secrets, network policies). The
 * kube-proxies, DNS, the ingress controller and the traffic model read these caches, never etcd
 * directly, so they see the cluster as the real components would: through watches.
 */
import type { KubeObject } from '../api/types.ts';
import { apiPath, type SimClient } from '../client.ts';
import type { Clock } from '../clock.ts';
import { Informer } from '../informer.ts';

export interface ClusterView {
  pods: Informer<KubeObject>;
  services: Informer<KubeObject>;
  endpointSlices: Informer<KubeObject>;
  nodes: Informer<KubeObject>;
  namespaces: Informer<KubeObject>;
  ingresses: Informer<KubeObject>;
  ingressClasses: Informer<KubeObject>;
  secrets: Informer<KubeObject>;
  networkPolicies: Informer<KubeObject>;
  start(): void;
  stop(): void;
}

/** Builds (does not start) the caches, listing and watching as `client`. */
export function createClusterView(client: SimClient, clock: Clock): ClusterView {
  const inf = (apiVersion: string, resource: string) =>
    new Informer<KubeObject>(client, apiPath(apiVersion, resource), {}, clock);
  const view = {
    pods: inf('v1', 'pods'),
    services: inf('v1', 'services'),
    endpointSlices: inf('discovery.k8s.io/v1', 'endpointslices'),
    nodes: inf('v1', 'nodes'),
    namespaces: inf('v1', 'namespaces'),
    ingresses: inf('networking.k8s.io/v1', 'ingresses'),
    ingressClasses: inf('networking.k8s.io/v1', 'ingressclasses'),
    secrets: inf('v1', 'secrets'),
    networkPolicies: inf('networking.k8s.io/v1', 'networkpolicies'),
  };
  const all = Object.values(view);
  return {
    ...view,
    start: () => all.forEach((i) => i.start()),
    stop: () => all.forEach((i) => i.stop()),
  };
}
