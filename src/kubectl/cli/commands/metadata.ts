/**
 * `kubectl label`, `annotate`, `patch` and `set image` (pkg/cmd/label, annotate, patch,
 * set/set_image.go): compute the change client-side, send it as a patch, print
 * `pod/web labeled` / `annotated` / `patched` / `image updated`.
 */
import type { KubeObject } from '../../../sim/api/types';
import { collectTargets, targetPath, type Target } from '../builder';
import {
  type Command,
  type CommandContext,
  DRY_RUN_FLAG,
  FILENAME_FLAG,
  OUTPUT_FLAG,
  SELECTOR_FLAG,
} from '../context';
import { AggregateError, KubectlError } from '../errors';
import { dryRunOf, dryRunQuery, printResult } from '../output';
import { parse } from 'yaml';

interface Specs {
  set: Record<string, string>;
  remove: string[];
}

/** Splits `TYPE NAME k=v k2-` into resource args and label/annotation specs. */
function splitSpecs(
  args: string[],
  what: 'label' | 'annotation',
): { resources: string[]; specs: Specs } {
  const resources: string[] = [];
  const specs: Specs = { set: {}, remove: [] };
  for (const a of args) {
    const eq = a.indexOf('=');
    if (eq > 0) specs.set[a.slice(0, eq)] = a.slice(eq + 1);
    else if (a.endsWith('-') && a.length > 1 && (resources.length > 0 || a.includes('/')))
      specs.remove.push(a.slice(0, -1));
    else if (Object.keys(specs.set).length === 0 && specs.remove.length === 0) resources.push(a);
    else throw new KubectlError(`unknown ${what} spec: ${a}`);
  }
  for (const k of specs.remove) {
    if (k in specs.set)
      throw new KubectlError(
        what === 'label'
          ? 'can not both modify and remove a label in the same command'
          : `can not both modify and remove the following annotation(s) in the same command: ${k}`,
      );
  }
  return { resources, specs };
}

async function runMetadata(ctx: CommandContext, field: 'labels' | 'annotations'): Promise<number> {
  const f = ctx.flags;
  const what = field === 'labels' ? 'label' : 'annotation';
  const { resources, specs } = splitSpecs(f.positional, what);
  const files = f.list('filename');
  if (resources.length === 0 && files.length === 0)
    throw new KubectlError(
      'one or more resources must be specified as <resource> <name> or <resource>/<name>',
    );
  if (Object.keys(specs.set).length === 0 && specs.remove.length === 0 && !f.bool('list'))
    throw new KubectlError(`at least one ${what} update is required`);
  const targets = await collectTargets(ctx, resources, {
    files,
    selector: f.has('selector') ? f.str('selector') : undefined,
    all: f.bool('all'),
    allNamespaces: f.bool('all-namespaces'),
  });
  const dry = dryRunOf(ctx);
  const overwrite = f.bool('overwrite');
  const errors: Error[] = [];
  for (const t of targets) {
    try {
      const live = await ctx.api.get<KubeObject>(targetPath(t));
      const current: Record<string, string> = {
        ...((live.metadata?.[field] as Record<string, string> | undefined) ?? {}),
      };
      if (f.bool('list')) {
        ctx.out(`Listing ${field} for ${t.mapping.kind}.${t.mapping.group}/${t.name}:\n`);
        for (const [k, v] of Object.entries(current)) ctx.out(`  ${k}=${v}\n`);
        continue;
      }
      if (!overwrite) {
        const conflicts = Object.entries(specs.set).filter(
          ([k, v]) => k in current && current[k] !== v,
        );
        if (conflicts.length > 0) {
          if (field === 'labels')
            throw new KubectlError(
              conflicts
                .map(
                  ([k]) => `'${k}' already has a value (${current[k]}), and --overwrite is false`,
                )
                .join(', '),
            );
          throw new KubectlError(
            `--overwrite is false but found the following declared annotation(s): ${conflicts.map(([k]) => `'${k}' already has a value (${current[k]})`).join('; ')}`,
          );
        }
      }
      const before = JSON.stringify(current);
      for (const k of specs.remove) {
        if (!(k in current)) {
          if (field === 'labels') ctx.out(`label "${k}" not found.\n`);
        }
        delete current[k];
      }
      Object.assign(current, specs.set);
      const changed = before !== JSON.stringify(current);
      const patch: Record<string, string | null> = {};
      for (const k of specs.remove) patch[k] = null;
      Object.assign(patch, specs.set);
      let result = live;
      if (changed && dry !== 'client') {
        result = await ctx.api.patch(
          targetPath(t),
          'merge',
          { metadata: { [field]: patch } },
          {
            fieldManager: `kubectl-${what === 'label' ? 'label' : 'annotate'}`,
            ...dryRunQuery(dry),
          },
        );
      }
      let op = 'annotated';
      if (field === 'labels')
        op = !changed
          ? 'not labeled'
          : Object.keys(current).length < Object.keys(JSON.parse(before)).length && !overwrite
            ? 'unlabeled'
            : 'labeled';
      printResult(ctx, t.mapping, result, t.name, op, dry);
    } catch (e) {
      errors.push(e as Error);
    }
  }
  if (errors.length > 0) throw new AggregateError(errors);
  return 0;
}

