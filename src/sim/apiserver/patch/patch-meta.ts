/**
 * Strategic-merge-patch metadata: the `patchStrategy` and `patchMergeKey` struct tags of the
 * Kubernetes API types (kubernetes/api v0.32.0 `*\/types.go`, apimachinery meta/v1 types.go),
 * as a tree per kind. Only the paths that lead to a tagged field are spelled out; every other field
 * has no strategy (maps merge key by key, lists are replaced whole), which is what upstream does for
 * untagged fields.
 */

/** Schema of a struct (fields) or of a map (values). */
export interface PatchSchema {
  fields?: Record<string, PatchField>;
  /** For `map[string]X` fields: the schema of every value. */
  mapValues?: PatchSchema;
}

/** One field: its strategies (`merge`, `replace`, `retainKeys`), merge key and the schema below it. */
export interface PatchField {
  strategies?: string[];
  mergeKey?: string;
  /** Schema of the field's value; for a list, of its elements. */
  schema?: PatchSchema;
}

/** What a lookup returns: the schema under the key and its patch meta. */
export interface PatchMetaLookup {
  schema: PatchSchema;
  strategies: string[];
  mergeKey: string;
}

const EMPTY: PatchSchema = {};

/** Looks up a field like `LookupPatchMetadataForStruct`/`ForSlice`; unknown fields have no meta. */
export function lookupPatchMeta(schema: PatchSchema, key: string): PatchMetaLookup {
  if (schema.mapValues) return { schema: schema.mapValues, strategies: [], mergeKey: '' };
  const field = schema.fields?.[key];
  if (!field) return { schema: EMPTY, strategies: [], mergeKey: '' };
  return {
    schema: field.schema ?? EMPTY,
    strategies: field.strategies ?? [],
    mergeKey: field.mergeKey ?? '',
  };
}

function mergeList(mergeKey: string, schema?: PatchSchema, retainKeys = false): PatchField {
  return { strategies: retainKeys ? ['merge', 'retainKeys'] : ['merge'], mergeKey, schema };
}

const conditions = mergeList('type');

const objectMeta: PatchSchema = {
  fields: {
    ownerReferences: mergeList('uid'),
    finalizers: { strategies: ['merge'] },
  },
};

const container: PatchSchema = {
  fields: {
    ports: mergeList('containerPort'),
    env: mergeList('name'),
    volumeMounts: mergeList('mountPath'),
    volumeDevices: mergeList('devicePath'),
  },
};

const containerStatus: PatchSchema = {
  fields: {
    volumeMounts: mergeList('mountPath'),
    allocatedResourcesStatus: mergeList('name'),
  },
};

const podSpec: PatchSchema = {
  fields: {
    volumes: mergeList('name', undefined, true),
    initContainers: mergeList('name', container),
    containers: mergeList('name', container),
    ephemeralContainers: mergeList('name', container),
    imagePullSecrets: mergeList('name'),
    hostAliases: mergeList('ip'),
    topologySpreadConstraints: mergeList('topologyKey'),
    schedulingGates: mergeList('name'),
    resourceClaims: mergeList('name', undefined, true),
  },
};

const podStatus: PatchSchema = {
  fields: {
    conditions,
    hostIPs: mergeList('ip'),
    podIPs: mergeList('ip'),
    resourceClaimStatuses: mergeList('name', undefined, true),
    initContainerStatuses: { schema: containerStatus },
    containerStatuses: { schema: containerStatus },
    ephemeralContainerStatuses: { schema: containerStatus },
  },
};

const podTemplateSpec: PatchSchema = {
  fields: { metadata: { schema: objectMeta }, spec: { schema: podSpec } },
};

const withConditions: PatchSchema = { fields: { conditions } };

/** A kind: metadata plus the given top-level fields. */
function kind(fields: Record<string, PatchField> = {}): PatchSchema {
  return { fields: { metadata: { schema: objectMeta }, ...fields } };
}

function workload(specFields: Record<string, PatchField> = {}): PatchSchema {
  return kind({
    spec: { schema: { fields: { template: { schema: podTemplateSpec }, ...specFields } } },
    status: { schema: withConditions },
  });
}

const jobSpec: PatchSchema = { fields: { template: { schema: podTemplateSpec } } };

const webhook: PatchSchema = { fields: { matchConditions: mergeList('name') } };
const webhooks: PatchSchema = kind({ webhooks: mergeList('name', webhook) });

/** Schemas by `group/Kind` (core group is the empty string). */
const kindSchemas: Record<string, PatchSchema> = {
  '/Pod': kind({ spec: { schema: podSpec }, status: { schema: podStatus } }),
  '/PodTemplate': kind({ template: { schema: podTemplateSpec } }),
  '/ReplicationController': workload(),
  '/Service': kind({
    spec: { schema: { fields: { ports: mergeList('port') } } },
    status: { schema: withConditions },
  }),
  '/Node': kind({
    spec: { schema: { fields: { podCIDRs: { strategies: ['merge'] } } } },
    status: { schema: { fields: { conditions, addresses: mergeList('type') } } },
  }),
  '/Namespace': kind({ status: { schema: withConditions } }),
  '/PersistentVolumeClaim': kind({ status: { schema: withConditions } }),
  '/ServiceAccount': kind({ secrets: mergeList('name') }),
  '/ComponentStatus': kind({ conditions }),
  'apps/Deployment': workload({ strategy: { strategies: ['retainKeys'] } }),
  'apps/ReplicaSet': workload(),
  'apps/DaemonSet': workload(),
  'apps/StatefulSet': workload(),
  'batch/Job': kind({ spec: { schema: jobSpec }, status: { schema: withConditions } }),
  'batch/CronJob': kind({
    spec: {
      schema: {
        fields: {
          jobTemplate: {
            schema: { fields: { metadata: { schema: objectMeta }, spec: { schema: jobSpec } } },
          },
        },
      },
    },
  }),
  'autoscaling/HorizontalPodAutoscaler': kind({ status: { schema: withConditions } }),
  'policy/PodDisruptionBudget': kind({
    spec: { schema: { fields: { selector: { strategies: ['replace'] } } } },
    status: { schema: withConditions },
  }),
  'storage.k8s.io/CSINode': kind({ spec: { schema: { fields: { drivers: mergeList('name') } } } }),
  'admissionregistration.k8s.io/MutatingWebhookConfiguration': webhooks,
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy': kind({
    spec: {
      schema: { fields: { matchConditions: mergeList('name'), variables: mergeList('name') } },
    },
  }),
  'flowcontrol.apiserver.k8s.io/FlowSchema': kind({ status: { schema: withConditions } }),
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration': kind({
    status: { schema: withConditions },
  }),
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration': webhooks,
};

/**
 * API groups served by kube-apiserver itself. Their kinds accept strategic merge patch; kinds of
 * other groups are custom resources, for which the apiserver answers 415 (apiextensions-apiserver
 * lists only json-patch, merge-patch and apply-patch as accepted patch types).
 */
export { isBuiltInGroup } from '../built-in-groups';

/** The strategic-merge schema of a built-in kind (metadata only when no field of it is tagged). */
export function patchSchemaFor(group: string, kindName: string): PatchSchema {
  return kindSchemas[`${group}/${kindName}`] ?? kind();
}
