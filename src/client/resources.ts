/**
 * Where each kind lives in the REST API. The table covers the kinds the UI draws and applies; it
 * mirrors what discovery (`/api/v1`, `/apis/apps/v1`, ...) reports for a v1.32 cluster.
 */

export interface ResourceInfo {
  kind: string;
  /** '' for the core group. */
  group: string;
  version: string;
  /** The resource name in paths, e.g. `deployments`. */
  plural: string;
  namespaced: boolean;
}

const table: ResourceInfo[] = [
  ['Namespace', '', 'namespaces', false],
  ['Node', '', 'nodes', false],
  ['Pod', '', 'pods', true],
  ['Service', '', 'services', true],
  ['Endpoints', '', 'endpoints', true],
  ['ConfigMap', '', 'configmaps', true],
  ['Secret', '', 'secrets', true],
  ['ServiceAccount', '', 'serviceaccounts', true],
  ['PersistentVolume', '', 'persistentvolumes', false],
  ['PersistentVolumeClaim', '', 'persistentvolumeclaims', true],
  ['Event', '', 'events', true],
  ['ResourceQuota', '', 'resourcequotas', true],
  ['LimitRange', '', 'limitranges', true],
  ['Deployment', 'apps', 'deployments', true],
  ['ReplicaSet', 'apps', 'replicasets', true],
  ['StatefulSet', 'apps', 'statefulsets', true],
  ['DaemonSet', 'apps', 'daemonsets', true],
  ['Job', 'batch', 'jobs', true],
  ['CronJob', 'batch', 'cronjobs', true],
  ['Ingress', 'networking.k8s.io', 'ingresses', true],
  ['IngressClass', 'networking.k8s.io', 'ingressclasses', false],
  ['NetworkPolicy', 'networking.k8s.io', 'networkpolicies', true],
  ['EndpointSlice', 'discovery.k8s.io', 'endpointslices', true],
  ['StorageClass', 'storage.k8s.io', 'storageclasses', false],
  ['HorizontalPodAutoscaler', 'autoscaling', 'horizontalpodautoscalers', true],
  ['PodDisruptionBudget', 'policy', 'poddisruptionbudgets', true],
  ['Lease', 'coordination.k8s.io', 'leases', true],
].map(([kind, group, plural, namespaced]) => ({
  kind: kind as string,
  group: group as string,
  version: group === 'autoscaling' ? 'v2' : 'v1',
  plural: plural as string,
  namespaced: namespaced as boolean,
}));

const byKind = new Map(table.map((info) => [info.kind, info]));

/** The resource of a kind, or undefined when the table does not know it. */
export function resourceForKind(kind: string, apiVersion?: string): ResourceInfo | undefined {
  const info = byKind.get(kind);
  if (!info || !apiVersion) return info;
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  return group === info.group ? { ...info, version } : undefined;
}

/** `/api/v1` or `/apis/{group}/{version}`. */
export function groupVersionPath(info: ResourceInfo): string {
  return info.group === '' ? `/api/${info.version}` : `/apis/${info.group}/${info.version}`;
}

/** The collection path, across all namespaces when `namespace` is omitted. */
export function collectionPath(info: ResourceInfo, namespace?: string): string {
  const ns = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${groupVersionPath(info)}${ns}/${info.plural}`;
}

/** The path of one object. */
export function objectPath(info: ResourceInfo, name: string, namespace?: string): string {
  return `${collectionPath(info, namespace ?? (info.namespaced ? 'default' : undefined))}/${encodeURIComponent(name)}`;
}
