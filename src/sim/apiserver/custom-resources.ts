/**
 * CustomResourceDefinitions (apiextensions-apiserver): a CRD is validated, gets the
 * `customresourcecleanup.apiextensions.k8s.io` finalizer, is marked NamesAccepted and Established
 * (pkg/controller/status NamingConditionController, establish controller) and its versions are
 * served under /apis/{group}/{version} and listed in discovery. Custom resources are validated
 * against the version's openAPIV3Schema, defaulted and pruned. Deleting a CRD deletes its custom
 * resources first (pkg/controller/finalizer/crd_finalizer.go), then the CRD.
 */
import type { KubeObject } from '../api/types.ts';
import type { ChangeRecord } from './registry.ts';
import type { KubeApiServer } from './apiserver.ts';
import type { ResourceInfo, SubresourceInfo } from './resources.ts';
import { ALL_VERBS } from './resources.ts';
import type { Strategy } from './strategy.ts';
import type { FieldError } from './status.ts';
import {
  applyDefaults,
  bodySchema,
  prune,
  unknownFields,
  validateSchema,
  type JsonSchemaProps,
} from './crd-schema.ts';
import { timestamp } from './object-util.ts';
import type { PrinterColumn } from './table/custom-resource.ts';

const CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';
const CONTROLLER_USER = 'kube-apiserver';

interface CrdVersion {
  name: string;
  served?: boolean;
  storage?: boolean;
  schema?: { openAPIV3Schema?: JsonSchemaProps };
  subresources?: {
    status?: object;
    scale?: { specReplicasPath?: string; statusReplicasPath?: string; labelSelectorPath?: string };
  };
  additionalPrinterColumns?: PrinterColumn[];
  selectableFields?: { jsonPath?: string }[];
}

interface CrdSpec {
  group?: string;
  scope?: string;
  names?: {
    plural?: string;
    singular?: string;
    kind?: string;
    listKind?: string;
    shortNames?: string[];
    categories?: string[];
  };
  versions?: CrdVersion[];
}

/** Kubernetes version priority (GA > beta > alpha, then by number): v2 > v1 > v1beta2 > v1beta1 > v1alpha1. */
export function compareKubeVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return { rank: 0, major: 0, minor: 0, text: v };
    return {
      rank: m[2] === undefined ? 3 : m[2] === 'beta' ? 2 : 1,
      major: Number(m[1]),
      minor: Number(m[3] ?? 0),
      text: v,
    };
  };
  const x = parse(a);
  const y = parse(b);
  if (x.rank !== y.rank) return y.rank - x.rank;
  if (x.rank === 0) return x.text < y.text ? -1 : x.text > y.text ? 1 : 0;
  if (x.major !== y.major) return y.major - x.major;
  return y.minor - x.minor;
}

/** Validation of a CRD object (pkg/apis/apiextensions/validation, the common cases). */
function validateCrd(obj: KubeObject): FieldError[] {
  const errors: FieldError[] = [];
  const spec = (obj.spec ?? {}) as CrdSpec;
  const group = spec.group ?? '';
  const plural = spec.names?.plural ?? '';
  if (!group) errors.push({ type: 'FieldValueRequired', field: 'spec.group' });
  else if (!group.includes('.'))
    errors.push({
      type: 'FieldValueInvalid',
      field: 'spec.group',
      value: group,
      detail: 'should be a domain with at least one dot',
    });
  if (!plural) errors.push({ type: 'FieldValueRequired', field: 'spec.names.plural' });
  if (!spec.names?.kind) errors.push({ type: 'FieldValueRequired', field: 'spec.names.kind' });
  if (plural && group && obj.metadata?.name !== `${plural}.${group}`) {
    errors.push({
      type: 'FieldValueInvalid',
      field: 'metadata.name',
      value: obj.metadata?.name ?? '',
      detail: 'must be spec.names.plural+"."+spec.group',
    });
  }
  if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') {
    errors.push({
      type: 'FieldValueNotSupported',
      field: 'spec.scope',
      value: spec.scope ?? '',
      detail: 'supported values: "Cluster", "Namespaced"',
    });
  }
  const versions = spec.versions ?? [];
  if (versions.length === 0)
    errors.push({
      type: 'FieldValueInvalid',
      field: 'spec.versions',
      value: '[]',
      detail: 'must have exactly one version marked as storage version',
    });
  else if (versions.filter((v) => v.storage).length !== 1) {
    errors.push({
      type: 'FieldValueInvalid',
      field: 'spec.versions',
      value: versions.map((v) => v.name),
      detail: 'must have exactly one version marked as storage version',
    });
  }
  versions.forEach((v, i) => {
    if (!v.schema?.openAPIV3Schema)
      errors.push({
        type: 'FieldValueRequired',
        field: `spec.versions[${i}].schema.openAPIV3Schema`,
        detail: 'schemas are required',
      });
  });
  return errors;
}

