/**
 * A JSON schema for monaco-yaml built from the bundled Kubernetes definitions
 * (src/sim/schema/definitions.json, OpenAPI v2 style): every document is checked against the
 * definition its `apiVersion` and `kind` select (`if`/`then` per kind, like the apiserver's
 * decoder picking a type by GroupVersionKind), `apiVersion` and `kind` complete from the kinds the
 * cluster serves, and objects reject fields they do not declare (the apiserver's strict field
 * validation), so a typo such as `replica:` is marked while typing.
 */

export interface OpenApiDefinition {
  description?: string;
  type?: string;
  $ref?: string;
  properties?: Record<string, OpenApiDefinition>;
  additionalProperties?: OpenApiDefinition | boolean;
  items?: OpenApiDefinition;
  anyOf?: OpenApiDefinition[];
  required?: string[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
  [key: string]: unknown;
}

export type JsonSchema = Record<string, unknown>;

/** `apps/v1` or `v1` for a group and version. */
export function apiVersionOf(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

/** Closes objects that list their properties (unknown fields become schema errors). */
function closeObjects(node: OpenApiDefinition): OpenApiDefinition {
  const out: OpenApiDefinition = { ...node };
  if (node.properties) {
    out.properties = Object.fromEntries(
      Object.entries(node.properties).map(([k, v]) => [k, closeObjects(v)]),
    );
    if (node.additionalProperties === undefined && !node['x-kubernetes-preserve-unknown-fields'])
      out.additionalProperties = false;
  } else if (node.additionalProperties && typeof node.additionalProperties === 'object') {
    out.additionalProperties = closeObjects(node.additionalProperties);
  }
  if (node.items) out.items = closeObjects(node.items);
  // yaml-language-server shows `markdownDescription` in hovers and completion details.
  if (typeof node.description === 'string') out.markdownDescription = node.description;
  return out;
}

/** The schema monaco-yaml validates every document of every file against. */
export function kubernetesJsonSchema(definitions: Record<string, OpenApiDefinition>): JsonSchema {
  const kinds: { apiVersion: string; kind: string; ref: string; description?: string }[] = [];
  for (const [name, def] of Object.entries(definitions)) {
    for (const gvk of def['x-kubernetes-group-version-kind'] ?? []) {
      // Lists are what `get` returns; nobody writes them by hand.
      if (gvk.kind.endsWith('List') && def.properties?.items) continue;
      kinds.push({
        apiVersion: apiVersionOf(gvk.group, gvk.version),
        kind: gvk.kind,
        ref: `#/definitions/${name}`,
        description: def.description,
      });
    }
  }
  kinds.sort((a, b) => a.kind.localeCompare(b.kind) || a.apiVersion.localeCompare(b.apiVersion));
  const closed = Object.fromEntries(
    Object.entries(definitions).map(([name, def]) => [name, closeObjects(def)]),
  );
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Kubernetes object',
    type: 'object',
    required: ['apiVersion', 'kind'],
    properties: {
      apiVersion: {
        type: 'string',
        description: 'The API group and version of the object, e.g. `apps/v1` or `v1`.',
        // Examples, not an enum: custom resources use apiVersions and kinds of their own.
        examples: [...new Set(kinds.map((k) => k.apiVersion))].sort(),
      },
      kind: {
        type: 'string',
        description: 'The kind of object (Deployment, Service, ConfigMap, ...).',
        examples: [...new Set(kinds.map((k) => k.kind))],
      },
    },
    allOf: kinds.map((k) => ({
      if: {
        properties: { apiVersion: { const: k.apiVersion }, kind: { const: k.kind } },
        required: ['apiVersion', 'kind'],
      },
      then: { $ref: k.ref },
    })),
    definitions: closed,
  };
}
