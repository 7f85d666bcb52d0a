/**
 * The catalogue of every built-in resource the simulated apiserver serves: group, version, plural,
 * kind, scope, verbs, short names, categories and subresources, as a 1.32 apiserver advertises them
 * in discovery (the REST storage of each resource in pkg/registry/<group>/<resource>/storage and its
 * ShortNames/Categories methods). Discovery, OpenAPI, kubectl and the registry all read it.
 */

export interface SubresourceInfo {
  /** `status`, `scale`, `binding`, `eviction`. */
  name: string;
  /** Kind of the subresource body (`Scale`, `Binding`, `Eviction`, or the parent's kind for status). */
  kind: string;
  /** Group/version of the body when it differs from the parent (`autoscaling/v1` Scale, `policy/v1` Eviction). */
  group?: string;
  version?: string;
  verbs: string[];
  /** For a custom resource's scale: where replicas and the selector live (`.spec.replicas`...). */
  scalePaths?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
}

export interface ResourceInfo {
  group: string;
  version: string;
  /** Plural, lower case: `deployments`. */
  resource: string;
  kind: string;
  listKind: string;
  singular: string;
  namespaced: boolean;
  verbs: string[];
  shortNames: string[];
  categories: string[];
  subresources: SubresourceInfo[];
  /** Key prefix in etcd, without trailing slash: `/registry/deployments`, `/registry/minions`. */
  etcdPrefix: string;
  /** Whether metadata.generation is tracked (bumped on spec changes). */
  generation: boolean;
  /** Whether this version is the group's preferred version. */
  preferred: boolean;
  /** Present for custom resources: the CRD's name. */
  crd?: string;
  /** For custom resources: field labels from the served version's selectableFields (`spec.color`). */
  selectableFields?: string[];
  /** For custom resources: the served version's schema (published in /openapi/v3). */
  openAPIV3Schema?: Record<string, unknown>;
}

/** Every verb a normal REST resource supports. */
export const ALL_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];
const STATUS_VERBS = ['get', 'patch', 'update'];

interface Spec {
  gv: string;
  resource: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  subresources?: SubresourceInfo[];
  etcd?: string;
  generation?: boolean;
  verbs?: string[];
  preferred?: boolean;
}

const status = (kind: string): SubresourceInfo => ({ name: 'status', kind, verbs: STATUS_VERBS });
const scale: SubresourceInfo = {
  name: 'scale',
  kind: 'Scale',
  group: 'autoscaling',
  version: 'v1',
  verbs: STATUS_VERBS,
};