const metaFlags = [
  FILENAME_FLAG,
  SELECTOR_FLAG,
  OUTPUT_FLAG,
  DRY_RUN_FLAG,
  { name: 'overwrite', type: 'bool' as const },
  { name: 'all', type: 'bool' as const },
  { name: 'all-namespaces', short: 'A', type: 'bool' as const },
  { name: 'list', type: 'bool' as const },
  { name: 'local', type: 'bool' as const },
  { name: 'resource-version', type: 'string' as const },
  { name: 'field-selector', type: 'string' as const },
];

export const labelCommand: Command = {
  name: 'label',
  short: 'Update the labels on a resource',
  usage:
    'kubectl label [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]',
  flags: metaFlags,
  run: (ctx) => runMetadata(ctx, 'labels'),
};

export const annotateCommand: Command = {
  name: 'annotate',
  short: 'Update the annotations on a resource',
  usage:
    'kubectl annotate [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]',
  flags: metaFlags,
  run: (ctx) => runMetadata(ctx, 'annotations'),
};

async function runPatch(ctx: CommandContext): Promise<number> {
  const f = ctx.flags;
  const type = f.str('type', 'strategic');
  if (!['json', 'merge', 'strategic'].includes(type))
    throw new KubectlError(`--type must be one of [json merge strategic], not "${type}"`);
  if (!f.has('patch') && !f.has('patch-file'))
    throw new KubectlError(
      'must specify --patch or --patch-file containing the contents of the patch',
    );
  const text = f.has('patch') ? f.str('patch') : (ctx.env.files?.[f.str('patch-file')] ?? '');
  let body: unknown;
  try {
    body = parse(text);
  } catch (e) {
    throw new KubectlError(`unable to parse "${text}": ${(e as Error).message}`);
  }
  const targets = await collectTargets(ctx, f.positional, { files: f.list('filename') });
  if (targets.length === 0) throw new KubectlError('no objects passed to patch');
  const dry = dryRunOf(ctx);
  const errors: Error[] = [];
  for (const t of targets) {
    try {
      const before = await ctx.api.get<KubeObject>(
        targetPath(t, f.str('subresource') || undefined),
      );
      const after =
        dry === 'client'
          ? before
          : await ctx.api.patch(
              targetPath(t, f.str('subresource') || undefined),
              type as 'json' | 'merge' | 'strategic',
              body,
              { fieldManager: 'kubectl-patch', ...dryRunQuery(dry) },
            );
      const changed =
        before.metadata?.resourceVersion !== after.metadata?.resourceVersion || dry !== 'none';
      printResult(ctx, t.mapping, after, t.name, changed ? 'patched' : 'patched (no change)', dry);
    } catch (e) {
      errors.push(e as Error);
    }
  }
  if (errors.length > 0) throw new AggregateError(errors);
  return 0;
}

