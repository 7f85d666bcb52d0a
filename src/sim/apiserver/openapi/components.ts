/**
 * `components.schemas` of a group-version document. Every schema the paths refer to exists, so a
 * client resolving `$ref`s finds them; the kinds are described as open objects.
 *
 * Why the kinds carry no `x-kubernetes-group-version-kind` here: kubectl apply computes strategic
 * merge patches from the component tagged with the object's GVK when one exists
 * (kubectl pkg/cmd/apply/patcher.go buildStrategicMergePatchFromOpenAPIV3), and a schema without
 * every field makes that fail with a printed warning. Untagged, kubectl uses its compiled-in
 * types instead, which have the exact patch metadata. Full schemas (for `kubectl explain`) can be
 * added here once they are generated with every field.
 */
import type { ResourceInfo } from '../resources.ts';
import type { JsonObject } from './paths.ts';
import { schemaName } from './schema-names.ts';

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';

const SHARED: Record<string, JsonObject> = {
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

/** Schemas for the kinds of `resources` (objects, lists, subresource bodies) and the shared meta types. */
export function componentSchemas(resources: readonly ResourceInfo[]): Record<string, JsonObject> {
  const schemas: Record<string, JsonObject> = { ...SHARED };
  const add = (group: string, version: string, kind: string, custom: boolean) => {
    const name = schemaName(group, version, kind, custom);
    if (!schemas[name])
      schemas[name] = {
        type: 'object',
        description: `${kind} (${group ? `${group}/` : ''}${version})`,
        'x-kubernetes-preserve-unknown-fields': true,
      };
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
  return schemas;
}
