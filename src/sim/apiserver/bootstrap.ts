/**
 * Objects a fresh kube-apiserver creates on its own: the system namespaces (pkg/controlplane
 * SystemNamespaces + kube-node-lease), the built-in PriorityClasses (pkg/apis/scheduling
 * SystemPriorityClasses) and the `kubernetes` Service with its Endpoints (the controlplane's
 * kubernetesservice controller), which takes the first address of the service CIDR.
 */
import type { KubeObject } from '../api/types.ts';
import type { ResourceInfo } from './resources.ts';
import type { Allocators } from './strategy.ts';

export interface BootObject {
  info(server: {
    storageInfo(group: string, resource: string): ResourceInfo | undefined;
  }): ResourceInfo;
  namespace?: string;
  object: KubeObject;
}

/** System namespaces present at start. */
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** The objects to create at start, in order. */
export function bootstrapObjects(
  allocators: Allocators & { serviceIpAt(index: number): string },
  advertiseAddress: string,
): BootObject[] {
  const by =
    (group: string, resource: string) =>
    (server: { storageInfo(group: string, resource: string): ResourceInfo | undefined }) => {
      const info = server.storageInfo(group, resource);
      if (!info) throw new Error(`unknown resource ${group}/${resource}`);
      return info;
    };
  const out: BootObject[] = [];
  for (const name of SYSTEM_NAMESPACES)
    out.push({
      info: by('', 'namespaces'),
      object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
    });
  out.push({
    info: by('scheduling.k8s.io', 'priorityclasses'),
    object: {
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: 'system-node-critical' },
      value: 2000001000,
      description: 'Used for system critical pods that must not be moved from their current node.',
      preemptionPolicy: 'PreemptLowerPriority',
    },
  });
  out.push({
    info: by('scheduling.k8s.io', 'priorityclasses'),
    object: {
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: 'system-cluster-critical' },
      value: 2000000000,
      description:
        'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
      preemptionPolicy: 'PreemptLowerPriority',
    },
  });
  out.push({
    info: by('', 'services'),
    namespace: 'default',
    object: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        labels: { component: 'apiserver', provider: 'kubernetes' },
      },
      spec: {
        clusterIP: allocators.serviceIpAt(1),
        ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
        sessionAffinity: 'None',
        type: 'ClusterIP',
      },
    },
  });
  out.push({
    info: by('', 'endpoints'),
    namespace: 'default',
    object: {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' },
      },
      subsets: [
        {
          addresses: [{ ip: advertiseAddress }],
          ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
        },
      ],
    },
  });
  // The endpoint reconciler also keeps an EndpointSlice (kube-proxy reads only slices).
  out.push({
    info: by('discovery.k8s.io', 'endpointslices'),
    namespace: 'default',
    object: {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        labels: { 'kubernetes.io/service-name': 'kubernetes' },
      },
      addressType: 'IPv4',
      endpoints: [{ addresses: [advertiseAddress], conditions: { ready: true } }],
      ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
    },
  });
  return out;
}
