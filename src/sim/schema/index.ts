/**
 * The Kubernetes object schemas, bundled (generated from `kubernetes-types` by
 * scripts/gen-k8s-schema.ts). The apiserver uses the structural copy to find unknown fields
 * (strict field validation) and values of the wrong type (decoding errors), as the real
 * apiserver's decoder does.
 */
import structure from './structure.json';

export interface SchemaNode {
  type?: string;
  $ref?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  enum?: string[];
  required?: string[];
  format?: string;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
}

const definitions = (structure as { definitions: Record<string, SchemaNode> }).definitions;

const byGvk = new Map<string, string>();
for (const [name, def] of Object.entries(definitions)) {
  for (const gvk of def['x-kubernetes-group-version-kind'] ?? []) {
    byGvk.set(`${gvk.group}/${gvk.version}/${gvk.kind}`, name);
  }
}

/** The definition name of a built-in kind, e.g. `io.k8s.api.apps.v1.Deployment`. */
export function definitionName(group: string, version: string, kind: string): string | undefined {
  return byGvk.get(`${group}/${version}/${kind}`);
}

/** A definition by name. */
export function definition(name: string): SchemaNode | undefined {
  return definitions[name];
}

function resolve(node: SchemaNode): SchemaNode {
  let current = node;
  for (let i = 0; current.$ref && i < 10; i++) {
    const target = definitions[current.$ref.replace('#/definitions/', '')];
    if (!target) break;
    current = target;
  }
  return current;
}

/** Go type names the decoder would report for a JSON value of the wrong type. */
function goType(node: SchemaNode, field: string): string {
  if (node.type === 'integer')
    return /Seconds$|Generation|^revision$/.test(field) ? 'int64' : 'int32';
  if (node.type === 'boolean') return 'bool';
  if (node.type === 'string') return 'string';
  if (node.type === 'array')
    return `[]${node.items ? goType(resolve(node.items), field) : 'interface {}'}`;
  if (node.additionalProperties)
    return `map[string]${goType(resolve(node.additionalProperties), field)}`;
  return 'object';
}

function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return 'number';
  return typeof value === 'object' ? 'object' : typeof value;
}

export interface SchemaProblems {
  /** Paths such as `spec.template.spec.containers[0].foo`, in document order. */
  unknownFields: string[];
  /** Decoding errors in the form the Go decoder prints. */
  typeErrors: string[];
}

/** Walks `value` against a definition and reports unknown fields and wrongly typed values. */
export function checkAgainstSchema(
  value: unknown,
  definitionName: string,
  limit = 100,
): SchemaProblems {
  const problems: SchemaProblems = { unknownFields: [], typeErrors: [] };
  const root = definitions[definitionName];
  if (!root) return problems;
  const rootStruct = definitionName.split('.').at(-1) ?? 'Object';
  const visit = (
    v: unknown,
    node: SchemaNode,
    path: string,
    struct: string,
    field: string,
    depth: number,
  ): void => {
    if (depth > 64 || problems.unknownFields.length + problems.typeErrors.length >= limit) return;
    const s = resolve(node);
    const structName = node.$ref ? (node.$ref.split('.').at(-1) ?? struct) : struct;
    if (v === null || v === undefined) return;
    if (s['x-kubernetes-preserve-unknown-fields'] && !s.properties) return;
    if (s['x-kubernetes-int-or-string'] || s.anyOf) {
      if (typeof v !== 'number' && typeof v !== 'string') {
        problems.typeErrors.push(
          `json: cannot unmarshal ${jsonKind(v)} into Go struct field ${struct}.${path} of type intstr.IntOrString`,
        );
      }
      return;
    }
    const kind = jsonKind(v);
    const mismatch = (expected: string): void => {
      problems.typeErrors.push(
        `json: cannot unmarshal ${kind} into Go struct field ${struct}.${path} of type ${expected}`,
      );
    };
    switch (s.type) {
      case 'integer':
        if (kind !== 'number' || !Number.isInteger(v)) mismatch(goType(s, field));
        return;
      case 'boolean':
        if (kind !== 'boolean') mismatch('bool');
        return;
      case 'string':
        if (kind !== 'string') mismatch('string');
        return;
      case 'array':
        if (kind !== 'array') return mismatch(goType(s, field));
        (v as unknown[]).forEach(
          (item, i) =>
            s.items && visit(item, s.items, `${path}[${i}]`, structName, field, depth + 1),
        );
        return;
    }
    if (s.type === 'object' || s.properties || s.additionalProperties) {
      if (kind !== 'object')
        return mismatch(
          s.additionalProperties
            ? goType(s, field)
            : `${node.$ref?.split('.').slice(-3).join('.') ?? 'object'}`,
        );
      const obj = v as Record<string, unknown>;
      for (const [key, child] of Object.entries(obj)) {
        const childPath = path ? `${path}.${key}` : key;
        const propSchema = s.properties?.[key] ?? s.additionalProperties;
        if (!propSchema) {
          if (!s.properties) continue;
          problems.unknownFields.push(childPath);
          continue;
        }
        visit(child, propSchema, childPath, structName, key, depth + 1);
      }
    }
  };
  visit(value, root, '', rootStruct, '', 0);
  return problems;
}
