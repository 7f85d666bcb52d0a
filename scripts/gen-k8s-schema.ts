/**
 * Generates the Kubernetes JSON schema definitions the project bundles (no network at run time)
 * from the `kubernetes-types` package's declarations and their TSDoc:
 *   src/sim/schema/definitions.json  OpenAPI-style definitions with descriptions (editor, explain, /openapi)
 *   src/sim/schema/structure.json    the same without descriptions (apiserver field validation)
 * Run: npx tsx scripts/gen-k8s-schema.ts
 */
import ts from 'typescript';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createRequire } from 'node:module';

type Schema = Record<string, unknown>;

const require = createRequire(import.meta.url);
const root = dirname(require.resolve('kubernetes-types/package.json'));
const outDir = join(dirname(new URL(import.meta.url).pathname), '..', 'src', 'sim', 'schema');

/** kubernetes-types folder -> the OpenAPI definition prefix Kubernetes uses. */
function packagePrefix(file: string): string {
  const rel = relative(root, file).replace(/\.d\.ts$/, '');
  if (rel === 'meta/v1') return 'io.k8s.apimachinery.pkg.apis.meta.v1';
  if (rel === 'api/resource') return 'io.k8s.apimachinery.pkg.api.resource';
  if (rel === 'runtime') return 'io.k8s.apimachinery.pkg.runtime';
  if (rel === 'version') return 'io.k8s.apimachinery.pkg.version';
  if (rel === 'util/intstr') return 'io.k8s.apimachinery.pkg.util.intstr';
  if (rel.startsWith('apiextensions/'))
    return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${rel.split('/')[1]}`;
  return `io.k8s.api.${rel.replace('/', '.')}`;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return walk(p);
    return p.endsWith('.d.ts') && name !== 'v1.d.ts'
      ? [p]
      : p.endsWith('.d.ts') && dir !== root
        ? [p]
        : [];
  });
}

const definitions: Record<string, Schema> = {};
const aliasSchemas: Record<string, Schema> = {
  Quantity: {
    'x-kubernetes-int-or-string': true,
    anyOf: [{ type: 'integer' }, { type: 'string' }],
    format: 'quantity',
  },
  Time: { type: 'string', format: 'date-time' },
  MicroTime: { type: 'string', format: 'date-time' },
};
const opaque = new Set(['RawExtension', 'FieldsV1', 'JSON']);

function docOf(node: ts.Node, source: ts.SourceFile): string | undefined {
  const ranges = ts.getLeadingCommentRanges(source.text, node.getFullStart()) ?? [];
  const last = ranges.at(-1);
  if (!last) return undefined;
  const text = source.text.slice(last.pos, last.end);
  if (!text.startsWith('/**')) return undefined;
  return text
    .replace(/^\/\*\*\s?/, '')
    .replace(/\s*\*\/$/, '')
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, ''))
    .join('\n')
    .trim();
}

function typeSchema(node: ts.TypeNode, imports: Map<string, string>, prefix: string): Schema {
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword:
      return { type: 'string' };
    case ts.SyntaxKind.NumberKeyword:
      return { type: 'integer' };
    case ts.SyntaxKind.BooleanKeyword:
      return { type: 'boolean' };
    case ts.SyntaxKind.AnyKeyword:
    case ts.SyntaxKind.UnknownKeyword:
      return { 'x-kubernetes-preserve-unknown-fields': true };
  }
  if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal))
    return { type: 'string', enum: [node.literal.text] };
  if (ts.isArrayTypeNode(node))
    return { type: 'array', items: typeSchema(node.elementType, imports, prefix) };
  if (ts.isParenthesizedTypeNode(node)) return typeSchema(node.type, imports, prefix);
  if (ts.isUnionTypeNode(node)) {
    const kinds = node.types.map((t) => t.kind);
    if (
      kinds.includes(ts.SyntaxKind.NumberKeyword) &&
      kinds.includes(ts.SyntaxKind.StringKeyword)
    ) {
      return {
        'x-kubernetes-int-or-string': true,
        anyOf: [{ type: 'integer' }, { type: 'string' }],
      };
    }
    return { anyOf: node.types.map((t) => typeSchema(t, imports, prefix)) };
  }
  if (ts.isTypeLiteralNode(node)) {
    const index = node.members.find(ts.isIndexSignatureDeclaration);
    if (index?.type)
      return { type: 'object', additionalProperties: typeSchema(index.type, imports, prefix) };
    return { type: 'object' };
  }
  if (ts.isTypeReferenceNode(node)) {
    const name = node.typeName.getText();
    if (name === 'Array' && node.typeArguments?.[0]) {
      return { type: 'array', items: typeSchema(node.typeArguments[0], imports, prefix) };
    }
    if (aliasSchemas[name]) return { ...aliasSchemas[name] };
    if (opaque.has(name)) return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    const target = imports.get(name) ?? prefix;
    return { $ref: `#/definitions/${target}.${name}` };
  }
  return {};
}

