/**
 * `kubectl describe` (pkg/cmd/describe/describe.go): one describer per kind, the generic one for
 * the rest, events found through the events API (involvedObject field selectors), descriptions
 * separated by two blank lines, and name-prefix matching when `TYPE NAME` finds nothing.
 */
import type { KubeObject } from '../../../sim/api/types';
import { resourcePath } from '../api';
import { listObjects, selectResources, fileTargets } from '../builder';
import { type Command, type CommandContext, FILENAME_FLAG, SELECTOR_FLAG } from '../context';
import {
  describeConfigMap,
  describeGeneric,
  describeNamespace,
  describeNode,
  describeSecret,
  describeService,
} from '../describe/core';
import { describePod } from '../describe/pod';
import { describeDeployment, describeReplicaSet } from '../describe/workloads';
import type { ResourceMapping } from '../discovery';
import { AggregateError, StatusError } from '../errors';

/** Events about an object (describe.go searchEvents), filtered by uid as well in case the server ignores field selectors. */
export async function eventsFor(
  ctx: CommandContext,
  obj: KubeObject,
): Promise<KubeObject[] | undefined> {
  const meta = obj.metadata ?? {};
  const fields = [
    `involvedObject.kind=${obj.kind ?? ''}`,
    `involvedObject.name=${meta.name ?? ''}`,
    `involvedObject.namespace=${meta.namespace ?? ''}`,
    `involvedObject.uid=${meta.uid ?? ''}`,
  ];
  const path = meta.namespace ? `/api/v1/namespaces/${meta.namespace}/events` : '/api/v1/events';
  try {
    const list = await ctx.api.get<{ items?: KubeObject[] }>(path, {
      fieldSelector: fields.join(','),
    });
    return (list.items ?? []).filter((e) => {
      const io = e.involvedObject as { uid?: string; name?: string; kind?: string } | undefined;
      return (
        io?.name === meta.name &&
        (!io?.uid || !meta.uid || io.uid === meta.uid) &&
        (!io?.kind || io.kind === obj.kind)
      );
    });
  } catch {
    return [];
  }
}

