/**
 * `kubectl get` (pkg/cmd/get/get.go): server-side Tables printed through kubectl's tab writer,
 * `kind/name` prefixes when several types are printed, a blank line between types,
 * "No resources found in <ns> namespace." on stderr, errors after the output, and `-w` streaming.
 */
import type { KubeObject, WatchEvent } from '../../../sim/api/types';
import { ApiClient, resourcePath } from '../api';
import { selectResources, type Selection } from '../builder';
import {
  type Command,
  type CommandContext,
  FILENAME_FLAG,
  OUTPUT_FLAG,
  SELECTOR_FLAG,
} from '../context';
import { kindString, type ResourceMapping } from '../discovery';
import { AggregateError, KubectlError, StatusError } from '../errors';
import { fileTargets } from '../builder';
import {
  asList,
  fallbackTable,
  isTable,
  parseOutput,
  printObject,
  tableLines,
  type Table,
  type TableOptions,
} from '../printers';
import { TabWriter } from '../tabwriter';
import { evaluateJsonPath } from '../jsonpath';
import { goSort } from '../go-sort';

interface Info {
  mapping: ResourceMapping;
  /** The Table (table output) or the object / list (other outputs). */
  body: KubeObject;
  /** A named object (not a collection). */
  named: boolean;
}

/** Fetches one object or a collection as a Table (falls back to NAME/AGE when the server sends none). */
export async function getTable(
  ctx: CommandContext,
  mapping: ResourceMapping,
  path: string,
  query: Record<string, string>,
  named: boolean,
): Promise<Table> {
  const body = await ctx.api.get<KubeObject>(path, query, ApiClient.TABLE_ACCEPT);
  if (isTable(body)) return body;
  const items = named ? [body] : ((body.items as KubeObject[] | undefined) ?? []);
  return fallbackTable(items, ctx.env.nowMs());
}

const REQUIRED_RESOURCE =
  'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n' +
  'error: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\n' +
  "See 'kubectl get -h' for help and examples";

async function collect(
  ctx: CommandContext,
  selections: Selection[],
  table: boolean,
  errors: Error[],
): Promise<Info[]> {
  const f = ctx.flags;
  const allNamespaces = f.bool('all-namespaces');
  const query: Record<string, string> = {};
  if (f.has('selector')) query.labelSelector = f.str('selector');
  if (f.has('field-selector')) query.fieldSelector = f.str('field-selector');
  // --sort-by needs whole objects in the Table rows (get.go transformRequests).
  if (f.str('sort-by') && table) query.includeObject = 'Object';
  const infos: Info[] = [];
  for (const s of selections) {
    const ns =
      s.mapping.namespaced && !(allNamespaces && s.names.length === 0) ? ctx.namespace : undefined;
    if (s.names.length === 0) {
      const path = resourcePath(s.mapping, ns);
      try {
        const body = table
          ? await getTable(ctx, s.mapping, path, query, false)
          : await ctx.api.get<KubeObject>(path, query);
        infos.push({ mapping: s.mapping, body, named: false });
      } catch (e) {
        errors.push(e as Error);
      }
      continue;
    }
    for (const name of s.names) {
      const path = resourcePath(s.mapping, ns, name);
      try {
        const body = table
          ? await getTable(ctx, s.mapping, path, {}, true)
          : await ctx.api.get<KubeObject>(path);
        infos.push({ mapping: s.mapping, body, named: true });
      } catch (e) {
        if (f.bool('ignore-not-found') && e instanceof StatusError && e.status.code === 404)
          continue;
        errors.push(e as Error);
      }
    }
  }
  return infos;
}

function tableOptions(
  ctx: CommandContext,
  mapping: ResourceMapping,
  wide: boolean,
  withKind: boolean,
): TableOptions {
  const f = ctx.flags;
  return {
    wide,
    noHeaders: f.bool('no-headers'),
    withNamespace: f.bool('all-namespaces') && mapping.namespaced,
    showLabels: f.bool('show-labels'),
    labelColumns: f.list('label-columns'),
    kind: withKind || f.bool('show-kind') ? kindString(mapping) : undefined,
  };
}

