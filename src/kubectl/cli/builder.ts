/**
 * Turning arguments into what to act on, like cli-runtime's resource.Builder:
 * `TYPE`, `TYPE1,TYPE2`, `TYPE NAME...`, `TYPE/NAME...`, categories (`all`), and `-f` files.
 */
import type { KubeObject } from '../../sim/api/types';
import { resourcePath } from './api';
import type { CommandContext } from './context';
import type { ResourceMapping } from './discovery';
import { KubectlError } from './errors';
import { readFiles } from './manifests';

/** One type with the names asked for (none: the whole collection). */
export interface Selection {
  mapping: ResourceMapping;
  names: string[];
}

/** One object to act on. */
export interface Target {
  mapping: ResourceMapping;
  name: string;
  namespace: string;
  /** The object from a file, for -f. */
  object?: KubeObject;
}

const SEPARATE_TYPE_MSG =
  "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'";

/** Parses positional args into selections, resolving every type through discovery. */
export async function selectResources(ctx: CommandContext, args: string[]): Promise<Selection[]> {
  if (args.length === 0) return [];
  const slashForm = args.some((a) => a.includes('/'));
  if (slashForm) {
    if (!args[0].includes('/')) throw new KubectlError(SEPARATE_TYPE_MSG);
    const out: Selection[] = [];
    for (const a of args) {
      const i = a.indexOf('/');
      if (i < 0) throw new KubectlError(SEPARATE_TYPE_MSG);
      const type = a.slice(0, i);
      const name = a.slice(i + 1);
      if (!name)
        throw new KubectlError(
          `arguments in resource/name form must have a single resource and name`,
        );
      const mapping = await ctx.discovery.resolve(type);
      out.push({ mapping, names: [name] });
    }
    return out;
  }
  const [types, ...names] = args;
  const mappings: ResourceMapping[] = [];
  for (const t of types.split(',').filter(Boolean)) {
    for (const m of await ctx.discovery.expand(t)) {
      if (!mappings.some((x) => x.group === m.group && x.resource === m.resource)) mappings.push(m);
    }
  }
  if (names.length > 0) return mappings.map((mapping) => ({ mapping, names }));
  return mappings.map((mapping) => ({ mapping, names: [] }));
}

/** Objects named in files (`-f`), each resolved to its resource. */
export async function fileTargets(ctx: CommandContext, files: string[]): Promise<Target[]> {
  const out: Target[] = [];
  for (const { object, source } of readFiles(ctx.env, files)) {
    const mapping = await ctx.discovery.forKind(object.apiVersion ?? '', object.kind ?? '');
    if (!mapping) {
      throw new KubectlError(
        `resource mapping not found for name: "${object.metadata?.name ?? ''}" namespace: "${object.metadata?.namespace ?? ''}" from "${source}": no matches for kind "${object.kind}" in version "${object.apiVersion}"\nensure CRDs are installed first`,
      );
    }
    const fileNs = object.metadata?.namespace;
    if (mapping.namespaced && fileNs && ctx.explicitNamespace && fileNs !== ctx.namespace) {
      throw new KubectlError(
        `the namespace from the provided object "${fileNs}" does not match the namespace "${ctx.namespace}". You must pass '--namespace=${fileNs}' to perform this operation.`,
      );
    }
    out.push({
      mapping,
      name: object.metadata?.name ?? '',
      namespace: mapping.namespaced ? (fileNs ?? ctx.namespace) : '',
      object,
    });
  }
  return out;
}

/** Path of a target. */
export function targetPath(t: Target, subresource?: string): string {
  return resourcePath(t.mapping, t.namespace, t.name, subresource);
}

/** Lists the objects of a type in the namespace (all namespaces with `allNamespaces`). */
export async function listObjects(
  ctx: CommandContext,
  mapping: ResourceMapping,
  options: { allNamespaces?: boolean; labelSelector?: string; fieldSelector?: string } = {},
): Promise<KubeObject[]> {
  const query: Record<string, string> = {};
  if (options.labelSelector) query.labelSelector = options.labelSelector;
  if (options.fieldSelector) query.fieldSelector = options.fieldSelector;
  const ns = options.allNamespaces ? undefined : ctx.namespace;
  const list = await ctx.api.get<{ items?: KubeObject[] }>(resourcePath(mapping, ns), query);
  return (list.items ?? []).map((o) => ({
    ...o,
    metadata: { ...o.metadata, namespace: o.metadata?.namespace },
  }));
}

/**
 * The objects a mutating command (label, annotate, delete, scale, ...) acts on: named ones,
 * files, or everything matching `-l` / `--all`.
 */
export async function collectTargets(
  ctx: CommandContext,
  args: string[],
  options: {
    files?: string[];
    selector?: string;
    all?: boolean;
    allNamespaces?: boolean;
    requireNames?: boolean;
  } = {},
): Promise<Target[]> {
  if (options.files && options.files.length > 0) return fileTargets(ctx, options.files);
  const selections = await selectResources(ctx, args);
  const out: Target[] = [];
  for (const s of selections) {
    const ns = s.mapping.namespaced ? ctx.namespace : '';
    if (s.names.length > 0) {
      for (const name of s.names) out.push({ mapping: s.mapping, name, namespace: ns });
    } else if (options.selector !== undefined || options.all) {
      const items = await listObjects(ctx, s.mapping, {
        labelSelector: options.selector,
        allNamespaces: options.allNamespaces,
      });
      for (const o of items)
        out.push({
          mapping: s.mapping,
          name: o.metadata?.name ?? '',
          namespace: s.mapping.namespaced ? (o.metadata?.namespace ?? ns) : '',
          object: o,
        });
    } else if (options.requireNames !== false) {
      throw new KubectlError(`resource(s) were provided, but no name was specified`);
    }
  }
  return out;
}
