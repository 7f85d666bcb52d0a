/**
 * `kubectl explain` from the server's OpenAPI v3 documents, rendered like kubectl's plaintext
 * template (pkg/explain/v2/templates/plaintext.tmpl: GROUP/KIND/VERSION header, FIELD line,
 * DESCRIPTION wrapped at 76 columns and indented 4, FIELDS with `name\t<type>` and descriptions),
 * `--recursive` for the field tree. Without OpenAPI a few built-in descriptions are used.
 */
import { type Command, type CommandContext } from '../context';
import type { ResourceMapping } from '../discovery';
import { KubectlError } from '../errors';

/* eslint-disable @typescript-eslint/no-explicit-any -- OpenAPI schema JSON */
type Schema = any;

/** goutils.Wrap: greedy word wrap; words longer than the width stay whole. */
function wrap(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      const words = line.split(' ');
      const out: string[] = [];
      let cur = '';
      for (const w of words) {
        if (cur === '') cur = w;
        else if (cur.length + 1 + w.length <= width) cur += ` ${w}`;
        else {
          out.push(cur);
          cur = w;
        }
      }
      out.push(cur);
      return out.join('\n');
    })
    .join('\n');
}

/** sprig indent: every line (also empty ones) gets the padding. */
function indent(text: string, n: number): string {
  const pad = ' '.repeat(n);
  return pad + text.replace(/\n/g, `\n${pad}`);
}

function resolve(schema: Schema, doc: Schema): Schema {
  const ref: string | undefined = schema?.$ref;
  if (!ref) return schema;
  const name = ref.split('/').pop() ?? '';
  return doc.components?.schemas?.[name] ?? schema;
}

function typeGuess(schema: Schema, doc: Schema): string {
  if (schema.items) return `[]${typeGuess(schema.items, doc)}`;
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object')
    return `map[string]${typeGuess(schema.additionalProperties, doc)}`;
  if (schema.allOf && !schema.properties && schema.allOf.length === 1)
    return typeGuess(schema.allOf[0], doc);
  if (schema.$ref) {
    const target = resolve(schema, doc);
    if (!target || !target.type || target.type === 'object')
      return (schema.$ref.split('/').pop() ?? '').split('.').pop() || 'Object';
    return target.type;
  }
  return schema.type === 'object' || !schema.type ? 'Object' : schema.type;
}

function description(schema: Schema, doc: Schema): string {
  const s = resolve(schema, doc);
  let out = s.description ? `${s.description}\n` : '';
  for (const sub of s.allOf ?? []) out += description(sub, doc);
  if (s.items) out += description(s.items, doc);
  if (s.additionalProperties && typeof s.additionalProperties === 'object')
    out += description(s.additionalProperties, doc);
  return out;
}

function enumText(schema: Schema, long: boolean, limit: number, indentAmount: number): string {
  if (!schema.enum) return '';
  let out = long ? 'ENUM:' : `\n${' '.repeat(indentAmount)}enum: `;
  (schema.enum as unknown[]).some((e, i) => {
    if (limit > -1 && i >= limit) {
      out += ', ....';
      return true;
    }
    const v = e === '' ? '""' : String(e);
    if (long) out += `\n    ${v}`;
    else out += i > 0 ? `, ${v}` : v;
    return false;
  });
  return out;
}

function fieldList(
  schema: Schema,
  doc: Schema,
  level: number,
  recursive: boolean,
  history: Set<string>,
): string {
  const ref = schema.$ref ?? '';
  if (ref && history.has(ref)) return '';
  const next = new Set(history);
  if (ref) next.add(ref);
  const s = resolve(schema, doc);
  let out = '';
  for (const name of Object.keys(s.properties ?? {}).sort()) {
    const field = s.properties[name];
    const amount = level * 2;
    out += `${indent(name, amount)}\t<${typeGuess(field, doc)}>${(s.required ?? []).includes(name) ? ' -required-' : ''}${enumText(field, false, 4, amount)}\n`;
    if (!recursive)
      out += `${indent(wrap(field.description ?? '<no description>', 78 - amount), amount + 2)}\n\n`;
    else out += fieldList(field, doc, level + 1, recursive, next);
  }
  for (const sub of s.allOf ?? []) out += fieldList(sub, doc, level, recursive, next);
  if (s.items) out += fieldList(s.items, doc, level, recursive, next);
  if (s.additionalProperties && typeof s.additionalProperties === 'object')
    out += fieldList(s.additionalProperties, doc, level, recursive, next);
  return out;
}