async function runGet(ctx: CommandContext): Promise<number> {
  const f = ctx.flags;
  const format = parseOutput(f.str('output'));
  const files = f.list('filename');
  let selections: Selection[];
  if (files.length > 0) {
    selections = (await fileTargets(ctx, files)).map((t) => ({
      mapping: t.mapping,
      names: [t.name],
    }));
  } else {
    if (f.positional.length === 0) throw new KubectlError(REQUIRED_RESOURCE, { raw: true });
    selections = await selectResources(ctx, f.positional);
  }
  if (f.bool('watch') || f.bool('watch-only'))
    return watch(ctx, selections, format.kind === 'table' && format.wide);
  const errors: Error[] = [];
  const isTableOutput = format.kind === 'table';
  const infos = await collect(ctx, selections, isTableOutput, errors);
  if (f.str('sort-by')) sortInfos(infos, f.str('sort-by'), isTableOutput);

  if (!isTableOutput) {
    const objects = infos.flatMap((i) =>
      (i.named ? [i.body] : ((i.body.items as KubeObject[] | undefined) ?? [])).map((o) =>
        withTypeMeta(o, i.mapping, f.bool('show-managed-fields')),
      ),
    );
    const single =
      selections.length === 1 &&
      selections[0].names.length === 1 &&
      !selections[0].mapping.categories.includes('__never');
    const typeName = (o: KubeObject) => {
      const m = infos.find((i) => i.mapping.kind === o.kind);
      return m ? kindString(m.mapping) : (o.kind ?? '').toLowerCase();
    };
    if (single && objects.length === 1) ctx.out(printObject(objects[0], format, typeName));
    else if (objects.length > 0 || errors.length === 0) {
      const rv =
        infos.length === 1 && !infos[0].named
          ? ((infos[0].body.metadata?.resourceVersion as string | undefined) ?? '')
          : '';
      ctx.out(printObject(asList(objects, rv), format, typeName));
    }
    if (errors.length > 0) throw new AggregateError(errors);
    return 0;
  }

  const withKind = new Set(infos.map((i) => `${i.mapping.group}/${i.mapping.kind}`)).size > 1;
  const writer = new TabWriter();
  let written = '';
  let last: ResourceMapping | undefined;
  // Consecutive infos of one resource share a printer (one header); a new resource starts a new
  // table, separated by a blank line once something was printed (get.go separatorWriter).
  const groups: { mapping: ResourceMapping; table: Table }[] = [];
  for (const info of infos) {
    const t = info.body as Table;
    const prev = groups[groups.length - 1];
    if (
      prev &&
      last &&
      prev.mapping.resource === info.mapping.resource &&
      prev.mapping.group === info.mapping.group
    ) {
      prev.table = { ...prev.table, rows: [...prev.table.rows, ...t.rows] };
    } else groups.push({ mapping: info.mapping, table: t });
    last = info.mapping;
  }
  for (const g of groups) {
    const lines = tableLines(
      g.table,
      tableOptions(ctx, g.mapping, format.kind === 'table' && format.wide, withKind),
    );
    if (!lines) continue;
    writer.write(lines);
    const text = writer.flush();
    if (written && !f.bool('no-headers')) written += '\n';
    written += text;
  }
  ctx.out(written);
  if (written === '' && errors.length === 0 && !f.bool('ignore-not-found')) {
    const allNamespaced = !f.bool('all-namespaces') && infos.every((i) => i.mapping.namespaced);
    ctx.err(
      allNamespaced
        ? `No resources found in ${ctx.namespace} namespace.\n`
        : 'No resources found\n',
    );
  }
  if (errors.length > 0) throw new AggregateError(errors);
  return 0;
}

