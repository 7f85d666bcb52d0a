/**
 * Output printers: the human-readable table built from a server-side meta.k8s.io/v1 Table
 * (cli-runtime pkg/printers/tableprinter.go: priority-0 columns unless wide, upper-case headers,
 * NAMESPACE prepended for -A, LABELS appended for --show-labels, `kind/name` when several types
 * are printed), and the -o json|yaml|name|jsonpath printers.
 */
import { stringify } from 'yaml';
import type { KubeObject } from '../../sim/api/types';
import { translateTimestampSince } from './duration';
import { KubectlError } from './errors';
import { evaluateJsonPath } from './jsonpath';
import { alignColumns } from './tabwriter';

export interface TableColumn {
  name: string;
  type?: string;
  format?: string;
  priority?: number;
  description?: string;
}

export interface TableRow {
  cells: unknown[];
  object?: KubeObject;
}

export interface Table extends KubeObject {
  columnDefinitions: TableColumn[];
  rows: TableRow[];
}

export interface TableOptions {
  wide?: boolean;
  noHeaders?: boolean;
  withNamespace?: boolean;
  showLabels?: boolean;
  /** `-L key` label columns. */
  labelColumns?: string[];
  /** Prefix for the name column (`deployment.apps`) when several types are printed. */
  kind?: string;
  /** Event type column for `get -w --output-watch-events`. */
  eventType?: string;
}

/** True when a response body is a meta.k8s.io Table. */
export function isTable(body: unknown): body is Table {
  return (
    typeof body === 'object' &&
    body !== null &&
    (body as KubeObject).kind === 'Table' &&
    Array.isArray((body as Table).rows)
  );
}

/** labels.FormatLabels: sorted `k=v` pairs joined by commas, `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${(labels as Record<string, string>)[k]}`).join(',');
}

/** fmt.Sprint of a JSON value, as Go prints an unstructured cell. */
export function goSprint(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goSprint).join(' ')}]`;
  const obj = v as Record<string, unknown>;
  return `map[${Object.keys(obj)
    .sort()
    .map((k) => `${k}:${goSprint(obj[k])}`)
    .join(' ')}]`;
}

function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') {
    const br = cell.search(/[\f\n\r]/);
    return br >= 0 ? `${cell.slice(0, br)}...` : cell;
  }
  return goSprint(cell);
}

/**
 * Renders a Table as tab-separated lines (align them with TabWriter). Prints nothing for an
 * empty table, like kubectl (the caller reports "No resources found").
 */
export function tableLines(table: Table, options: TableOptions): string {
  if (table.rows.length === 0 && !options.noHeaders) return '';
  const visible = table.columnDefinitions
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => options.wide || !c.priority);
  const nameIndex = options.kind
    ? table.columnDefinitions.findIndex(
        (c) => c.format === 'name' && (c.type ?? 'string') === 'string',
      )
    : -1;
  const labelHeaders = (options.labelColumns ?? []).map(
    (l) => l.split('/').pop()?.toUpperCase() ?? '',
  );
  let out = '';
  if (!options.noHeaders) {
    const headers = [
      ...(options.eventType ? ['EVENT'] : []),
      ...(options.withNamespace ? ['NAMESPACE'] : []),
      ...visible.map(({ c }) => c.name.toUpperCase()),
      ...labelHeaders,
      ...(options.showLabels ? ['LABELS'] : []),
    ];
    out += `${headers.join('\t')}\n`;
  }
  for (const row of table.rows) {
    const meta = row.object?.metadata;
    const cells: string[] = [];
    if (options.eventType) cells.push(formatEventType(options.eventType));
    if (options.withNamespace) cells.push(meta?.namespace ?? '');
    for (const { i } of visible) {
      let text = cellText(row.cells[i]);
      if (i === nameIndex) text = `${options.kind}/${text}`;
      cells.push(text);
    }
    for (const key of options.labelColumns ?? []) cells.push(meta?.labels?.[key] ?? '');
    if (options.showLabels) cells.push(formatLabels(meta?.labels));
    out += `${cells.join('\t')}\n`;
  }
  return out;
}

function formatEventType(type: string): string {
  return (
    { ADDED: 'ADDED   ', MODIFIED: 'MODIFIED', DELETED: 'DELETED ', ERROR: 'ERROR   ' }[type] ??
    type
  );
}

/** The default NAME/AGE table kubectl prints when the server sends no Table. */
export function fallbackTable(objects: KubeObject[], nowMs: number): Table {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    columnDefinitions: [
      { name: 'Name', type: 'string', format: 'name' },
      { name: 'Age', type: 'string' },
    ],
    rows: objects.map((o) => ({
      cells: [
        o.metadata?.name ?? '',
        translateTimestampSince(o.metadata?.creationTimestamp, nowMs),
      ],
      object: o,
    })),
  };
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const obj = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(obj).sort()) if (obj[k] !== undefined) out[k] = sortKeys(obj[k]);
    return out;
  }
  return v;
}

/**
 * `-o json`: Go's json.MarshalIndent with 4 spaces and HTML-safe escapes; keys sorted as for
 * unstructured objects, or kept in insertion order for objects kubectl builds as typed structs.
 */
export function toJson(obj: unknown, sorted = true): string {
  return `${JSON.stringify(sorted ? sortKeys(obj) : obj, null, 4)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')}\n`;
}