for (const file of walk(root)) {
  const source = ts.createSourceFile(
    file,
    readFileSync(file, 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  const prefix = packagePrefix(file);
  const imports = new Map<string, string>();
  for (const stmt of source.statements) {
    if (
      ts.isImportDeclaration(stmt) &&
      stmt.importClause?.namedBindings &&
      ts.isNamedImports(stmt.importClause.namedBindings)
    ) {
      const from = join(dirname(file), (stmt.moduleSpecifier as ts.StringLiteral).text + '.d.ts');
      for (const el of stmt.importClause.namedBindings.elements)
        imports.set(el.name.text, packagePrefix(from));
    }
  }
  for (const stmt of source.statements) {
    if (ts.isTypeAliasDeclaration(stmt)) {
      const name = stmt.name.text;
      if (aliasSchemas[name]) continue;
      definitions[`${prefix}.${name}`] = {
        description: docOf(stmt, source),
        ...typeSchema(stmt.type, imports, prefix),
      };
      continue;
    }
    if (!ts.isInterfaceDeclaration(stmt)) continue;
    const name = stmt.name.text;
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    let apiVersion: string | undefined;
    let kind: string | undefined;
    for (const member of stmt.members) {
      if (!ts.isPropertySignature(member) || !member.type) continue;
      const prop = member.name.getText().replace(/^"|"$/g, '');
      const schema = typeSchema(member.type, imports, prefix);
      const description = docOf(member, source);
      properties[prop] = description ? { description, ...schema } : schema;
      if (!member.questionToken) required.push(prop);
      if (prop === 'apiVersion' && Array.isArray(schema.enum)) apiVersion = String(schema.enum[0]);
      if (prop === 'kind' && Array.isArray(schema.enum)) kind = String(schema.enum[0]);
    }
    const def: Schema = { description: docOf(stmt, source), type: 'object', properties };
    if (opaque.has(name)) def['x-kubernetes-preserve-unknown-fields'] = true;
    if (required.length) def.required = required;
    if (apiVersion && kind) {
      const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
      def['x-kubernetes-group-version-kind'] = [{ group, version, kind }];
      // apiVersion and kind are optional in the object but fixed by the endpoint.
      (properties.apiVersion as Schema).enum = undefined;
      (properties.kind as Schema).enum = undefined;
    }
    definitions[`${prefix}.${name}`] = def;
  }
}

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      if (k !== 'description' && v !== undefined) out[k] = strip(v);
    return out;
  }
  return value;
}

const sorted = Object.fromEntries(
  Object.entries(definitions).sort(([a], [b]) => a.localeCompare(b)),
);
writeFileSync(join(outDir, 'definitions.json'), JSON.stringify({ definitions: sorted }) + '\n');
writeFileSync(
  join(outDir, 'structure.json'),
  JSON.stringify({ definitions: strip(sorted) }) + '\n',
);
console.log(
  `gen-k8s-schema: ${Object.keys(sorted).length} definitions written to ${relative(process.cwd(), outDir)}`,
);