export class CustomResources {
  /** CRD name -> served resources, in creation order. */
  private readonly served = new Map<string, ResourceInfo[]>();
  /** `group/version/plural` -> additionalPrinterColumns of that version. */
  private readonly columns = new Map<string, PrinterColumn[] | undefined>();
  /** `group/version/plural` -> schema of that version. */
  private readonly schemas = new Map<string, JsonSchemaProps | undefined>();

  constructor(private readonly server: KubeApiServer) {}

  /** Served custom resources. */
  resources(): ResourceInfo[] {
    return [...this.served.values()].flat();
  }

  /** The strategy of CRDs themselves, or the schema strategy of a custom resource. */
  strategyFor(info: ResourceInfo): Strategy | undefined {
    if (info.group === 'apiextensions.k8s.io' && info.resource === 'customresourcedefinitions')
      return this.crdStrategy;
    if (!info.crd) return undefined;
    const schema = bodySchema(this.schemas.get(`${info.group}/${info.version}/${info.resource}`));
    return {
      defaults(obj) {
        prune(obj, schema);
        applyDefaults(obj, schema);
      },
      validate(obj) {
        const errors: FieldError[] = [];
        validateSchema(obj, schema, '', errors);
        return errors;
      },
    };
  }

  /** The CRD version's additionalPrinterColumns. */
  printerColumns(info: ResourceInfo): PrinterColumn[] | undefined {
    return this.columns.get(`${info.group}/${info.version}/${info.resource}`);
  }

  /** Unknown fields of a custom resource body (fieldValidation). */
  unknownFields(info: ResourceInfo, obj: KubeObject): string[] {
    const out: string[] = [];
    unknownFields(
      obj,
      bodySchema(this.schemas.get(`${info.group}/${info.version}/${info.resource}`)),
      '',
      out,
    );
    return out;
  }

  private readonly crdStrategy: Strategy = {
    prepareForCreate(obj) {
      obj.status = { conditions: [], acceptedNames: { plural: '', kind: '' }, storedVersions: [] };
      const meta = obj.metadata ?? {};
      if (!(meta.finalizers ?? []).includes(CLEANUP_FINALIZER))
        meta.finalizers = [...(meta.finalizers ?? []), CLEANUP_FINALIZER];
    },
    validate: (obj) => validateCrd(obj),
    validateUpdate(obj, old) {
      const errors = validateCrd(obj);
      const spec = (obj.spec ?? {}) as CrdSpec;
      const oldSpec = (old.spec ?? {}) as CrdSpec;
      if (spec.group !== oldSpec.group)
        errors.push({
          type: 'FieldValueInvalid',
          field: 'spec.group',
          value: spec.group,
          detail: 'field is immutable',
        });
      if (spec.names?.plural !== oldSpec.names?.plural)
        errors.push({
          type: 'FieldValueInvalid',
          field: 'spec.names.plural',
          value: spec.names?.plural,
          detail: 'field is immutable',
        });
      return errors;
    },
  };

  /** Follows CRD changes (inside writes); status and cleanup writes happen on the clock. */
  observe(change: ChangeRecord): void {
    if (
      change.resource.group !== 'apiextensions.k8s.io' ||
      change.resource.resource !== 'customresourcedefinitions'
    )
      return;
    const crd = change.object;
    const name = crd.metadata?.name ?? '';
    if (change.type === 'DELETED') {
      this.unserve(name);
      return;
    }
    this.serve(crd);
    const clock = this.server.options.clock;
    if (crd.metadata?.deletionTimestamp !== undefined)
      clock.setTimer(0, () => this.cleanup(name), 'crd-finalizer');
    else if (!established(crd)) clock.setTimer(0, () => this.establish(name), 'crd-establishing');
  }

  private serve(crd: KubeObject): void {
    const name = crd.metadata?.name ?? '';
    const spec = (crd.spec ?? {}) as CrdSpec;
    const group = spec.group ?? '';
    const names = spec.names ?? {};
    const plural = names.plural ?? '';
    const versions = (spec.versions ?? [])
      .filter((v) => v.served !== false)
      .sort((a, b) => compareKubeVersions(a.name, b.name));
    this.unserve(name);
    const infos: ResourceInfo[] = versions.map((v, i) => {
      const subresources: SubresourceInfo[] = [];
      if (v.subresources?.status)
        subresources.push({
          name: 'status',
          kind: names.kind ?? '',
          verbs: ['get', 'patch', 'update'],
        });
      if (v.subresources?.scale)
        subresources.push({
          name: 'scale',
          kind: 'Scale',
          group: 'autoscaling',
          version: 'v1',
          verbs: ['get', 'patch', 'update'],
          scalePaths: {
            specReplicasPath: v.subresources.scale.specReplicasPath ?? '.spec.replicas',
            statusReplicasPath: v.subresources.scale.statusReplicasPath ?? '.status.replicas',
            ...(v.subresources.scale.labelSelectorPath
              ? { labelSelectorPath: v.subresources.scale.labelSelectorPath }
              : {}),
          },
        });
      this.schemas.set(`${group}/${v.name}/${plural}`, v.schema?.openAPIV3Schema);
      this.columns.set(`${group}/${v.name}/${plural}`, v.additionalPrinterColumns);
      return {
        group,
        version: v.name,
        resource: plural,
        kind: names.kind ?? '',
        listKind: names.listKind ?? `${names.kind ?? ''}List`,
        singular: names.singular ?? (names.kind ?? '').toLowerCase(),
        namespaced: spec.scope === 'Namespaced',
        verbs: ALL_VERBS,
        shortNames: names.shortNames ?? [],
        categories: names.categories ?? [],
        subresources,
        etcdPrefix: `/registry/${group}/${plural}`,
        generation: true,
        preferred: i === 0,
        crd: name,
        // selectableFields (CustomResourceFieldSelectors, beta and on in 1.31/1.32): each
        // jsonPath `.spec.color` becomes the field label `spec.color` for list/watch.
        selectableFields: (v.selectableFields ?? [])
          .map((f) => (f.jsonPath ?? '').replace(/^\./, ''))
          .filter((f) => f !== ''),
        ...(v.schema?.openAPIV3Schema
          ? { openAPIV3Schema: v.schema.openAPIV3Schema as Record<string, unknown> }
          : {}),
      };
    });
    this.served.set(name, infos);
    for (const info of infos) this.server.index(info);
  }