const SPECS: Spec[] = [
  // core/v1 (pkg/registry/core/*/storage)
  {
    gv: 'v1',
    resource: 'namespaces',
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
    subresources: [status('Namespace'), { name: 'finalize', kind: 'Namespace', verbs: ['update'] }],
  },
  {
    gv: 'v1',
    resource: 'nodes',
    kind: 'Node',
    namespaced: false,
    shortNames: ['no'],
    subresources: [status('Node')],
    etcd: '/registry/minions',
  },
  {
    gv: 'v1',
    resource: 'pods',
    kind: 'Pod',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    subresources: [
      { name: 'binding', kind: 'Binding', verbs: ['create'] },
      { name: 'eviction', kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] },
      { name: 'log', kind: 'Pod', verbs: ['get'] },
      status('Pod'),
    ],
  },
  {
    gv: 'v1',
    resource: 'services',
    kind: 'Service',
    namespaced: true,
    shortNames: ['svc'],
    categories: ['all'],
    subresources: [status('Service')],
    etcd: '/registry/services/specs',
    verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
  },
  {
    gv: 'v1',
    resource: 'endpoints',
    kind: 'Endpoints',
    namespaced: true,
    shortNames: ['ep'],
    etcd: '/registry/services/endpoints',
  },
  { gv: 'v1', resource: 'configmaps', kind: 'ConfigMap', namespaced: true, shortNames: ['cm'] },
  { gv: 'v1', resource: 'secrets', kind: 'Secret', namespaced: true },
  {
    gv: 'v1',
    resource: 'serviceaccounts',
    kind: 'ServiceAccount',
    namespaced: true,
    shortNames: ['sa'],
  },
  {
    gv: 'v1',
    resource: 'persistentvolumes',
    kind: 'PersistentVolume',
    namespaced: false,
    shortNames: ['pv'],
    subresources: [status('PersistentVolume')],
  },
  {
    gv: 'v1',
    resource: 'persistentvolumeclaims',
    kind: 'PersistentVolumeClaim',
    namespaced: true,
    shortNames: ['pvc'],
    subresources: [status('PersistentVolumeClaim')],
  },
  { gv: 'v1', resource: 'events', kind: 'Event', namespaced: true, shortNames: ['ev'] },
  {
    gv: 'v1',
    resource: 'replicationcontrollers',
    kind: 'ReplicationController',
    namespaced: true,
    shortNames: ['rc'],
    categories: ['all'],
    subresources: [scale, status('ReplicationController')],
    etcd: '/registry/controllers',
    generation: true,
  },
  // apps/v1 (pkg/registry/apps)
  {
    gv: 'apps/v1',
    resource: 'deployments',
    kind: 'Deployment',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: [scale, status('Deployment')],
    generation: true,
  },
  {
    gv: 'apps/v1',
    resource: 'replicasets',
    kind: 'ReplicaSet',
    namespaced: true,
    shortNames: ['rs'],
    categories: ['all'],
    subresources: [scale, status('ReplicaSet')],
    generation: true,
  },
  {
    gv: 'apps/v1',
    resource: 'statefulsets',
    kind: 'StatefulSet',
    namespaced: true,
    shortNames: ['sts'],
    categories: ['all'],
    subresources: [scale, status('StatefulSet')],
    generation: true,
  },
  {
    gv: 'apps/v1',
    resource: 'daemonsets',
    kind: 'DaemonSet',
    namespaced: true,
    shortNames: ['ds'],
    categories: ['all'],
    subresources: [status('DaemonSet')],
    generation: true,
  },
  { gv: 'apps/v1', resource: 'controllerrevisions', kind: 'ControllerRevision', namespaced: true },
  // batch/v1
  {
    gv: 'batch/v1',
    resource: 'jobs',
    kind: 'Job',
    namespaced: true,
    categories: ['all'],
    subresources: [status('Job')],
    generation: true,
  },
  {
    gv: 'batch/v1',
    resource: 'cronjobs',
    kind: 'CronJob',
    namespaced: true,
    shortNames: ['cj'],
    categories: ['all'],
    subresources: [status('CronJob')],
    generation: true,
  },
  // networking.k8s.io/v1
  {
    gv: 'networking.k8s.io/v1',
    resource: 'ingresses',
    kind: 'Ingress',
    namespaced: true,
    shortNames: ['ing'],
    subresources: [status('Ingress')],
    generation: true,
    etcd: '/registry/ingress',
  },
  {
    gv: 'networking.k8s.io/v1',
    resource: 'ingressclasses',
    kind: 'IngressClass',
    namespaced: false,
  },
  {
    gv: 'networking.k8s.io/v1',
    resource: 'networkpolicies',
    kind: 'NetworkPolicy',
    namespaced: true,
    shortNames: ['netpol'],
    generation: true,
  },
  // storage.k8s.io/v1
  {
    gv: 'storage.k8s.io/v1',
    resource: 'storageclasses',
    kind: 'StorageClass',
    namespaced: false,
    shortNames: ['sc'],
  },
  // discovery.k8s.io/v1
  {
    gv: 'discovery.k8s.io/v1',
    resource: 'endpointslices',
    kind: 'EndpointSlice',
    namespaced: true,
  },
  // coordination.k8s.io/v1
  { gv: 'coordination.k8s.io/v1', resource: 'leases', kind: 'Lease', namespaced: true },
  // autoscaling: v2 is preferred and the storage version; v1 is served too
  {
    gv: 'autoscaling/v2',
    resource: 'horizontalpodautoscalers',
    kind: 'HorizontalPodAutoscaler',
    namespaced: true,
    shortNames: ['hpa'],
    categories: ['all'],
    subresources: [status('HorizontalPodAutoscaler')],
    generation: true,
    preferred: true,
  },
  {
    gv: 'autoscaling/v1',
    resource: 'horizontalpodautoscalers',
    kind: 'HorizontalPodAutoscaler',
    namespaced: true,
    shortNames: ['hpa'],
    categories: ['all'],
    subresources: [status('HorizontalPodAutoscaler')],
    generation: true,
    preferred: false,
  },
  // policy/v1
  {
    gv: 'policy/v1',
    resource: 'poddisruptionbudgets',
    kind: 'PodDisruptionBudget',
    namespaced: true,
    shortNames: ['pdb'],
    subresources: [status('PodDisruptionBudget')],
    generation: true,
  },
  // scheduling.k8s.io/v1
  {
    gv: 'scheduling.k8s.io/v1',
    resource: 'priorityclasses',
    kind: 'PriorityClass',
    namespaced: false,
    shortNames: ['pc'],
  },
  // rbac.authorization.k8s.io/v1
  { gv: 'rbac.authorization.k8s.io/v1', resource: 'roles', kind: 'Role', namespaced: true },
  {
    gv: 'rbac.authorization.k8s.io/v1',
    resource: 'clusterroles',
    kind: 'ClusterRole',
    namespaced: false,
  },
  {
    gv: 'rbac.authorization.k8s.io/v1',
    resource: 'rolebindings',
    kind: 'RoleBinding',
    namespaced: true,
  },
  {
    gv: 'rbac.authorization.k8s.io/v1',
    resource: 'clusterrolebindings',
    kind: 'ClusterRoleBinding',
    namespaced: false,
  },
  // admissionregistration.k8s.io/v1 (stored; no webhook is ever called)
  {
    gv: 'admissionregistration.k8s.io/v1',
    resource: 'validatingwebhookconfigurations',
    kind: 'ValidatingWebhookConfiguration',
    namespaced: false,
    categories: ['api-extensions'],
    generation: true,
  },
  {
    gv: 'admissionregistration.k8s.io/v1',
    resource: 'mutatingwebhookconfigurations',
    kind: 'MutatingWebhookConfiguration',
    namespaced: false,
    categories: ['api-extensions'],
    generation: true,
  },
  // apiextensions.k8s.io/v1
  {
    gv: 'apiextensions.k8s.io/v1',
    resource: 'customresourcedefinitions',
    kind: 'CustomResourceDefinition',
    namespaced: false,
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
    subresources: [status('CustomResourceDefinition')],
    generation: true,
    etcd: '/registry/apiextensions.k8s.io/customresourcedefinitions',
  },
];