/** `--sort-by=<jsonpath>`: numbers compare as numbers, everything else as text. */
function sortInfos(infos: Info[], sortBy: string, table: boolean): void {
  const path = sortBy.includes('{')
    ? sortBy
    : `{${sortBy.startsWith('.') ? sortBy : `.${sortBy}`}}`;
  const key = (o: KubeObject | undefined) => (o ? evaluateJsonPath(path, o) : '');
  const compare = (a: string, b: string) => {
    const na = Number(a);
    const nb = Number(b);
    if (a !== '' && b !== '' && !Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
    return a < b ? -1 : a > b ? 1 : 0;
  };
  for (const info of infos) {
    if (table) {
      const t = info.body as Table;
      const keyed = t.rows.map((row, i) => ({ row, i, k: key(row.object) }));
      // sorter.go sorts with sort.Sort: reproduce Go's exact (unstable) order.
      goSort(keyed, (a, b) => compare(a.k, b.k) < 0);
      info.body = { ...t, rows: keyed.map((x) => x.row) };
    } else if (!info.named) {
      const items = (info.body.items as KubeObject[] | undefined) ?? [];
      const keyed = items.map((o, i) => ({ o, i, k: key(o) }));
      goSort(keyed, (a, b) => compare(a.k, b.k) < 0);
      info.body = { ...info.body, items: keyed.map((x) => x.o) };
    }
  }
}

/**
 * Objects from a list lack apiVersion/kind; -o yaml/json print them with it, like kubectl, and
 * without metadata.managedFields unless --show-managed-fields (get.go, since 1.21).
 */
function withTypeMeta(o: KubeObject, m: ResourceMapping, showManagedFields: boolean): KubeObject {
  const typed =
    o.kind && o.apiVersion
      ? o
      : { apiVersion: m.group ? `${m.group}/${m.version}` : m.version, kind: m.kind, ...o };
  if (showManagedFields || !typed.metadata?.managedFields) return typed;
  const metadata = { ...typed.metadata };
  delete metadata.managedFields;
  return { ...typed, metadata };
}

/** `get -w`: print the current state, then one row per event until aborted or maxWatchEvents. */
async function watch(ctx: CommandContext, selections: Selection[], wide: boolean): Promise<number> {
  const f = ctx.flags;
  if (selections.length !== 1 || selections[0].names.length > 1) {
    throw new KubectlError(
      'watch is only supported on individual resources and resource collections - more than 1 resource was found',
    );
  }
  const { mapping, names } = selections[0];
  if (!ctx.env.watch) throw new KubectlError('watch is not supported by this connection');
  const allNamespaces = f.bool('all-namespaces');
  const ns = mapping.namespaced && !allNamespaces ? ctx.namespace : undefined;
  const query: Record<string, string> = {};
  if (f.has('selector')) query.labelSelector = f.str('selector');
  const fieldSelectors = [
    f.str('field-selector'),
    names.length === 1 ? `metadata.name=${names[0]}` : '',
  ].filter(Boolean);
  if (fieldSelectors.length > 0) query.fieldSelector = fieldSelectors.join(',');
  const listPath = resourcePath(mapping, ns);
  const initial =
    names.length === 1
      ? await getTable(ctx, mapping, resourcePath(mapping, ns, names[0]), {}, true)
      : await getTable(ctx, mapping, listPath, query, false);
  const options = tableOptions(ctx, mapping, wide, false);
  const writer = new TabWriter({ rememberWidths: true });
  let printedHeaders = false;
  const rowsByName = new Map<string, Table>();
  const print = (t: Table, eventType?: string) => {
    const lines = tableLines(t, {
      ...options,
      noHeaders: options.noHeaders || printedHeaders,
      eventType: f.bool('output-watch-events') ? eventType : undefined,
    });
    if (t.rows.length > 0) printedHeaders = true;
    writer.write(lines);
    ctx.out(writer.flush());
  };
  if (!f.bool('watch-only')) print(initial, 'ADDED');
  for (const row of initial.rows)
    rowsByName.set(
      `${row.object?.metadata?.namespace ?? ''}/${row.object?.metadata?.name ?? row.cells[0]}`,
      { ...initial, rows: [row] },
    );
  const rv = (initial.metadata?.resourceVersion as string | undefined) ?? '';
  const max = ctx.env.maxWatchEvents ?? Infinity;
  let count = 0;
  await new Promise<void>((resolve) => {
    let chain = Promise.resolve();
    let stop: () => void = () => {};
    const finish = () => {
      stop();
      resolve();
    };
    if (ctx.env.signal?.aborted || max <= 0) return resolve();
    ctx.env.signal?.addEventListener('abort', finish, { once: true });
    const onEvent = (event: WatchEvent) => {
      if (event.type === 'BOOKMARK' || event.type === 'ERROR') return;
      chain = chain.then(async () => {
        if (count >= max) return;
        count++;
        const t = await eventTable(ctx, mapping, event, rowsByName);
        if (t) print(t, event.type);
        if (count >= max) finish();
      });
    };
    stop = ctx.env.watch!(
      {
        method: 'GET',
        path: listPath,
        query: { ...query, watch: 'true', resourceVersion: rv },
        accept: ApiClient.TABLE_ACCEPT,
      },
      onEvent,
    );
  });
  return 0;
}

async function eventTable(
  ctx: CommandContext,
  mapping: ResourceMapping,
  event: WatchEvent,
  cache: Map<string, Table>,
): Promise<Table | undefined> {
  const obj = event.object;
  if (isTable(obj)) return obj;
  const key = `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
  let t: Table | undefined;
  if (event.type !== 'DELETED') {
    try {
      t = await getTable(
        ctx,
        mapping,
        resourcePath(mapping, obj.metadata?.namespace, obj.metadata?.name),
        {},
        true,
      );
    } catch {
      t = undefined;
    }
  }
  t = t ?? cache.get(key) ?? fallbackTable([obj], ctx.env.nowMs());
  cache.set(key, t);
  return t;
}

export const getCommand: Command = {
  name: 'get',
  short: 'Display one or many resources',
  usage:
    'kubectl get [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags] [options]',
  flags: [
    OUTPUT_FLAG,
    SELECTOR_FLAG,
    FILENAME_FLAG,
    { name: 'field-selector', type: 'string' },
    { name: 'all-namespaces', short: 'A', type: 'bool' },
    { name: 'watch', short: 'w', type: 'bool' },
    { name: 'watch-only', type: 'bool' },
    { name: 'output-watch-events', type: 'bool' },
    { name: 'show-labels', type: 'bool' },
    { name: 'show-kind', type: 'bool' },
    { name: 'no-headers', type: 'bool' },
    { name: 'label-columns', short: 'L', type: 'array' },
    { name: 'ignore-not-found', type: 'bool' },
    { name: 'chunk-size', type: 'int' },
    { name: 'sort-by', type: 'string' },
    { name: 'recursive', short: 'R', type: 'bool' },
    { name: 'show-managed-fields', type: 'bool' },
  ],
  run: runGet,
};
