/**
 * Cluster information: `api-resources`, `api-versions`, `cluster-info`, `version`
 * (pkg/cmd/apiresources, clusterinfo, version).
 */
import type { KubeObject } from '../../../sim/api/types';
import { type Command, type CommandContext, OUTPUT_FLAG } from '../context';
import { KubectlError } from '../errors';
import { toJson, toYaml } from '../printers';
import { TabWriter } from '../tabwriter';

/** The client version this kubectl reports (the Debian package the compat tests run is 1.32.4). */
export const CLIENT_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.4',
  gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335',
  gitTreeState: 'clean',
  buildDate: '2025-04-22T16:02:27Z',
  goVersion: 'go1.23.6',
  compiler: 'gc',
  platform: 'linux/amd64',
};
const KUSTOMIZE_VERSION = 'v5.5.0';

async function runApiResources(ctx: CommandContext): Promise<number> {
  const f = ctx.flags;
  const output = f.str('output');
  if (output && !['wide', 'name'].includes(output))
    throw new KubectlError(`--output ${output} is not available`);
  const sortBy = f.str('sort-by');
  if (sortBy && sortBy !== 'name' && sortBy !== 'kind')
    throw new KubectlError('--sort-by accepts only name or kind');
  const seen = new Set<string>();
  let rows = (await ctx.discovery.resources(true)).filter((r) => {
    const key = `${r.group}/${r.resource}`;
    if (!r.preferred || seen.has(key)) return false;
    seen.add(key);
    return r.verbs.length > 0;
  });
  if (f.has('api-group')) rows = rows.filter((r) => r.group === f.str('api-group'));
  if (f.has('namespaced')) rows = rows.filter((r) => r.namespaced === f.bool('namespaced'));
  for (const verb of f.list('verbs')) rows = rows.filter((r) => r.verbs.includes(verb));
  for (const cat of f.list('categories')) rows = rows.filter((r) => r.categories.includes(cat));
  const key = (r: (typeof rows)[number]) =>
    sortBy === 'name' ? r.resource : sortBy === 'kind' ? r.kind : r.group;
  // sort.Stable on the chosen key, ties by resource name (apiresources.go sortableResource).
  rows = rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) =>
      key(a.r) < key(b.r)
        ? -1
        : key(a.r) > key(b.r)
          ? 1
          : a.r.resource < b.r.resource
            ? -1
            : a.r.resource > b.r.resource
              ? 1
              : a.i - b.i,
    )
    .map((x) => x.r);
  const w = new TabWriter();
  if (!f.bool('no-headers') && output !== 'name')
    w.write(
      `NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND${output === 'wide' ? '\tVERBS\tCATEGORIES' : ''}\n`,
    );
  for (const r of rows) {
    const gv = r.group ? `${r.group}/${r.version}` : r.version;
    if (output === 'name') w.write(`${r.resource}${r.group ? `.${r.group}` : ''}\n`);
    else if (output === 'wide')
      w.write(
        `${r.resource}\t${r.shortNames.join(',')}\t${gv}\t${r.namespaced}\t${r.kind}\t${r.verbs.join(',')}\t${r.categories.join(',')}\n`,
      );
    else w.write(`${r.resource}\t${r.shortNames.join(',')}\t${gv}\t${r.namespaced}\t${r.kind}\n`);
  }
  ctx.out(w.flush());
  return 0;
}

export const apiResourcesCommand: Command = {
  name: 'api-resources',
  short: 'Print the supported API resources on the server',
  usage: 'kubectl api-resources [flags] [options]',
  flags: [
    OUTPUT_FLAG,
    { name: 'api-group', type: 'string' },
    { name: 'namespaced', type: 'bool' },
    { name: 'no-headers', type: 'bool' },
    { name: 'sort-by', type: 'string' },
    { name: 'verbs', type: 'array' },
    { name: 'categories', type: 'array' },
    { name: 'cached', type: 'bool' },
  ],
  run: runApiResources,
};

