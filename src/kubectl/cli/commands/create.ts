/**
 * `kubectl create` (pkg/cmd/create): `-f` files, and the generators `deployment`, `configmap`,
 * `secret generic`, `namespace`, `serviceaccount`, with `--dry-run=client -o yaml` printing the
 * object exactly as kubectl builds it (including `creationTimestamp: null`, `status: {}`).
 */
import type { KubeObject } from '../../../sim/api/types';
import { resourcePath } from '../api';
import { fileTargets } from '../builder';
import {
  type Command,
  type CommandContext,
  DRY_RUN_FLAG,
  FILENAME_FLAG,
  OUTPUT_FLAG,
} from '../context';
import { AggregateError, KubectlError, StatusError } from '../errors';
import { base64, dryRunOf, dryRunQuery, mappingOf, printResult } from '../output';

async function createObject(ctx: CommandContext, obj: KubeObject): Promise<void> {
  const dry = dryRunOf(ctx);
  const m = mappingOf(obj);
  const name = obj.metadata?.name ?? '';
  if (dry === 'client') {
    printResult(ctx, m, obj, name, 'created', dry);
    return;
  }
  const mapping = await ctx.discovery.forKind(obj.apiVersion ?? '', obj.kind ?? '');
  if (!mapping)
    throw new KubectlError(`no matches for kind "${obj.kind}" in version "${obj.apiVersion}"`);
  const ns = mapping.namespaced ? (obj.metadata?.namespace ?? ctx.namespace) : undefined;
  const created = await ctx.api.create(resourcePath(mapping, ns), obj, {
    fieldManager: 'kubectl-create',
    fieldValidation: 'Strict',
    ...dryRunQuery(dry),
  });
  printResult(ctx, mapping, created, created.metadata?.name ?? name, 'created', dry);
}

async function runCreateFiles(ctx: CommandContext): Promise<number> {
  const files = ctx.flags.list('filename');
  if (files.length === 0) throw new KubectlError('must specify one of -f and -k');
  const errors: Error[] = [];
  for (const t of await fileTargets(ctx, files)) {
    const obj = { ...(t.object as KubeObject) };
    if (t.mapping.namespaced) obj.metadata = { ...obj.metadata, namespace: t.namespace };
    try {
      await createObject(ctx, obj);
    } catch (e) {
      if (e instanceof StatusError) {
        e.message = `error when creating "${files.length === 1 ? files[0] : 'file'}": ${e.message}`;
      }
      errors.push(e as Error);
    }
  }
  if (errors.length > 0) throw new AggregateError(errors);
  return 0;
}

function nameArg(ctx: CommandContext, what: string): string {
  const [name] = ctx.flags.positional;
  if (!name)
    throw new KubectlError(
      `exactly one NAME is required, got 0\nSee '${ctx.commandPath} -h' for help and examples`,
      { raw: false },
    );
  if (ctx.flags.positional.length > 1)
    throw new KubectlError(`exactly one NAME is required, got ${ctx.flags.positional.length}`);
  void what;
  return name;
}

/** Container name from an image (create_deployment.go buildPodSpec: last path part, no tag/digest). */
export function containerNameFromImage(image: string): string {
  const last = image.split('/').pop() ?? image;
  return last.split('@')[0].split(':')[0];
}

/** The Deployment `kubectl create deployment` builds. */
export function buildDeployment(
  name: string,
  images: string[],
  replicas: number,
  port: number | undefined,
  namespace?: string,
): KubeObject {
  const labels = { app: name };
  const used = new Set<string>();
  const containers = images.map((image) => {
    let cname = containerNameFromImage(image);
    // Same image base twice gets a numeric suffix (create_deployment.go sanitizeAndUniquify).
    for (let i = 1; used.has(cname); i++) cname = `${containerNameFromImage(image)}-${i}`;
    used.add(cname);
    return {
      image,
      name: cname,
      ...(port !== undefined && port >= 0 ? { ports: [{ containerPort: port }] } : {}),
      resources: {},
    };
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      creationTimestamp: null as unknown as string,
      labels,
      name,
      ...(namespace ? { namespace } : {}),
    },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      strategy: {},
      template: { metadata: { creationTimestamp: null, labels }, spec: { containers } },
    },
    status: {},
  };
}

function literalPairs(ctx: CommandContext): Record<string, string> {
  const data: Record<string, string> = {};
  for (const lit of ctx.flags.list('from-literal')) {
    const i = lit.indexOf('=');
    if (i <= 0) throw new KubectlError(`invalid literal source ${lit}, expected key=value`);
    data[lit.slice(0, i)] = lit.slice(i + 1);
  }
  for (const spec of ctx.flags.list('from-file')) {
    const i = spec.indexOf('=');
    const key = i > 0 ? spec.slice(0, i) : (spec.split('/').pop() ?? spec);
    const file = i > 0 ? spec.slice(i + 1) : spec;
    const text = ctx.env.files?.[file];
    if (text === undefined)
      throw new KubectlError(`error reading ${file}: no such file or directory`);
    data[key] = text;
  }
  return data;
}

