/**
 * Full OpenAPI component schemas for the built-in kinds, generated at server start from the
 * `kubernetes-types` declarations (their TSDoc is the upstream field documentation), so
 * `kubectl explain` works against `k8s-explorer serve`. Node only: the browser build never loads
 * them (a 1 MB+ document is not worth shipping to draw a diagram). Generated on the fly rather than
 * committed, because the declarations are already installed and the generation takes well under a
 * second; without `typescript` or `kubernetes-types` (a production install) it returns undefined
 * and the documents keep their open schemas.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import type * as TS from 'typescript';
import type { ComponentSchemas, JsonSchema } from '../sim/apiserver/openapi/components.ts';

type Ts = typeof TS;

/** Go package prefix of each declaration file of kubernetes-types. */
function packageOf(file: string): string {
  const path = file.replace(/\.d\.ts$/, '');
  if (path === 'runtime') return 'io.k8s.apimachinery.pkg.runtime';
  if (path === 'version') return 'io.k8s.apimachinery.pkg.version';
  if (path === 'api/resource') return 'io.k8s.apimachinery.pkg.api.resource';
  if (path.startsWith('meta/')) return `io.k8s.apimachinery.pkg.apis.${path.replace('/', '.')}`;
  if (path.startsWith('apiextensions/'))
    return `io.k8s.apiextensions-apiserver.pkg.apis.${path.replace('/', '.')}`;
  return `io.k8s.api.${path.replace('/', '.')}`;
}

const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';

/**
 * Strategic-merge metadata of the fields that have it (the `patchStrategy`/`patchMergeKey` tags of
 * kubernetes/api v0.32.0 types.go and apimachinery meta/v1 types.go), by `Type.field`.
 */
const PATCH_META: Record<string, [strategy: string, mergeKey?: string]> = {
  'io.k8s.api.core.v1.PodSpec.containers': ['merge', 'name'],
  'io.k8s.api.core.v1.PodSpec.initContainers': ['merge', 'name'],
  'io.k8s.api.core.v1.PodSpec.ephemeralContainers': ['merge', 'name'],
  'io.k8s.api.core.v1.PodSpec.volumes': ['merge,retainKeys', 'name'],
  'io.k8s.api.core.v1.PodSpec.imagePullSecrets': ['merge', 'name'],
  'io.k8s.api.core.v1.PodSpec.hostAliases': ['merge', 'ip'],
  'io.k8s.api.core.v1.PodSpec.schedulingGates': ['merge', 'name'],
  'io.k8s.api.core.v1.PodSpec.resourceClaims': ['merge,retainKeys', 'name'],
  'io.k8s.api.core.v1.PodSpec.topologySpreadConstraints': ['merge', 'topologyKey'],
  'io.k8s.api.core.v1.Container.ports': ['merge', 'containerPort'],
  'io.k8s.api.core.v1.Container.env': ['merge', 'name'],
  'io.k8s.api.core.v1.Container.volumeMounts': ['merge', 'mountPath'],
  'io.k8s.api.core.v1.Container.volumeDevices': ['merge', 'devicePath'],
  'io.k8s.api.core.v1.EphemeralContainer.env': ['merge', 'name'],
  'io.k8s.api.core.v1.EphemeralContainer.volumeMounts': ['merge', 'mountPath'],
  'io.k8s.api.core.v1.EphemeralContainer.volumeDevices': ['merge', 'devicePath'],
  'io.k8s.api.core.v1.PodStatus.conditions': ['merge', 'type'],
  'io.k8s.api.core.v1.PodStatus.podIPs': ['merge', 'ip'],
  'io.k8s.api.core.v1.PodStatus.hostIPs': ['merge', 'ip'],
  'io.k8s.api.core.v1.ServiceSpec.ports': ['merge', 'port'],
  'io.k8s.api.core.v1.ServiceStatus.conditions': ['merge', 'type'],
  'io.k8s.api.core.v1.NodeSpec.podCIDRs': ['merge'],
  'io.k8s.api.core.v1.NodeStatus.conditions': ['merge', 'type'],
  'io.k8s.api.core.v1.NodeStatus.addresses': ['merge', 'type'],
  'io.k8s.api.core.v1.NamespaceStatus.conditions': ['merge', 'type'],
  'io.k8s.api.core.v1.PersistentVolumeClaimStatus.conditions': ['merge', 'type'],
  'io.k8s.api.core.v1.ServiceAccount.secrets': ['merge', 'name'],
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta.ownerReferences': ['merge', 'uid'],
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta.finalizers': ['merge'],
  'io.k8s.api.apps.v1.DeploymentSpec.strategy': ['retainKeys'],
  'io.k8s.api.apps.v1.DeploymentStatus.conditions': ['merge', 'type'],
  'io.k8s.api.apps.v1.ReplicaSetStatus.conditions': ['merge', 'type'],
  'io.k8s.api.apps.v1.DaemonSetStatus.conditions': ['merge', 'type'],
  'io.k8s.api.apps.v1.StatefulSetStatus.conditions': ['merge', 'type'],
  'io.k8s.api.batch.v1.JobStatus.conditions': ['merge', 'type'],
  'io.k8s.api.policy.v1.PodDisruptionBudgetSpec.selector': ['replace'],
  'io.k8s.api.policy.v1.PodDisruptionBudgetStatus.conditions': ['merge', 'type'],
  'io.k8s.api.admissionregistration.v1.MutatingWebhookConfiguration.webhooks': ['merge', 'name'],
  'io.k8s.api.admissionregistration.v1.ValidatingWebhookConfiguration.webhooks': ['merge', 'name'],
};

