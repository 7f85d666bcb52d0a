/**
 * Looking at what runs: `events` (pkg/cmd/events), `logs` (pkg/cmd/logs) and `top`
 * (pkg/cmd/top, pkg/metricsutil).
 *
 * Logs: the simulated containers run no code. The apiserver serves `pods/log` from
 * src/sim/node/container-logs.ts; against a server without it, kubectl here prints the same
 * deterministic lines (derived from the container's image and start time) itself.
 */
import type { KubeObject, WatchEvent } from '../../../sim/api/types';
import { formatLogLines, simulatedLogLines } from '../../../sim/node/container-logs';
import { resourcePath } from '../api';
import { selectResources } from '../builder';
import { type Command, type CommandContext, OUTPUT_FLAG, SELECTOR_FLAG } from '../context';
import { translateTimestampSince } from '../duration';
import { KubectlError, StatusError } from '../errors';
import { parseOutput, printObject, asList } from '../printers';
import { parseQuantity } from '../quantity';
import { TabWriter } from '../tabwriter';
import { goSort } from '../go-sort';

/* eslint-disable @typescript-eslint/no-explicit-any -- event, pod and metrics JSON */
type Json = any;

function eventTime(e: Json): number {
  const t = e.series?.lastObservedTime || e.lastTimestamp || e.eventTime || e.firstTimestamp;
  return Date.parse(t ?? '') || 0;
}

/** getInterval (events/event_printer.go). */
export function eventInterval(e: Json, nowMs: number): string {
  const first = e.eventTime
    ? translateTimestampSince(e.eventTime, nowMs)
    : translateTimestampSince(e.firstTimestamp, nowMs);
  if (e.series)
    return `${translateTimestampSince(e.series.lastObservedTime, nowMs)} (x${e.series.count} over ${first})`;
  if ((e.count ?? 0) > 1)
    return `${translateTimestampSince(e.lastTimestamp, nowMs)} (x${e.count} over ${first})`;
  return first;
}

async function runEvents(ctx: CommandContext): Promise<number> {
  const f = ctx.flags;
  const allNamespaces = f.bool('all-namespaces');
  const types = f.list('types');
  for (const t of types)
    if (!['Normal', 'Warning'].includes(t))
      throw new KubectlError('valid --types are Normal or Warning');
  const fields: string[] = [];
  if (f.has('for')) {
    const spec = f.str('for');
    const slash = spec.indexOf('/');
    if (slash < 0) throw new KubectlError(`--for must be in resource/name form`);
    const mapping = await ctx.discovery.resolve(spec.slice(0, slash));
    fields.push(
      `involvedObject.kind=${mapping.kind}`,
      `involvedObject.name=${spec.slice(slash + 1)}`,
    );
  }
  const path = allNamespaces ? '/api/v1/events' : `/api/v1/namespaces/${ctx.namespace}/events`;
  const query = fields.length ? { fieldSelector: fields.join(',') } : undefined;
  const list = await ctx.api.get<{ items?: Json[]; metadata?: { resourceVersion?: string } }>(
    path,
    query,
  );
  const keep = (e: Json) =>
    (types.length === 0 || types.includes(e.type)) &&
    fields.every((fs) => {
      const [k, v] = fs.split('=');
      return k === 'involvedObject.kind'
        ? e.involvedObject?.kind === v
        : e.involvedObject?.name === v;
    });
  // events.go sorts with sort.Sort (unstable): equal timestamps end up in Go's pdqsort order.
  const items = goSort((list.items ?? []).filter(keep), (a, b) => eventTime(a) < eventTime(b));
  if (f.has('output')) {
    ctx.out(printObject(asList(items), parseOutput(f.str('output')), () => 'event'));
    return 0;
  }
  const w = new TabWriter({ rememberWidths: true });
  const line = (e: Json) =>
    `${allNamespaces ? `${e.metadata?.namespace ?? ''}\t` : ''}${eventInterval(e, ctx.env.nowMs())}\t${e.type ?? ''}\t${e.reason ?? ''}\t${e.involvedObject?.kind ?? ''}/${e.involvedObject?.name ?? ''}\t${String(e.message ?? '').trim()}\n`;
  const header = `${allNamespaces ? 'NAMESPACE\t' : ''}LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n`;
  let headerPrinted = false;
  if (items.length > 0 || f.bool('watch')) {
    if (!f.bool('no-headers')) w.write(header);
    headerPrinted = true;
    for (const e of items) w.write(line(e));
    ctx.out(w.flush());
  } else {
    ctx.err(
      allNamespaces ? 'No events found.\n' : `No events found in ${ctx.namespace} namespace.\n`,
    );
  }
  if (f.bool('watch') && ctx.env.watch) {
    const max = ctx.env.maxWatchEvents ?? Infinity;
    let count = 0;
    await new Promise<void>((resolve) => {
      let stop: () => void = () => {};
      const finish = () => {
        stop();
        resolve();
      };
      if (ctx.env.signal?.aborted) return resolve();
      ctx.env.signal?.addEventListener('abort', finish, { once: true });
      stop = ctx.env.watch!(
        {
          method: 'GET',
          path,
          query: { ...query, watch: 'true', resourceVersion: list.metadata?.resourceVersion ?? '' },
        },
        (ev: WatchEvent) => {
          if (ev.type !== 'ADDED' && ev.type !== 'MODIFIED') return;
          if (!keep(ev.object)) return;
          if (!headerPrinted && !f.bool('no-headers')) w.write(header);
          headerPrinted = true;
          w.write(line(ev.object));
          ctx.out(w.flush());
          if (++count >= max) finish();
        },
      );
    });
  }
  return 0;
}