function selectorString(sel: { matchLabels?: Record<string, string> } | undefined): string {
  return Object.entries(sel?.matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

async function describeOne(
  ctx: CommandContext,
  mapping: ResourceMapping,
  obj: KubeObject,
): Promise<string> {
  const now = ctx.env.nowMs();
  const withEvents = ctx.flags.bool('show-events', true);
  const typed = {
    apiVersion: mapping.group ? `${mapping.group}/${mapping.version}` : mapping.version,
    kind: mapping.kind,
    ...obj,
  };
  const events = withEvents ? await eventsFor(ctx, typed) : undefined;
  const ns = obj.metadata?.namespace ?? '';
  const g = mapping.group;
  const r = mapping.resource;
  const list = async (path: string, query?: Record<string, string>) =>
    (await ctx.api.get<{ items?: KubeObject[] }>(path, query).catch(() => ({ items: [] }))).items ??
    [];
  if (g === '' && r === 'pods') return describePod(obj, events, now);
  if (g === 'apps' && r === 'deployments') {
    const rss = await list(`/apis/apps/v1/namespaces/${ns}/replicasets`, {
      labelSelector: selectorString(obj.spec as never),
    });
    const owned = rss.filter((rs) =>
      rs.metadata?.ownerReferences?.some((o) => o.uid === obj.metadata?.uid && o.controller),
    );
    return describeDeployment(obj, owned, events, now);
  }
  if (g === 'apps' && r === 'replicasets') {
    const pods = await list(`/api/v1/namespaces/${ns}/pods`, {
      labelSelector: selectorString((obj.spec as { selector?: never })?.selector),
    });
    const owned = pods.filter((p) =>
      p.metadata?.ownerReferences?.some((o) => o.uid === obj.metadata?.uid),
    );
    return describeReplicaSet(obj, owned, events, now);
  }
  if (g === '' && r === 'services') {
    const slices = await ctx.api
      .get<{ items?: KubeObject[] }>(`/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices`, {
        labelSelector: `kubernetes.io/service-name=${obj.metadata?.name}`,
      })
      .then((l) => l.items ?? [])
      .catch(() => undefined);
    return describeService(obj, slices, events, now);
  }
  if (g === '' && r === 'nodes') {
    const name = obj.metadata?.name ?? '';
    const pods = (await list('/api/v1/pods', { fieldSelector: `spec.nodeName=${name}` })).filter(
      (p) =>
        (p.spec as { nodeName?: string })?.nodeName === name &&
        !['Succeeded', 'Failed'].includes((p.status as { phase?: string })?.phase ?? ''),
    );
    const lease = await ctx.api
      .tryGet(`/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${name}`)
      .catch(() => undefined);
    return describeNode(obj, pods, lease, events, now);
  }
  if (g === '' && r === 'namespaces') {
    const optional = (path: string) =>
      ctx.api
        .get<{ items?: KubeObject[] }>(path)
        .then((l) => l.items ?? [])
        .catch(() => undefined);
    const name = obj.metadata?.name ?? '';
    return describeNamespace(
      obj,
      await optional(`/api/v1/namespaces/${name}/resourcequotas`),
      await optional(`/api/v1/namespaces/${name}/limitranges`),
    );
  }
  if (g === '' && r === 'configmaps') return describeConfigMap(obj, events, now);
  if (g === '' && r === 'secrets') return describeSecret(obj);
  return describeGeneric(typed, events, now);
}

async function runDescribe(ctx: CommandContext): Promise<number> {
  const f = ctx.flags;
  const allNamespaces = f.bool('all-namespaces');
  const errors: Error[] = [];
  const items: { mapping: ResourceMapping; obj: KubeObject; prefixMatch?: boolean }[] = [];
  const files = f.list('filename');
  if (files.length > 0) {
    for (const t of await fileTargets(ctx, files)) {
      try {
        items.push({
          mapping: t.mapping,
          obj: await ctx.api.get(resourcePath(t.mapping, t.namespace, t.name)),
        });
      } catch (e) {
        errors.push(e as Error);
      }
    }
  } else {
    if (f.positional.length === 0) {
      throw new Error(
        `You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.`,
      );
    }
    for (const s of await selectResources(ctx, f.positional)) {
      if (s.names.length === 0) {
        const objs = await listObjects(ctx, s.mapping, {
          allNamespaces,
          labelSelector: f.str('selector') || undefined,
        });
        for (const obj of objs) items.push({ mapping: s.mapping, obj });
        continue;
      }
      for (const name of s.names) {
        try {
          items.push({
            mapping: s.mapping,
            obj: await ctx.api.get(resourcePath(s.mapping, ctx.namespace, name)),
          });
        } catch (e) {
          // DescribeMatchingResources: `describe TYPE PREFIX` falls back to names starting with PREFIX.
          if (
            e instanceof StatusError &&
            e.status.code === 404 &&
            f.positional.length === 2 &&
            !f.positional[0].includes('/')
          ) {
            const matches = (await listObjects(ctx, s.mapping)).filter((o) =>
              (o.metadata?.name ?? '').startsWith(name),
            );
            if (matches.length > 0) {
              for (const obj of matches) items.push({ mapping: s.mapping, obj, prefixMatch: true });
              continue;
            }
          }
          errors.push(e as Error);
        }
      }
    }
  }
  let first = true;
  for (const { mapping, obj, prefixMatch } of items) {
    const text = await describeOne(ctx, mapping, obj);
    // DescribeMatchingResources prints each match with "%s\n"; the main loop separates by "\n\n".
    if (prefixMatch) ctx.out(`${text}\n`);
    else ctx.out(first ? text : `\n\n${text}`);
    first = false;
  }
  if (items.length === 0 && errors.length === 0)
    ctx.err(
      allNamespaces
        ? 'No resources found\n'
        : `No resources found in ${ctx.namespace} namespace.\n`,
    );
  if (errors.length > 0) throw new AggregateError(errors);
  return 0;
}

export const describeCommand: Command = {
  name: 'describe',
  short: 'Show details of a specific resource or group of resources',
  usage: 'kubectl describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [options]',
  flags: [
    FILENAME_FLAG,
    SELECTOR_FLAG,
    { name: 'all-namespaces', short: 'A', type: 'bool' },
    { name: 'show-events', type: 'bool' },
    { name: 'chunk-size', type: 'int' },
    { name: 'recursive', short: 'R', type: 'bool' },
  ],
  run: runDescribe,
};
