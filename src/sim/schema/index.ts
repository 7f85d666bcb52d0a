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

const resolvedCache = new WeakMap<SchemaNode, SchemaNode>();

/** Follows `$ref`s to the definition (cached: schema nodes never change). */
function resolve(node: SchemaNode): SchemaNode {
  if (!node.$ref) return node;
  const cached = resolvedCache.get(node);
  if (cached) return cached;
  let current = node;
  for (let i = 0; current.$ref && i < 10; i++) {
    const target = definitions[current.$ref.replace('#/definitions/', '')];
    if (!target) break;
    current = target;
  }
  resolvedCache.set(node, current);
  return current;
}

const refStructCache = new Map<string, string>();

/** The Go struct name a `$ref` names (its last dotted segment). */
function refStruct(ref: string): string {
  let name = refStructCache.get(ref);
  if (name === undefined) {
    name = ref.split('.').at(-1) ?? '';
    refStructCache.set(ref, name);
  }
  return name;
}

/** A field path built only when a problem is reported (most requests have none). */
interface PathLink {
  up: PathLink | undefined;
  key: string | number;
}

function pathString(link: PathLink | undefined): string {
  if (!link) return '';
  const prefix = pathString(link.up);
  if (typeof link.key === 'number') return `${prefix}[${link.key}]`;
  return prefix ? `${prefix}.${link.key}` : link.key;
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

/** One walk's state (module-level functions: no closures allocated per request). */
interface Walk {
  problems: SchemaProblems;
  limit: number;
}

function typeError(walk: Walk, message: string): void {
  walk.problems.typeErrors.push(message);
}

function visit(
  walk: Walk,
  v: unknown,
  node: SchemaNode,
  parent: PathLink | undefined,
  /** The field or index of `v` under `parent` (undefined at the root). */
  at: string | number | undefined,
  struct: string,
  field: string,
  depth: number,
): void {
  if (v === null || v === undefined) return;
  const { problems } = walk;
  if (depth > 64 || problems.unknownFields.length + problems.typeErrors.length >= walk.limit)
    return;
  const s = resolve(node);
  // Leaves first: most values are strings and numbers.
  switch (s.type) {
    case 'string':
      if (typeof v === 'string') return;
      break;
    case 'integer':
      if (typeof v === 'number' && Number.isInteger(v)) return;
      break;
    case 'boolean':
      if (typeof v === 'boolean') return;
      break;
  }
  // The path link is made only past the leaf checks: most values need none.
  const link: PathLink | undefined = at === undefined ? parent : { up: parent, key: at };
  const structName = node.$ref ? refStruct(node.$ref) || struct : struct;
  if (s['x-kubernetes-preserve-unknown-fields'] && !s.properties) return;
  if (s['x-kubernetes-int-or-string'] || s.anyOf) {
    if (typeof v !== 'number' && typeof v !== 'string') {
      typeError(
        walk,
        `json: cannot unmarshal ${jsonKind(v)} into Go struct field ${struct}.${pathString(link)} of type intstr.IntOrString`,
      );
    }
    return;
  }
  const kind = jsonKind(v);
  let expected: string | undefined;
  switch (s.type) {
    case 'integer':
      expected = goType(s, field);
      break;
    case 'boolean':
      expected = 'bool';
      break;
    case 'string':
      expected = 'string';
      break;
    case 'array': {
      if (kind !== 'array') {
        expected = goType(s, field);
        break;
      }
      const items = s.items;
      if (!items) return;
      const list = v as unknown[];
      for (let i = 0; i < list.length; i++)
        visit(walk, list[i], items, link, i, structName, field, depth + 1);
      return;
    }
    default:
      if (!(s.type === 'object' || s.properties || s.additionalProperties)) return;
      if (kind !== 'object') {
        expected = s.additionalProperties
          ? goType(s, field)
          : `${node.$ref?.split('.').slice(-3).join('.') ?? 'object'}`;
        break;
      }
      {
        const obj = v as Record<string, unknown>;
        const properties = s.properties;
        for (const key of Object.keys(obj)) {
          const propSchema = properties?.[key] ?? s.additionalProperties;
          if (!propSchema) {
            if (!properties) continue;
            problems.unknownFields.push(pathString({ up: link, key }));
            continue;
          }
          visit(walk, obj[key], propSchema, link, key, structName, key, depth + 1);
        }
      }
      return;
  }
  typeError(
    walk,
    `json: cannot unmarshal ${kind} into Go struct field ${struct}.${pathString(link)} of type ${expected}`,
  );
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
  visit({ problems, limit }, value, root, undefined, undefined, rootStruct, '', 0);
  return problems;
}