export const eventsCommand: Command = {
  name: 'events',
  short: 'List events',
  usage:
    'kubectl events [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file] [--for TYPE/NAME] [--watch] [--types=Normal,Warning] [options]',
  flags: [
    OUTPUT_FLAG,
    { name: 'all-namespaces', short: 'A', type: 'bool' },
    { name: 'for', type: 'string' },
    { name: 'types', type: 'array' },
    { name: 'watch', short: 'w', type: 'bool' },
    { name: 'no-headers', type: 'bool' },
    { name: 'chunk-size', type: 'int' },
  ],
  run: runEvents,
};

async function runLogs(ctx: CommandContext): Promise<number> {
  const f = ctx.flags;
  const args = f.positional;
  if (args.length === 0 && !f.has('selector'))
    throw new KubectlError(
      "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command",
    );
  let pod: Json;
  if (args[0]?.includes('/') && !args[0].startsWith('pod/') && !args[0].startsWith('pods/')) {
    // logs deployment/web: pick a pod of the workload (polymorphichelpers.AttachablePodForObject).
    const [sel] = await selectResources(ctx, [args[0]]);
    const obj = await ctx.api.get<Json>(resourcePath(sel.mapping, ctx.namespace, sel.names[0]));
    const labels = obj.spec?.selector?.matchLabels ?? obj.spec?.selector ?? {};
    const selector = Object.entries(labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    const pods =
      (
        await ctx.api.get<{ items?: Json[] }>(`/api/v1/namespaces/${ctx.namespace}/pods`, {
          labelSelector: selector,
        })
      ).items ?? [];
    if (pods.length === 0) throw new KubectlError(`timed out waiting for the condition`);
    const sorted = [...pods].sort((a, b) => (a.metadata?.name < b.metadata?.name ? -1 : 1));
    pod = sorted[0];
    if (pods.length > 1) ctx.err(`Found ${pods.length} pods, using pod/${pod.metadata?.name}\n`);
  } else {
    const name = args[0].replace(/^pods?\//, '');
    pod = await ctx.api.get<Json>(`/api/v1/namespaces/${ctx.namespace}/pods/${name}`);
  }
  const containers: Json[] = pod.spec?.containers ?? [];
  let container = f.str('container') || args[1];
  if (!container) {
    container =
      pod.metadata?.annotations?.['kubectl.kubernetes.io/default-container'] ?? containers[0]?.name;
    if (containers.length > 1)
      ctx.err(
        `Defaulted container "${container}" out of: ${containers.map((c) => c.name).join(', ')}\n`,
      );
  }
  const spec = [...containers, ...(pod.spec?.initContainers ?? [])].find(
    (c: Json) => c.name === container,
  );
  if (!spec)
    throw new StatusError({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      reason: 'BadRequest',
      code: 400,
      message: `container ${container} is not valid for pod ${pod.metadata?.name}`,
    });
  const query: Record<string, string> = { container };
  if (f.has('tail')) query.tailLines = f.str('tail');
  if (f.bool('timestamps')) query.timestamps = 'true';
  if (f.bool('previous')) query.previous = 'true';
  const res = await ctx.env.request({
    method: 'GET',
    path: `/api/v1/namespaces/${pod.metadata?.namespace}/pods/${pod.metadata?.name}/log`,
    query,
    user: 'kubectl',
  });
  if (res.status === 200 && typeof res.body === 'string') {
    ctx.out(res.body);
    return 0;
  }
  const statuses: Json[] = [
    ...(pod.status?.containerStatuses ?? []),
    ...(pod.status?.initContainerStatuses ?? []),
  ];
  const st = statuses.find((s) => s.name === container);
  const started = st?.state?.running?.startedAt ?? st?.state?.terminated?.startedAt;
  if (!started) {
    const reason = st?.state?.waiting?.reason ?? 'ContainerCreating';
    throw new StatusError({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      reason: 'BadRequest',
      code: 400,
      message: `container "${container}" in pod "${pod.metadata?.name}" is waiting to start: ${reason}`,
    });
  }
  let lines = simulatedLogLines(spec.image ?? '', started, pod.metadata?.name ?? '');
  if (f.has('tail') && f.int('tail', -1) >= 0)
    lines = lines.slice(Math.max(0, lines.length - f.int('tail', -1)));
  ctx.out(formatLogLines(lines, f.bool('timestamps')));
  return 0;
}

export const logsCommand: Command = {
  name: 'logs',
  short: 'Print the logs for a container in a pod',
  usage: 'kubectl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] [options]',
  flags: [
    { name: 'container', short: 'c', type: 'string' },
    { name: 'follow', short: 'f', type: 'bool' },
    { name: 'previous', short: 'p', type: 'bool' },
    { name: 'tail', type: 'int' },
    { name: 'timestamps', type: 'bool' },
    { name: 'since', type: 'string' },
    { name: 'all-containers', type: 'bool' },
    { name: 'prefix', type: 'bool' },
    SELECTOR_FLAG,
  ],
  run: runLogs,
};

async function metricsAvailable(ctx: CommandContext): Promise<boolean> {
  const all = await ctx.discovery.resources(true);
  return all.some((r) => r.group === 'metrics.k8s.io');
}

async function runTopNodes(ctx: CommandContext): Promise<number> {
  if (!(await metricsAvailable(ctx))) throw new KubectlError('Metrics API not available');
  const name = ctx.flags.positional[0];
  const query = ctx.flags.has('selector')
    ? { labelSelector: ctx.flags.str('selector') }
    : undefined;
  const metrics: Json[] = name
    ? [await ctx.api.get(`/apis/metrics.k8s.io/v1beta1/nodes/${name}`)]
    : ((await ctx.api.get<{ items?: Json[] }>('/apis/metrics.k8s.io/v1beta1/nodes', query)).items ??
      []);
  const nodes: Json[] = name
    ? [await ctx.api.get(`/api/v1/nodes/${name}`)]
    : ((await ctx.api.get<{ items?: Json[] }>('/api/v1/nodes', query)).items ?? []);
  if (metrics.length === 0) {
    throw new KubectlError('metrics not available yet');
  }
  const alloc = new Map<string, Json>(
    nodes.map((n) => [n.metadata?.name, n.status?.allocatable ?? n.status?.capacity ?? {}]),
  );
  const w = new TabWriter();
  if (!ctx.flags.bool('no-headers'))
    w.write('NAME\tCPU(cores)\tCPU(%)\tMEMORY(bytes)\tMEMORY(%)\t\n');
  const sortBy = ctx.flags.str('sort-by');
  const sorted = [...metrics].sort((a, b) =>
    sortBy === 'cpu'
      ? parseQuantity(b.usage?.cpu) - parseQuantity(a.usage?.cpu)
      : sortBy === 'memory'
        ? parseQuantity(b.usage?.memory) - parseQuantity(a.usage?.memory)
        : a.metadata?.name < b.metadata?.name
          ? -1
          : 1,
  );
  for (const m of sorted) {
    const a = alloc.get(m.metadata?.name) ?? {};
    const cpu = parseQuantity(m.usage?.cpu);
    const mem = parseQuantity(m.usage?.memory);
    const pct = (v: number, total: number) =>
      total > 0 ? `${Math.trunc((v / total) * 100)}%` : '';
    // kubectl compares MilliValue()s for CPU (metrics_printer.go), both rounded up.
    const allocMilli = milliValue(parseQuantity(a.cpu));
    w.write(
      `${m.metadata?.name}\t${milliValue(cpu)}m\t${pct(milliValue(cpu), allocMilli)}\t${Math.trunc(mem / (1024 * 1024))}Mi\t${pct(mem, parseQuantity(a.memory))}\t\n`,
    );
    alloc.delete(m.metadata?.name);
  }
  for (const missing of alloc.keys())
    w.write(`${missing}\t<unknown>\t<unknown>\t<unknown>\t<unknown>\t\n`);
  ctx.out(w.flush());
  return 0;
}

async function runTopPods(ctx: CommandContext): Promise<number> {
  if (!(await metricsAvailable(ctx))) throw new KubectlError('Metrics API not available');
  const f = ctx.flags;
  const all = f.bool('all-namespaces');
  const base = all
    ? '/apis/metrics.k8s.io/v1beta1/pods'
    : `/apis/metrics.k8s.io/v1beta1/namespaces/${ctx.namespace}/pods`;
  const name = f.positional[0];
  const metrics: Json[] = name
    ? [await ctx.api.get(`${base}/${name}`)]
    : ((
        await ctx.api.get<{ items?: Json[] }>(
          base,
          f.has('selector') ? { labelSelector: f.str('selector') } : undefined,
        )
      ).items ?? []);
  if (metrics.length === 0) {
    ctx.err(all ? 'No resources found\n' : `No resources found in ${ctx.namespace} namespace.\n`);
    return 0;
  }
  const containers = f.bool('containers');
  const w = new TabWriter();
  if (!f.bool('no-headers'))
    w.write(
      `${all ? 'NAMESPACE\t' : ''}${containers ? 'POD\t' : ''}NAME\tCPU(cores)\tMEMORY(bytes)\t\n`,
    );
  const sum = (m: Json, r: string) =>
    (m.containers ?? []).reduce((s: number, c: Json) => s + parseQuantity(c.usage?.[r]), 0);
  const sortBy = f.str('sort-by');
  const sorted = [...metrics].sort((a, b) => {
    if (sortBy === 'cpu') return sum(b, 'cpu') - sum(a, 'cpu');
    if (sortBy === 'memory') return sum(b, 'memory') - sum(a, 'memory');
    const ka = `${all ? a.metadata?.namespace : ''}/${a.metadata?.name}`;
    const kb = `${all ? b.metadata?.namespace : ''}/${b.metadata?.name}`;
    return ka < kb ? -1 : 1;
  });
  const fmt = (cpu: number, mem: number) =>
    `${milliValue(cpu)}m\t${Math.trunc(mem / (1024 * 1024))}Mi\t`;
  for (const m of sorted) {
    const ns = all ? `${m.metadata?.namespace}\t` : '';
    if (containers)
      for (const c of m.containers ?? [])
        w.write(
          `${ns}${m.metadata?.name}\t${c.name}\t${fmt(parseQuantity(c.usage?.cpu), parseQuantity(c.usage?.memory))}\n`,
        );
    else w.write(`${ns}${m.metadata?.name}\t${fmt(sum(m, 'cpu'), sum(m, 'memory'))}\n`);
  }
  ctx.out(w.flush());
  return 0;
}

export const topCommand: Command = {
  name: 'top',
  short: 'Display resource (CPU/memory) usage',
  flags: [],
  subcommands: [
    {
      name: 'node',
      aliases: ['nodes', 'no'],
      short: 'Display resource (CPU/memory) usage of nodes',
      flags: [
        SELECTOR_FLAG,
        { name: 'no-headers', type: 'bool' },
        { name: 'sort-by', type: 'string' },
        { name: 'show-capacity', type: 'bool' },
      ],
      run: runTopNodes,
    },
    {
      name: 'pod',
      aliases: ['pods', 'po'],
      short: 'Display resource (CPU/memory) usage of pods',
      flags: [
        SELECTOR_FLAG,
        { name: 'all-namespaces', short: 'A', type: 'bool' },
        { name: 'containers', type: 'bool' },
        { name: 'no-headers', type: 'bool' },
        { name: 'sort-by', type: 'string' },
        { name: 'sum', type: 'bool' },
      ],
      run: runTopPods,
    },
  ],
};

export type { KubeObject };

/** Quantity.MilliValue(): cores as millicores, rounded up (kubectl top prints it). */
function milliValue(cores: number): number {
  // Through nanocores first, so binary fractions of exact values do not round up.
  return Math.ceil(Math.round(cores * 1e9) / 1e6);
}