function output(
  schema: Schema,
  doc: Schema,
  path: string[],
  recursive: boolean,
): string | undefined {
  const s = resolve(schema, doc);
  if (path.length === 0) {
    let out = `DESCRIPTION:\n${indent(wrap(description(schema, doc) || '<empty>', 76), 4)}\n`;
    const fields = fieldList(schema, doc, 1, recursive, new Set());
    if (fields) out += `FIELDS:\n${fields}`;
    return out;
  }
  const [head, ...rest] = path;
  if (s.properties?.[head]) {
    const sub = s.properties[head];
    let out = '';
    if (rest.length === 0)
      out += `FIELD: ${head} <${typeGuess(sub, doc)}>\n${enumText(sub, true, -1, 0)}\n\n`;
    const inner = output(sub, doc, rest, recursive);
    return inner === undefined ? undefined : out + inner;
  }
  if (s.items) return output(s.items, doc, path, recursive);
  if (s.additionalProperties && typeof s.additionalProperties === 'object')
    return output(s.additionalProperties, doc, path, recursive);
  for (const sub of s.allOf ?? []) {
    const r = output(sub, doc, path, recursive);
    if (r) return r;
  }
  return undefined;
}

const BUILTIN: Record<string, string> = {
  Pod: 'Pod is a collection of containers that can run on a host. This resource is created by clients and scheduled onto hosts.',
  Deployment: 'Deployment enables declarative updates for Pods and ReplicaSets.',
  ReplicaSet:
    'ReplicaSet ensures that a specified number of pod replicas are running at any given time.',
  Service:
    'Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.',
  ConfigMap: 'ConfigMap holds configuration data for pods to consume.',
  Secret:
    'Secret holds secret data of a certain type. The total bytes of the values in the Data field must be less than MaxSecretSize bytes.',
  Namespace: 'Namespace provides a scope for Names. Use of multiple namespaces is optional.',
  Node: 'Node is a worker node in Kubernetes. Each node will have a unique identifier in the cache (i.e. in etcd).',
};

async function loadDocument(ctx: CommandContext, m: ResourceMapping): Promise<Schema | undefined> {
  const index = await ctx.api
    .get<{ paths?: Record<string, { serverRelativeURL: string }> }>('/openapi/v3')
    .catch(() => undefined);
  const key = m.group ? `apis/${m.group}/${m.version}` : `api/${m.version}`;
  const entry = index?.paths?.[key];
  if (!entry) return undefined;
  const [path, query] = entry.serverRelativeURL.split('?');
  const q = Object.fromEntries(new URLSearchParams(query ?? ''));
  return ctx.api.get<Schema>(path, q).catch(() => undefined);
}

async function runExplain(ctx: CommandContext): Promise<number> {
  const arg = ctx.flags.positional[0];
  if (!arg) {
    throw new KubectlError(
      'You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.\n',
      { raw: false },
    );
  }
  const [resourceWord, ...path] = arg.split('.');
  const m = await ctx.discovery.resolve(
    ctx.flags.str('api-version')
      ? `${resourceWord}.${ctx.flags.str('api-version').split('/').reverse().join('.')}`
      : resourceWord,
  );
  const header = `${m.group ? `GROUP:      ${m.group}\n` : ''}KIND:       ${m.kind}\nVERSION:    ${m.version}\n\n`;
  const doc = await loadDocument(ctx, m);
  const schema = doc
    ? Object.values((doc.components?.schemas ?? {}) as Record<string, Schema>).find((s) =>
        (s['x-kubernetes-group-version-kind'] ?? []).some(
          (g: Schema) =>
            (g.group ?? '') === m.group && g.version === m.version && g.kind === m.kind,
        ),
      )
    : undefined;
  if (!schema || !schema.properties) {
    if (path.length > 0 || !BUILTIN[m.kind])
      throw new KubectlError(
        `GVK ${m.group ? `${m.group}/` : ''}${m.version}, Kind=${m.kind} not found in OpenAPI schema`,
      );
    ctx.out(`${header}DESCRIPTION:\n${indent(wrap(`${BUILTIN[m.kind]}\n`, 76), 4)}\n\n`);
    return 0;
  }
  const body = output(schema, doc, path, ctx.flags.bool('recursive'));
  if (body === undefined) throw new KubectlError(`field "${path[path.length - 1]}" does not exist`);
  ctx.out(`${header}${body}\n`);
  return 0;
}

export const explainCommand: Command = {
  name: 'explain',
  short: 'Get documentation for a resource',
  usage:
    'kubectl explain TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] [-o|--output=plaintext|plaintext-openapiv2] [options]',
  flags: [
    { name: 'recursive', type: 'bool' },
    { name: 'api-version', type: 'string' },
    { name: 'output', short: 'o', type: 'string' },
  ],
  run: runExplain,
};
