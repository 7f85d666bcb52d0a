/**
 * Tables of custom resources (apiextensions-apiserver pkg/registry/customresource/tableconvertor):
 * a Name column plus the CRD's additionalPrinterColumns, evaluated with a simple JSONPath; a CRD
 * without columns gets the default `Age` column (type date). Date cells become ages
 * (`metatable.ConvertToHumanReadableDateType`), numbers and booleans keep their JSON type.
 */
import { humanDuration, parseTimestamp } from './duration';
import {
  CREATION_TIMESTAMP_DESCRIPTION,
  nameColumn,
  type ColumnDefinition,
  type ResourcePrinter,
} from './format';

/** apiextensions/v1 CustomResourceColumnDefinition. */
export interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

const defaultColumns: PrinterColumn[] = [
  {
    name: 'Age',
    type: 'date',
    description: CREATION_TIMESTAMP_DESCRIPTION,
    jsonPath: '.metadata.creationTimestamp',
  },
];

type Step =
  | { field: string }
  | { index: number }
  | { all: true }
  | { filter: { path: string[]; value: string } };

/** Parses the simple JSONPaths CRDs use: `.a.b`, `.a[0]`, `.a[*].b`, `.a[?(@.type=="Ready")].status`. */
function parseJsonPath(path: string): Step[] | undefined {
  const steps: Step[] = [];
  const text = path
    .trim()
    .replace(/^\{|\}$/g, '')
    .replace(/^\$/, '');
  const pattern =
    /\.([^.[\]]+)|\[(\d+)\]|\[\*\]|\[\?\(@\.([^=!<>\s]+)\s*==\s*["']([^"']*)["']\)\]/y;
  let offset = 0;
  while (offset < text.length) {
    pattern.lastIndex = offset;
    const match = pattern.exec(text);
    if (!match) return undefined;
    if (match[1] !== undefined) steps.push({ field: match[1] });
    else if (match[2] !== undefined) steps.push({ index: Number(match[2]) });
    else if (match[3] !== undefined)
      steps.push({ filter: { path: match[3].split('.'), value: match[4] } });
    else steps.push({ all: true });
    offset = pattern.lastIndex;
  }
  return steps;
}

function readPath(value: unknown, path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** All results of a JSONPath (missing keys are allowed and give no result). */
export function findJsonPathResults(object: unknown, path: string): unknown[] {
  const steps = parseJsonPath(path);
  if (!steps) return [];
  let current: unknown[] = [object];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const value of current) {
      if ('field' in step) {
        const child = readPath(value, [step.field]);
        if (child !== undefined) next.push(child);
      } else if ('index' in step) {
        if (Array.isArray(value) && step.index < value.length) next.push(value[step.index]);
      } else if ('all' in step) {
        if (Array.isArray(value)) next.push(...value);
        else if (value !== null && typeof value === 'object') next.push(...Object.values(value));
      } else if (Array.isArray(value)) {
        next.push(
          ...value.filter((item) => String(readPath(item, step.filter.path)) === step.filter.value),
        );
      }
    }
    current = next;
  }
  return current;
}

/** cellForJSONValue, plus string columns printed like the JSONPath printer. */
function cellFor(type: string, value: unknown, nowMs: number): unknown {
  if (value === undefined || value === null) return null;
  switch (type) {
    case 'string':
      return typeof value === 'string'
        ? value
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date': {
      if (typeof value !== 'string') return null;
      const ms = parseTimestamp(value);
      return ms === undefined ? '<invalid>' : humanDuration(nowMs - ms);
    }
    default:
      return null;
  }
}

/** The printer of a custom resource with these printer columns. */
export function customResourcePrinter(printerColumns?: PrinterColumn[]): ResourcePrinter {
  const columns = printerColumns && printerColumns.length > 0 ? printerColumns : defaultColumns;
  const definitions: ColumnDefinition[] = [
    nameColumn(),
    ...columns.map((column) => ({
      name: column.name,
      type: column.type,
      format: column.format ?? '',
      description:
        column.description ||
        `Custom resource definition column (in JSONPath format): ${column.jsonPath}`,
      priority: column.priority ?? 0,
    })),
  ];
  return {
    columns: definitions,
    cells(object, { nowMs }) {
      return [
        object.metadata?.name ?? '',
        ...columns.map((column) =>
          cellFor(column.type, findJsonPathResults(object, column.jsonPath)[0], nowMs),
        ),
      ];
    },
  };
}