function toInfo(spec: Spec): ResourceInfo {
  const slash = spec.gv.indexOf('/');
  const group = slash < 0 ? '' : spec.gv.slice(0, slash);
  const version = slash < 0 ? spec.gv : spec.gv.slice(slash + 1);
  return {
    group,
    version,
    resource: spec.resource,
    kind: spec.kind,
    listKind: `${spec.kind}List`,
    singular: spec.kind.toLowerCase(),
    namespaced: spec.namespaced,
    verbs: spec.verbs ?? ALL_VERBS,
    shortNames: spec.shortNames ?? [],
    categories: spec.categories ?? [],
    subresources: spec.subresources ?? [],
    // Built-ins are keyed without their group (storage/etcd3 uses the resource prefix only).
    etcdPrefix: spec.etcd ?? `/registry/${spec.resource}`,
    generation: spec.generation ?? false,
    preferred: spec.preferred ?? true,
  };
}

/** The built-in resources, in the order discovery lists groups (core first, then as a 1.32 apiserver orders them). */
export const BUILTIN_RESOURCES: readonly ResourceInfo[] = SPECS.map(toInfo);

/** Built-in groups in discovery order, each with its versions (preferred first). */
export function builtinGroupOrder(): string[] {
  const out: string[] = [];
  for (const r of BUILTIN_RESOURCES) if (!out.includes(r.group)) out.push(r.group);
  return out;
}

/** `apps/v1` or `v1`. */
export function groupVersion(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

/** Looks up a resource by group, version and plural in a catalogue. */
export function findResource(
  catalogue: readonly ResourceInfo[],
  group: string,
  version: string,
  resource: string,
): ResourceInfo | undefined {
  return catalogue.find(
    (r) => r.group === group && r.version === version && r.resource === resource,
  );
}
