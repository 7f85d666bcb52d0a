/**
 * Shared pieces of the server-side printers (kubernetes pkg/printers/internalversion/printers.go,
 * Kubernetes 1.32): column definitions, label and selector formatting, container cells, access modes.
 */
import type { KubeObject } from '../../api/types';
import { translateTimestampSince } from './duration';

/** metav1.TableColumnDefinition. */
export interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

/** metav1.TableRowCondition. */
export interface RowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** What a printer needs besides the object. */
export interface PrintContext {
  nowMs: number;
}

/** A printer for one resource: its columns and, per object, all cells (wide ones included). */
export interface ResourcePrinter {
  columns: ColumnDefinition[];
  cells(object: KubeObject, context: PrintContext): unknown[];
  conditions?(object: KubeObject): RowCondition[] | undefined;
}

// metav1.ObjectMeta{}.SwaggerDoc()["name"] and ["creationTimestamp"] (apimachinery v0.32.0).
export const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
export const CREATION_TIMESTAMP_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

/**
 * Column shorthand: `col('Ready', 'string', 'desc')`, `col('IP', 'string', 'desc', 1)` for a wide
 * column. Descriptions of fields are shortened where upstream uses the long API field docs.
 */
export function col(
  name: string,
  type: string,
  description: string,
  priority = 0,
  format = '',
): ColumnDefinition {
  return { name, type, format, description, priority };
}

export const nameColumn = (): ColumnDefinition =>
  col('Name', 'string', NAME_DESCRIPTION, 0, 'name');
export const ageColumn = (): ColumnDefinition =>
  col('Age', 'string', CREATION_TIMESTAMP_DESCRIPTION);
export const containersColumn = (): ColumnDefinition =>
  col('Containers', 'string', 'Names of each container in the template.', 1);
export const imagesColumn = (): ColumnDefinition =>
  col('Images', 'string', 'Images referenced by each container in the template.', 1);

/** The AGE cell of an object: translateTimestampSince of its creationTimestamp. */
export const ageOf = (object: KubeObject, nowMs: number): string =>
  translateTimestampSince(object.metadata?.creationTimestamp, nowMs);
/** The NAME cell of an object ('' when unnamed). */
export const nameOf = (object: KubeObject): string => object.metadata?.name ?? '';

/** Reads a nested field, undefined when any step is missing. */
export function field(object: unknown, ...path: string[]): unknown {
  let current: unknown = object;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A string field, '' when absent. */
export function str(value: unknown): string {
  return typeof value === 'string'
    ? value
    : value === undefined || value === null
      ? ''
      : String(value);
}

/** A numeric field, 0 when absent (Go's zero value). */
export function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** A list field, [] when absent. */
export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A map field, {} when absent. */
export function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** labels.FormatLabels: sorted `k=v` joined by commas, `<none>` when empty. */
export function formatLabels(labels: unknown): string {
  const entries = Object.entries(record(labels)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return '<none>';
  return entries.map(([key, value]) => `${key}=${str(value)}`).join(',');
}

/**
 * metav1.FormatLabelSelector: `<none>` for nil, `<none>` too for an empty selector (upstream prints
 * "<none>" when the selector string is empty), otherwise the labels.Selector string with
 * requirements sorted by key: `a=b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`.
 */
export function formatLabelSelector(selector: unknown): string {
  if (selector === undefined || selector === null) return '<none>';
  const text = labelSelectorString(selector);
  return text === '' ? '<none>' : text;
}

/** labels.Selector.String() of a metav1.LabelSelector ('' for everything). */
export function labelSelectorString(selector: unknown): string {
  const requirements: Array<{ key: string; text: string }> = [];
  for (const [key, value] of Object.entries(record(field(selector, 'matchLabels')))) {
    requirements.push({ key, text: `${key}=${str(value)}` });
  }
  for (const expression of list(field(selector, 'matchExpressions'))) {
    const key = str(field(expression, 'key'));
    const values = list(field(expression, 'values')).map(str).sort();
    switch (field(expression, 'operator')) {
      case 'In':
        requirements.push({ key, text: `${key} in (${values.join(',')})` });
        break;
      case 'NotIn':
        requirements.push({ key, text: `${key} notin (${values.join(',')})` });
        break;
      case 'Exists':
        requirements.push({ key, text: key });
        break;
      case 'DoesNotExist':
        requirements.push({ key, text: `!${key}` });
        break;
    }
  }
  requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return requirements.map((requirement) => requirement.text).join(',');
}

/** layoutContainerCells: container names and images joined by commas. */
export function layoutContainerCells(containers: unknown): [string, string] {
  const items = list(containers);
  return [
    items.map((c) => str(field(c, 'name'))).join(','),
    items.map((c) => str(field(c, 'image'))).join(','),
  ];
}

/** helper.GetAccessModesAsString: RWO, ROX, RWX, RWOP in that order, without duplicates. */
export function accessModesAsString(modes: unknown): string {
  const present = new Set(list(modes).map(str));
  const names: Array<[string, string]> = [
    ['ReadWriteOnce', 'RWO'],
    ['ReadOnlyMany', 'ROX'],
    ['ReadWriteMany', 'RWX'],
    ['ReadWriteOncePod', 'RWOP'],
  ];
  return names
    .filter(([mode]) => present.has(mode))
    .map(([, short]) => short)
    .join(',');
}

/** A boolean pointer printed like printBoolPtr: `True`/`False`, `<unset>` when nil. */
export function boolPtr(value: unknown): string {
  if (typeof value !== 'boolean') return '<unset>';
  return value ? 'True' : 'False';
}

/** Values such as IntOrString printed like Go's `String()`. */
export function intOrString(value: unknown): string {
  return typeof value === 'number' ? String(value) : str(value);
}

/** Kubernetes resource quantities as stored (the simulation keeps them as written). */
export function quantity(value: unknown): string {
  return value === undefined || value === null ? '0' : intOrString(value);
}