  private unserve(name: string): void {
    for (const info of this.served.get(name) ?? []) {
      this.server.unindex(info);
      this.schemas.delete(`${info.group}/${info.version}/${info.resource}`);
      this.columns.delete(`${info.group}/${info.version}/${info.resource}`);
    }
    this.served.delete(name);
  }

  private crdKey(name: string): { info: ResourceInfo; key: string } | undefined {
    const info = this.server.storageInfo('apiextensions.k8s.io', 'customresourcedefinitions');
    if (!info) return undefined;
    return { info, key: this.server.keyOf(info, undefined, name) };
  }

  private establish(name: string): void {
    const at = this.crdKey(name);
    if (!at) return;
    const now = timestamp(this.server.options.clock.now());
    this.server.internalUpdate(
      at.info,
      at.key,
      (crd) => {
        if (established(crd) || crd.metadata?.deletionTimestamp !== undefined) return undefined;
        const spec = (crd.spec ?? {}) as CrdSpec;
        const names = spec.names ?? {};
        const storage = (spec.versions ?? []).find((v) => v.storage)?.name;
        const status = (crd.status ?? {}) as { storedVersions?: string[] };
        const stored = [...(status.storedVersions ?? [])];
        if (storage && !stored.includes(storage)) stored.push(storage);
        return {
          ...crd,
          status: {
            conditions: [
              {
                type: 'NamesAccepted',
                status: 'True',
                lastTransitionTime: now,
                reason: 'NoConflicts',
                message: 'no conflicts found',
              },
              {
                type: 'Established',
                status: 'True',
                lastTransitionTime: now,
                reason: 'InitialNamesAccepted',
                message: 'the initial names have been accepted',
              },
            ],
            acceptedNames: {
              plural: names.plural,
              singular: names.singular ?? (names.kind ?? '').toLowerCase(),
              kind: names.kind,
              listKind: names.listKind ?? `${names.kind ?? ''}List`,
              ...(names.shortNames ? { shortNames: names.shortNames } : {}),
              ...(names.categories ? { categories: names.categories } : {}),
            },
            storedVersions: stored,
          },
        };
      },
      CONTROLLER_USER,
      'status',
    );
  }

  private cleanup(name: string): void {
    const at = this.crdKey(name);
    if (!at) return;
    const infos = this.served.get(name) ?? [];
    const storage = infos[0];
    let remaining = 0;
    if (storage) {
      for (const kv of this.server.etcd.range(`${storage.etcdPrefix}/`).kvs) {
        remaining++;
        if (kv.value.metadata?.deletionTimestamp === undefined) {
          this.server.internalDelete(
            storage,
            kv.value.metadata?.namespace,
            kv.value.metadata?.name ?? '',
            'Background',
            CONTROLLER_USER,
          );
        }
      }
      remaining = this.server.etcd.countPrefix(`${storage.etcdPrefix}/`);
    }
    if (remaining > 0) {
      this.server.options.clock.setTimer(1_000, () => this.cleanup(name), 'crd-finalizer');
      return;
    }
    this.server.internalUpdate(
      at.info,
      at.key,
      (crd) => {
        const finalizers = (crd.metadata?.finalizers ?? []).filter((f) => f !== CLEANUP_FINALIZER);
        if (finalizers.length === (crd.metadata?.finalizers ?? []).length) return undefined;
        return { ...crd, metadata: { ...crd.metadata, finalizers } };
      },
      CONTROLLER_USER,
    );
  }
}

function established(crd: KubeObject): boolean {
  const conditions =
    ((crd.status ?? {}) as { conditions?: { type: string; status: string }[] }).conditions ?? [];
  return conditions.some((c) => c.type === 'Established' && c.status === 'True');
}