export const patchCommand: Command = {
  name: 'patch',
  short: 'Update fields of a resource',
  usage: 'kubectl patch (-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE] [options]',
  flags: [
    FILENAME_FLAG,
    OUTPUT_FLAG,
    DRY_RUN_FLAG,
    { name: 'patch', short: 'p', type: 'string' },
    { name: 'patch-file', type: 'string' },
    { name: 'type', type: 'string' },
    { name: 'subresource', type: 'string' },
    { name: 'local', type: 'bool' },
  ],
  run: runPatch,
};

/** The pod template of a workload (pods have their spec directly). */
function podSpecPath(obj: KubeObject): string[] {
  if (obj.kind === 'Pod') return ['spec'];
  if (obj.kind === 'CronJob') return ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
  return ['spec', 'template', 'spec'];
}

function nest(path: string[], leaf: unknown): Record<string, unknown> {
  return path.reduceRight<unknown>((acc, key) => ({ [key]: acc }), leaf) as Record<string, unknown>;
}

async function runSetImage(ctx: CommandContext): Promise<number> {
  const f = ctx.flags;
  const resources: string[] = [];
  const images: Record<string, string> = {};
  for (const a of f.positional) {
    const eq = a.indexOf('=');
    if (eq > 0) images[a.slice(0, eq)] = a.slice(eq + 1);
    else resources.push(a);
  }
  if (resources.length === 0 && f.list('filename').length === 0)
    throw new KubectlError(
      'one or more resources must be specified as <resource> <name> or <resource>/<name>',
    );
  if (Object.keys(images).length === 0)
    throw new KubectlError('at least one image update is required');
  const targets: Target[] = await collectTargets(ctx, resources, {
    files: f.list('filename'),
    selector: f.has('selector') ? f.str('selector') : undefined,
    all: f.bool('all'),
  });
  const dry = dryRunOf(ctx);
  const errors: Error[] = [];
  for (const t of targets) {
    try {
      const obj = await ctx.api.get<KubeObject>(targetPath(t));
      const typed = { ...obj, kind: obj.kind ?? t.mapping.kind };
      const path = podSpecPath(typed);
      const spec = path.reduce<Record<string, unknown> | undefined>(
        (o, k) => o?.[k] as Record<string, unknown> | undefined,
        typed as Record<string, unknown>,
      );
      const containers: { name: string; image?: string }[] = [
        ...((spec?.initContainers as never[]) ?? []),
        ...((spec?.containers as never[]) ?? []),
      ];
      const patchContainers: { name: string; image: string }[] = [];
      const patchInit: { name: string; image: string }[] = [];
      for (const [name, image] of Object.entries(images)) {
        const matches = name === '*' ? containers : containers.filter((c) => c.name === name);
        if (matches.length === 0)
          throw new KubectlError(`error: unable to find container named "${name}"`, { raw: true });
        for (const c of matches) {
          const isInit = ((spec?.initContainers as { name: string }[]) ?? []).some(
            (x) => x.name === c.name,
          );
          (isInit ? patchInit : patchContainers).push({ name: c.name, image });
        }
      }
      const leaf: Record<string, unknown> = {};
      if (patchContainers.length) leaf.containers = patchContainers;
      if (patchInit.length) leaf.initContainers = patchInit;
      const result =
        dry === 'client'
          ? obj
          : await ctx.api.patch(targetPath(t), 'strategic', nest(path, leaf), {
              fieldManager: 'kubectl-set',
              ...dryRunQuery(dry),
            });
      printResult(ctx, t.mapping, result, t.name, 'image updated', dry);
    } catch (e) {
      errors.push(e as Error);
    }
  }
  if (errors.length > 0) throw new AggregateError(errors);
  return 0;
}

const setImage: Command = {
  name: 'image',
  short: 'Update the image of a pod template',
  usage:
    'kubectl set image (-f FILENAME | TYPE NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... CONTAINER_NAME_N=CONTAINER_IMAGE_N [options]',
  flags: [
    FILENAME_FLAG,
    SELECTOR_FLAG,
    OUTPUT_FLAG,
    DRY_RUN_FLAG,
    { name: 'all', type: 'bool' },
    { name: 'local', type: 'bool' },
  ],
  run: runSetImage,
};

export const setCommand: Command = {
  name: 'set',
  short: 'Set specific features on objects',
  flags: [],
  subcommands: [setImage],
};