/** Every component schema of the built-in API, or undefined when the generator's inputs are missing. */
export async function generateComponentSchemas(): Promise<ComponentSchemas | undefined> {
  let ts: Ts;
  let root: string;
  try {
    ts = (await import('typescript')).default as Ts;
    const require = createRequire(import.meta.url);
    root = dirname(require.resolve('kubernetes-types/package.json'));
  } catch {
    return undefined;
  }
  const schemas: ComponentSchemas = {
    [INT_OR_STRING]: {
      type: 'string',
      format: 'int-or-string',
      'x-kubernetes-int-or-string': true,
      description: 'IntOrString is a type that can hold an int32 or a string.',
    },
  };
  for (const file of declarationFiles(root)) {
    const text = readFileSync(join(root, file), 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    convertFile(ts, source, packageOf(file), importsOf(ts, source, file), schemas);
  }
  return schemas;
}

function declarationFiles(root: string, dir = root): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...declarationFiles(root, path));
    else if (entry.name.endsWith('.d.ts')) out.push(relative(root, path));
  }
  return out.sort();
}

/** Imported names mapped to their package prefix (`ObjectMeta` -> `io.k8s.apimachinery.pkg.apis.meta.v1`). */
function importsOf(ts: Ts, source: TS.SourceFile, file: string): Map<string, string> {
  const imports = new Map<string, string>();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier))
      continue;
    const target = join(dirname(file), statement.moduleSpecifier.text).replace(/^\.\//, '');
    const bindings = statement.importClause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements)
        imports.set(element.name.text, packageOf(`${target}.d.ts`));
    }
  }
  return imports;
}

function docOf(ts: Ts, node: TS.Node): string | undefined {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  const text = docs
    .map((doc) => (typeof doc.comment === 'string' ? doc.comment : ''))
    .join('\n')
    .trim();
  return text || undefined;
}