/** `-o yaml`: sigs.k8s.io/yaml style (sorted keys, YAML 1.1 quoting, sequences not indented). */
export function toYaml(obj: unknown): string {
  return stringify(sortKeys(obj), {
    sortMapEntries: true,
    indentSeq: false,
    version: '1.1',
    lineWidth: 0,
  });
}

/** A List wrapper as `get -o yaml` prints several objects. */
export function asList(items: KubeObject[], resourceVersion = ''): KubeObject {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion } };
}

export type OutputFormat =
  | { kind: 'table'; wide: boolean }
  | { kind: 'json' }
  | { kind: 'yaml' }
  | { kind: 'name' }
  | { kind: 'jsonpath'; template: string }
  | { kind: 'custom-columns'; spec: string };

const ALLOWED =
  'custom-columns, custom-columns-file, go-template, go-template-file, json, jsonpath, jsonpath-as-json, jsonpath-file, name, template, templatefile, wide, yaml';

/** Parses `-o`; throws kubectl's message for an unknown format. */
export function parseOutput(value: string): OutputFormat {
  if (value === '' || value === 'wide') return { kind: 'table', wide: value === 'wide' };
  if (value === 'json' || value === 'yaml' || value === 'name') return { kind: value };
  const eq = value.indexOf('=');
  const head = eq < 0 ? value : value.slice(0, eq);
  if (head === 'jsonpath' || head === 'template') {
    if (eq < 0) throw new KubectlError('template format specified but no template given');
    return { kind: 'jsonpath', template: value.slice(eq + 1) };
  }
  if (head === 'custom-columns') return { kind: 'custom-columns', spec: value.slice(eq + 1) };
  throw new KubectlError(
    `unable to match a printer suitable for the output format "${value}", allowed formats are: ${ALLOWED}`,
  );
}

/** Prints a full object (or List) in a non-table format. */
export function printObject(
  obj: KubeObject,
  format: OutputFormat,
  typeName: (o: KubeObject) => string,
  typed = false,
): string {
  switch (format.kind) {
    case 'json':
      return toJson(obj, !typed);
    case 'yaml':
      return toYaml(obj);
    case 'name': {
      const items = obj.kind === 'List' ? ((obj.items as KubeObject[]) ?? []) : [obj];
      return items.map((o) => `${typeName(o)}/${o.metadata?.name ?? ''}\n`).join('');
    }
    case 'jsonpath':
      return evaluateJsonPath(format.template, obj);
    case 'custom-columns': {
      const items = obj.kind === 'List' ? ((obj.items as KubeObject[]) ?? []) : [obj];
      const cols = format.spec.split(',').map((c) => {
        const i = c.indexOf(':');
        if (i < 0)
          throw new KubectlError(
            `unexpected custom-columns spec: ${c}, expected <header>:<json-path-expr>`,
          );
        return { header: c.slice(0, i), path: c.slice(i + 1) };
      });
      let out = `${cols.map((c) => c.header).join('\t')}\n`;
      for (const o of items) {
        out += `${cols
          .map((c) => {
            const v = evaluateJsonPath(
              c.path.startsWith('{')
                ? c.path
                : `{${c.path.startsWith('.') ? c.path : `.${c.path}`}}`,
              o,
            );
            return v === '' ? '<none>' : v;
          })
          .join('\t')}\n`;
      }
      return alignColumns(out);
    }
    default:
      return '';
  }
}
