/**
 * `components.schemas` of a group-version document. Every schema the paths refer to exists, so a
 * client resolving `$ref`s finds them; the kinds are described as open objects.
 *
 * Without provided schemas the kinds are open objects (tagged with their GVK); with them (see
 * provideComponentSchemas) each built-in kind is its full schema, and a custom resource publishes
 * its CRD's openAPIV3Schema when the catalogue carries it.
 */
import type { ResourceInfo } from '../resources.ts';
import { schemaName } from './schema-names.ts';

/** A JSON schema object (OpenAPI 3.0 flavour with Kubernetes' `x-kubernetes-*` extensions). */
export type JsonSchema = Record<string, unknown>;

/** Component schemas by name (`io.k8s.api.apps.v1.Deployment`). */
export type ComponentSchemas = Record<string, JsonSchema>;

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';

const SHARED: ComponentSchemas = {
  [`${META}.Status`]: {
    type: 'object',
    description: 'Status is a return value for calls that do not return other objects.',
  },
  [`${META}.Patch`]: {
    type: 'object',
    description:
      'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.',
  },
  [`${META}.DeleteOptions`]: {
    type: 'object',
    description: 'DeleteOptions may be provided when deleting an API object.',
  },
};

let fullSchemas: ComponentSchemas | undefined;
let generation = 0;

/**
 * Hands the documents full schemas of the built-in types (the Node server generates them from
 * kubernetes-types; the browser does without). Kinds tagged with `x-kubernetes-group-version-kind`
 * are what `kubectl explain` looks up.
 */
export function provideComponentSchemas(schemas: ComponentSchemas | undefined): void {
  fullSchemas = schemas;
  generation++;
}

/** Changes whenever the provided schemas change (part of the documents' cache key). */
export function schemaGeneration(): number {
  return generation;
}

/**
 * A custom resource's catalogue entry may carry its version's `openAPIV3Schema` (from the CRD);
 * the document then publishes it, as the apiextensions-apiserver does, for `kubectl explain`.
 */
type WithCrdSchema = ResourceInfo & { openAPIV3Schema?: JsonSchema };

const OBJECT_META = `${META}.ObjectMeta`;

/** Schemas for the kinds of `resources` (objects, lists, subresource bodies) and everything they refer to. */
export function componentSchemas(resources: readonly ResourceInfo[]): ComponentSchemas {
  const schemas: ComponentSchemas = { ...SHARED };
  const pending: string[] = [];
  const add = (
    group: string,
    version: string,
    kind: string,
    custom: boolean,
    crdSchema?: JsonSchema,
  ) => {
    const name = schemaName(group, version, kind, custom);
    if (schemas[name]) return;
    const full = custom ? undefined : fullSchemas?.[name];
    // Tagged with its GVK so `kubectl explain` finds it. Safe for apply: no PATCH operation offers
    // strategic merge patch (see paths.ts), so kubectl never builds patches from these schemas.
    const gvk = { 'x-kubernetes-group-version-kind': [{ group, version, kind }] };
    if (full) {
      schemas[name] = full;
      pending.push(name);
    } else if (crdSchema) {
      const properties = (crdSchema.properties as Record<string, JsonSchema> | undefined) ?? {};
      schemas[name] = {
        ...crdSchema,
        properties: {
          apiVersion: {
            type: 'string',
            description:
              'APIVersion defines the versioned schema of this representation of an object.',
          },
          kind: {
            type: 'string',
            description:
              'Kind is a string value representing the REST resource this object represents.',
          },
          metadata: {
            allOf: [{ $ref: `#/components/schemas/${OBJECT_META}` }],
            description: "Standard object's metadata.",
          },
          ...properties,
        },
        ...gvk,
      };
      pending.push(name);
    } else {
      schemas[name] = {
        type: 'object',
        description: `${kind} (${group ? `${group}/` : ''}${version})`,
        'x-kubernetes-preserve-unknown-fields': true,
        ...gvk,
      };
    }
  };
  for (const r of resources) {
    const custom = r.crd !== undefined;
    add(r.group, r.version, r.kind, custom, (r as WithCrdSchema).openAPIV3Schema);
    add(r.group, r.version, r.listKind, custom);
    for (const sub of r.subresources) {
      const subGroup = sub.group ?? r.group;
      const subVersion = sub.version ?? r.version;
      add(subGroup, subVersion, sub.kind, custom && sub.kind === r.kind && subGroup === r.group);
    }
  }
  // Pull in every schema the full ones refer to (ObjectMeta, PodSpec, Quantity...).
  while (pending.length > 0) {
    const name = pending.pop()!;
    for (const match of JSON.stringify(schemas[name]).matchAll(
      /"#\/components\/schemas\/([^"]+)"/g,
    )) {
      const ref = match[1];
      if (schemas[ref]) continue;
      schemas[ref] = fullSchemas?.[ref] ?? {
        type: 'object',
        'x-kubernetes-preserve-unknown-fields': true,
      };
      pending.push(ref);
    }
  }
  return schemas;
}