function convertFile(
  ts: Ts,
  source: TS.SourceFile,
  pkg: string,
  imports: Map<string, string>,
  out: ComponentSchemas,
): void {
  const local = new Set<string>();
  for (const s of source.statements)
    if ((ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)) && s.name)
      local.add(s.name.text);
  const refName = (name: string) => `${local.has(name) ? pkg : (imports.get(name) ?? pkg)}.${name}`;

  const typeSchema = (node: TS.TypeNode): JsonSchema => {
    if (node.kind === ts.SyntaxKind.StringKeyword) return { type: 'string' };
    if (node.kind === ts.SyntaxKind.NumberKeyword) return { type: 'integer', format: 'int32' };
    if (node.kind === ts.SyntaxKind.BooleanKeyword) return { type: 'boolean' };
    if (ts.isLiteralTypeNode(node))
      return ts.isStringLiteral(node.literal) ? { type: 'string' } : {};
    if (ts.isArrayTypeNode(node)) return { type: 'array', items: typeSchema(node.elementType) };
    if (ts.isUnionTypeNode(node)) {
      const kinds = node.types.map((t) => t.kind);
      if (
        kinds.includes(ts.SyntaxKind.NumberKeyword) &&
        kinds.includes(ts.SyntaxKind.StringKeyword)
      )
        return { $ref: `#/components/schemas/${INT_OR_STRING}` };
      return { 'x-kubernetes-preserve-unknown-fields': true };
    }
    if (ts.isTypeLiteralNode(node)) {
      const index = node.members.find(ts.isIndexSignatureDeclaration);
      if (index?.type) return { type: 'object', additionalProperties: typeSchema(index.type) };
      return { type: 'object' };
    }
    if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
      const name = node.typeName.text;
      if (name === 'Array' && node.typeArguments?.[0])
        return { type: 'array', items: typeSchema(node.typeArguments[0]) };
      return { $ref: `#/components/schemas/${refName(name)}` };
    }
    return {};
  };

  for (const statement of source.statements) {
    if (ts.isTypeAliasDeclaration(statement)) {
      const schema = typeSchema(statement.type);
      const description = docOf(ts, statement);
      // `Time`, `Quantity`... are strings with their own documentation; unions stay open.
      out[`${pkg}.${statement.name.text}`] = {
        ...(schema.$ref ? { type: 'string' } : schema),
        ...(description ? { description } : {}),
      };
      continue;
    }
    if (!ts.isInterfaceDeclaration(statement)) continue;
    const name = `${pkg}.${statement.name.text}`;
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    let apiVersion: string | undefined;
    let kind: string | undefined;
    for (const member of statement.members) {
      if (
        !ts.isPropertySignature(member) ||
        !member.type ||
        !(ts.isIdentifier(member.name) || ts.isStringLiteral(member.name))
      )
        continue;
      const field = member.name.text;
      let schema = typeSchema(member.type);
      const description = docOf(ts, member);
      // As kube-openapi writes references with siblings: the $ref inside allOf.
      if (schema.$ref) schema = { allOf: [{ $ref: schema.$ref }] };
      if (description) schema = { ...schema, description };
      const meta = PATCH_META[`${name}.${field}`];
      if (meta) {
        schema['x-kubernetes-patch-strategy'] = meta[0];
        if (meta[1]) schema['x-kubernetes-patch-merge-key'] = meta[1];
      }
      properties[field] = schema;
      if (!member.questionToken) required.push(field);
      if (ts.isLiteralTypeNode(member.type) && ts.isStringLiteral(member.type.literal)) {
        if (field === 'apiVersion') apiVersion = member.type.literal.text;
        if (field === 'kind') kind = member.type.literal.text;
      }
    }
    const schema: JsonSchema = { type: 'object', properties };
    const description = docOf(ts, statement);
    if (description) schema.description = description;
    if (required.length > 0) schema.required = required.sort();
    if (apiVersion && kind) {
      const slash = apiVersion.indexOf('/');
      schema['x-kubernetes-group-version-kind'] = [
        {
          group: slash < 0 ? '' : apiVersion.slice(0, slash),
          version: slash < 0 ? apiVersion : apiVersion.slice(slash + 1),
          kind,
        },
      ];
    }
    out[name] = schema;
  }
}