export const apiVersionsCommand: Command = {
  name: 'api-versions',
  short: 'Print the supported API versions on the server, in the form of "group/version"',
  flags: [],
  async run(ctx) {
    const versions = new Set<string>();
    for (const r of await ctx.discovery.resources(true))
      versions.add(r.group ? `${r.group}/${r.version}` : r.version);
    ctx.out(
      [...versions]
        .sort()
        .map((v) => `${v}\n`)
        .join(''),
    );
  },
};

/** utilnet.JoinSchemeNamePort. */
function joinSchemeNamePort(scheme: string, name: string, port: string): string {
  if (scheme) return `${scheme}:${name}:${port}`;
  return port ? `${name}:${port}` : name;
}

export const clusterInfoCommand: Command = {
  name: 'cluster-info',
  short: 'Display cluster information',
  usage: 'kubectl cluster-info [flags] [options]',
  flags: [],
  subcommands: [
    {
      name: 'dump',
      short: 'Dump relevant information for debugging and diagnosis',
      flags: [
        OUTPUT_FLAG,
        { name: 'all-namespaces', short: 'A', type: 'bool' },
        { name: 'output-directory', type: 'string' },
      ],
      async run() {
        throw new KubectlError(
          'cluster-info dump is not supported in this console; use kubectl get and describe',
        );
      },
    },
  ],
  async run(ctx) {
    const host = ctx.env.serverUrl ?? 'https://127.0.0.1:6443';
    const ns = ctx.explicitNamespace ? ctx.namespace : 'kube-system';
    const list = await ctx.api.get<{ items?: KubeObject[] }>(`/api/v1/namespaces/${ns}/services`, {
      labelSelector: 'kubernetes.io/cluster-service=true',
    });
    ctx.out(`Kubernetes control plane is running at ${host}\n`);
    for (const svc of list.items ?? []) {
      const spec = (svc.spec ?? {}) as { ports?: { name?: string; port: number }[] };
      const status = (svc.status ?? {}) as {
        loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] };
      };
      let link = '';
      const ingress = status.loadBalancer?.ingress ?? [];
      if (ingress.length > 0) {
        const ip = ingress[0].ip || ingress[0].hostname || '';
        for (const p of spec.ports ?? []) link += `http://${ip}:${p.port} `;
      } else {
        let name = svc.metadata?.name ?? '';
        const port = spec.ports?.[0];
        if (port)
          name = joinSchemeNamePort(
            port.name === 'https' || port.port === 443 ? 'https' : '',
            name,
            port.name ?? '',
          );
        link = `${host}/api/v1/namespaces/${svc.metadata?.namespace ?? ns}/services/${name}/proxy`;
      }
      ctx.out(
        `${svc.metadata?.labels?.['kubernetes.io/name'] || svc.metadata?.name} is running at ${link}\n`,
      );
    }
    ctx.out("\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n");
  },
};

export const versionCommand: Command = {
  name: 'version',
  short: 'Print the client and server version information',
  usage: 'kubectl version [flags] [options]',
  flags: [OUTPUT_FLAG, { name: 'client', type: 'bool' }],
  async run(ctx) {
    const output = ctx.flags.str('output');
    if (output && output !== 'json' && output !== 'yaml')
      throw new KubectlError(`--output must be 'yaml' or 'json'`);
    let server: Record<string, string> | undefined;
    let serverError: unknown;
    if (!ctx.flags.bool('client')) {
      try {
        server = await ctx.api.get<Record<string, string>>('/version');
      } catch (e) {
        serverError = e;
      }
    }
    if (output) {
      const doc = {
        clientVersion: CLIENT_VERSION,
        kustomizeVersion: KUSTOMIZE_VERSION,
        ...(server ? { serverVersion: server } : {}),
      };
      ctx.out(output === 'json' ? toJson(doc) : toYaml(doc));
    } else {
      ctx.out(
        `Client Version: ${CLIENT_VERSION.gitVersion}\nKustomize Version: ${KUSTOMIZE_VERSION}\n`,
      );
      if (server) ctx.out(`Server Version: ${server.gitVersion}\n`);
    }
    if (serverError) throw serverError;
  },
};