const nsOf = (ctx: CommandContext) => (ctx.explicitNamespace ? ctx.namespace : undefined);

const deployment: Command = {
  name: 'deployment',
  aliases: ['deploy'],
  short: 'Create a deployment with the specified name',
  usage: 'kubectl create deployment NAME --image=image -- [COMMAND] [args...] [options]',
  flags: [
    { name: 'image', type: 'array' },
    { name: 'replicas', short: 'r', type: 'int' },
    { name: 'port', type: 'int' },
    OUTPUT_FLAG,
    DRY_RUN_FLAG,
    { name: 'save-config', type: 'bool' },
    { name: 'validate', type: 'string', noOptDefault: 'strict' },
  ],
  async run(ctx) {
    const name = nameArg(ctx, 'deployment');
    const images = ctx.flags.list('image');
    if (images.length === 0) throw new KubectlError('required flag(s) "image" not set');
    await createObject(
      ctx,
      buildDeployment(
        name,
        images,
        ctx.flags.int('replicas', 1),
        ctx.flags.has('port') ? ctx.flags.int('port', -1) : undefined,
        nsOf(ctx),
      ),
    );
  },
};

const configmap: Command = {
  name: 'configmap',
  aliases: ['cm'],
  short: 'Create a config map from a local file, directory or literal value',
  flags: [
    { name: 'from-literal', type: 'array' },
    { name: 'from-file', type: 'array' },
    OUTPUT_FLAG,
    DRY_RUN_FLAG,
    { name: 'save-config', type: 'bool' },
  ],
  async run(ctx) {
    const name = nameArg(ctx, 'configmap');
    const data = literalPairs(ctx);
    await createObject(ctx, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        creationTimestamp: null as unknown as string,
        name,
        ...(nsOf(ctx) ? { namespace: nsOf(ctx) } : {}),
      },
      ...(Object.keys(data).length ? { data } : {}),
    });
  },
};

const secretGeneric: Command = {
  name: 'generic',
  short: 'Create a secret from a local file, directory, or literal value',
  flags: [
    { name: 'from-literal', type: 'array' },
    { name: 'from-file', type: 'array' },
    { name: 'type', type: 'string' },
    OUTPUT_FLAG,
    DRY_RUN_FLAG,
    { name: 'save-config', type: 'bool' },
  ],
  async run(ctx) {
    const name = nameArg(ctx, 'secret');
    const data = Object.fromEntries(
      Object.entries(literalPairs(ctx)).map(([k, v]) => [k, base64(v)]),
    );
    const type = ctx.flags.str('type');
    await createObject(ctx, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        creationTimestamp: null as unknown as string,
        name,
        ...(nsOf(ctx) ? { namespace: nsOf(ctx) } : {}),
      },
      ...(Object.keys(data).length ? { data } : {}),
      ...(type ? { type } : {}),
    });
  },
};

const secret: Command = {
  name: 'secret',
  short: 'Create a secret using a specified subcommand',
  flags: [],
  subcommands: [secretGeneric],
};

const namespace: Command = {
  name: 'namespace',
  aliases: ['ns'],
  short: 'Create a namespace with the specified name',
  flags: [OUTPUT_FLAG, DRY_RUN_FLAG, { name: 'save-config', type: 'bool' }],
  async run(ctx) {
    const name = nameArg(ctx, 'namespace');
    await createObject(ctx, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { creationTimestamp: null as unknown as string, name },
      spec: {},
      status: {},
    });
  },
};

const serviceaccount: Command = {
  name: 'serviceaccount',
  aliases: ['sa'],
  short: 'Create a service account with the specified name',
  flags: [OUTPUT_FLAG, DRY_RUN_FLAG, { name: 'save-config', type: 'bool' }],
  async run(ctx) {
    const name = nameArg(ctx, 'serviceaccount');
    await createObject(ctx, {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        creationTimestamp: null as unknown as string,
        name,
        ...(nsOf(ctx) ? { namespace: nsOf(ctx) } : {}),
      },
    });
  },
};

export const createCommand: Command = {
  name: 'create',
  short: 'Create a resource from a file or from stdin',
  usage: 'kubectl create -f FILENAME [options]',
  flags: [
    FILENAME_FLAG,
    OUTPUT_FLAG,
    DRY_RUN_FLAG,
    { name: 'save-config', type: 'bool' },
    { name: 'validate', type: 'string', noOptDefault: 'strict' },
    { name: 'recursive', short: 'R', type: 'bool' },
  ],
  subcommands: [configmap, deployment, namespace, secret, serviceaccount],
  run: runCreateFiles,
};
