/**
 * `components.schemas` of a group-version document. Every schema the paths refer to exists, so a
 * client resolving `$ref`s finds them; the kinds are described as open objects.
 *
 * Without provided schemas the kinds are open objects with no `x-kubernetes-group-version-kind`;
 * with them (see provideComponentSchemas) each kind is its full, tagged schema.
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

/** Schemas for the kinds of `resources` (objects, lists, subresource bodies) and everything they refer to. */
export function componentSchemas(resources: readonly ResourceInfo[]): ComponentSchemas {
  const schemas: ComponentSchemas = { ...SHARED };
  const pending: string[] = [];
  const add = (group: string, version: string, kind: string, custom: boolean) => {
    const name = schemaName(group, version, kind, custom);
    if (schemas[name]) return;
    const full = custom ? undefined : fullSchemas?.[name];
    if (full) {
      schemas[name] = full;
      pending.push(name);
    } else {
      schemas[name] = {
        type: 'object',
        description: `${kind} (${group ? `${group}/` : ''}${version})`,
        'x-kubernetes-preserve-unknown-fields': true,
      };
    }
  };
  for (const r of resources) {
    const custom = r.crd !== undefined;
    add(r.group, r.version, r.kind, custom);
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
