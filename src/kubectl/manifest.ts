/**
 * Parsing manifests as `kubectl apply -f` reads them: a multi-document YAML (or JSON) text, empty
 * documents skipped, `kind: List` (any `*List` with `items`) flattened into its items, every object
 * checked for `apiVersion` and `kind` (apimachinery's "Object 'Kind' is missing in '…'"). Each
 * document keeps its source position, and `positionOf('spec.template.spec.containers[0].image')`
 * finds the line of a field so errors from the server can point into the editor. Aliases are capped
 * (`maxAliasCount`) against "billion laughs" documents.
 */
import {
  LineCounter,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
  type Document,
  type Node,
} from 'yaml';
import type { KubeObject } from '../sim/api/types';

/** A 1-based line and column. */
export interface ManifestPosition {
  line: number;
  col: number;
}

/** Where a field path points: `exact` is false when only an ancestor exists (e.g. a missing field). */
export interface FieldPosition extends ManifestPosition {
  exact: boolean;
}

export interface ManifestDocument {
  object: KubeObject;
  /** Index of the YAML document in the text (0-based, empty documents counted). */
  documentIndex: number;
  /** Index in `items` when the object came from a List. */
  itemIndex?: number;
  start: ManifestPosition;
  end: ManifestPosition;
  /** Position of a field path such as `spec.replicas` or `metadata.labels[app.kubernetes.io/name]`. */
  positionOf(path: string): FieldPosition | undefined;
  /** Line of a field path (or of its closest existing ancestor). */
  lineOf(path: string): number | undefined;
}

export interface ManifestError {
  message: string;
  line: number;
  col: number;
  documentIndex: number;
}

export interface ParsedManifest {
  documents: ManifestDocument[];
  errors: ManifestError[];
}

export interface ParseManifestOptions {
  /** Upper bound of alias dereferences per document (the yaml package's default is 100). */
  maxAliasCount?: number;
  /** Refuse texts longer than this (default 3 MiB, the apiserver's request size limit). */
  maxLength?: number;
}

type PathSegment = string | number;

/** Splits `a.b[0].c[key.with.dots]` into segments; numbers in brackets are list indices. */
export function parseFieldPath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  let current = '';
  for (let i = 0; i < path.length; i++) {
    const ch = path[i];
    if (ch === '.') {
      if (current) segments.push(current);
      current = '';
    } else if (ch === '[') {
      if (current) segments.push(current);
      current = '';
      const close = path.indexOf(']', i);
      const inner = close < 0 ? path.slice(i + 1) : path.slice(i + 1, close);
      segments.push(/^\d+$/.test(inner) ? Number(inner) : inner);
      i = close < 0 ? path.length : close;
    } else {
      current += ch;
    }
  }
  if (current) segments.push(current);
  return segments;
}

function resolveNode(node: unknown, doc: Document): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

function childNode(
  node: unknown,
  segment: PathSegment,
  doc: Document,
): { keyNode?: Node; valueNode: unknown } | undefined {
  const resolved = resolveNode(node, doc);
  if (isMap(resolved)) {
    for (const pair of resolved.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      if (String(key) === String(segment))
        return { keyNode: pair.key as Node, valueNode: pair.value };
    }
    return undefined;
  }
  if (isSeq(resolved) && typeof segment === 'number' && segment < resolved.items.length) {
    return { valueNode: resolved.items[segment] };
  }
  return undefined;
}

function nodeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? range[0] : undefined;
}

function makeDocument(
  object: KubeObject,
  documentIndex: number,
  doc: Document,
  root: unknown,
  lineCounter: LineCounter,
  itemIndex?: number,
): ManifestDocument {
  const startOffset = nodeStart(root) ?? 0;
  const endOffset =
    (root as { range?: [number, number, number] } | null)?.range?.[1] ?? startOffset;
  const positionOf = (path: string): FieldPosition | undefined => {
    let node: unknown = root;
    let offset = nodeStart(root);
    let exact = true;
    for (const segment of parseFieldPath(path)) {
      const child = childNode(node, segment, doc);
      if (!child) {
        exact = false;
        break;
      }
      node = child.valueNode;
      offset = nodeStart(child.keyNode) ?? nodeStart(child.valueNode) ?? offset;
    }
    if (offset === undefined) return undefined;
    return { ...lineCounter.linePos(offset), exact };
  };
  return {
    object,
    documentIndex,
    itemIndex,
    start: lineCounter.linePos(startOffset),
    end: lineCounter.linePos(endOffset),
    positionOf,
    lineOf: (path) => positionOf(path)?.line,
  };
}

/** Go-like JSON of a decoded document for error messages. */
function compactJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    return String(value);
  }
}

/** apiVersion and kind are required to map an object to a resource. */
function typeError(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const type = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
    return `json: cannot unmarshal ${type} into Go value of type map[string]interface {}`;
  }
  const object = value as Record<string, unknown>;
  if (typeof object.kind !== 'string' || object.kind === '')
    return `Object 'Kind' is missing in '${compactJson(value)}'`;
  if (typeof object.apiVersion !== 'string' || object.apiVersion === '')
    return `Object 'apiVersion' is missing in '${compactJson(value)}'`;
  return undefined;
}

function isListObject(object: Record<string, unknown>): boolean {
  return (
    typeof object.kind === 'string' && object.kind.endsWith('List') && Array.isArray(object.items)
  );
}

/** Parses a manifest text into objects with positions, and errors with line and column. */
/** Deepest nesting accepted; real objects (even CRD schemas) stay far below it. */
export const MAX_NESTING_DEPTH = 256;

/**
 * An upper bound of the nesting depth of a YAML text, found without parsing it: flow brackets
 * (`[`, `{`) outside quoted scalars, and block nesting from indentation plus inline `- ` entries.
 * The parser recurses per level, so a hostile document thousands of levels deep would exhaust the
 * stack (or worse, the heap of the regular-expression engine); it is refused before parsing.
 */
export function nestingDepthOverLimit(
  text: string,
  limit = MAX_NESTING_DEPTH,
): { line: number; col: number } | undefined {
  let flow = 0;
  let line = 1;
  let lineStart = 0;
  let quote: '"' | "'" | undefined;
  let atLineStart = true;
  let blockDepth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      line++;
      lineStart = i + 1;
      atLineStart = true;
      blockDepth = 0;
      if (quote === "'") quote = undefined;
      continue;
    }
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (atLineStart) {
      if (c === ' ') {
        blockDepth++;
      } else if ((c === '-' || c === '?') && text[i + 1] === ' ') {
        blockDepth += 2;
        i++;
      } else {
        atLineStart = false;
      }
      if (blockDepth > limit) return { line, col: i - lineStart + 1 };
      if (atLineStart) continue;
    }
    if (c === '#' && (i === 0 || text[i - 1] === ' ')) {
      const end = text.indexOf('\n', i);
      i = (end === -1 ? text.length : end) - 1;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '[' || c === '{') {
      if (++flow > limit) return { line, col: i - lineStart + 1 };
    } else if ((c === ']' || c === '}') && flow > 0) {
      flow--;
    }
  }
  return undefined;
}

export function parseManifest(text: string, options: ParseManifestOptions = {}): ParsedManifest {
  const documents: ManifestDocument[] = [];
  const errors: ManifestError[] = [];
  const maxLength = options.maxLength ?? 3 * 1024 * 1024;
  if (text.length > maxLength) {
    errors.push({
      message: `manifest is too large: ${text.length} characters, the limit is ${maxLength}`,
      line: 1,
      col: 1,
      documentIndex: 0,
    });
    return { documents, errors };
  }
  const tooDeep = nestingDepthOverLimit(text);
  if (tooDeep) {
    errors.push({
      message: `manifest is nested too deeply: more than ${MAX_NESTING_DEPTH} levels (line ${tooDeep.line})`,
      ...tooDeep,
      documentIndex: 0,
    });
    return { documents, errors };
  }
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const docs = Array.isArray(parsed) ? parsed : [];
  docs.forEach((doc, documentIndex) => {
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        errors.push({
          message: `error converting YAML to JSON: yaml: line ${line}: ${error.message.split('\n')[0]}`,
          line,
          col,
          documentIndex,
        });
      }
      return;
    }
    if (doc.contents === null) return; // an empty document, or only comments
    const start = lineCounter.linePos(nodeStart(doc.contents) ?? 0);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: options.maxAliasCount ?? 100 });
    } catch (error) {
      errors.push({
        message: error instanceof Error ? error.message : String(error),
        ...start,
        documentIndex,
      });
      return;
    }
    if (value === null || value === undefined) return;
    const problem = typeError(value);
    if (problem) {
      errors.push({ message: problem, ...start, documentIndex });
      return;
    }
    const object = value as Record<string, unknown>;
    if (!isListObject(object)) {
      documents.push(
        makeDocument(object as KubeObject, documentIndex, doc, doc.contents, lineCounter),
      );
      return;
    }
    (object.items as unknown[]).forEach((item, itemIndex) => {
      const itemNode = childNode(
        childNode(doc.contents, 'items', doc)?.valueNode,
        itemIndex,
        doc,
      )?.valueNode;
      const itemStart = lineCounter.linePos(nodeStart(itemNode) ?? nodeStart(doc.contents) ?? 0);
      const itemProblem = typeError(item);
      if (itemProblem) errors.push({ message: itemProblem, ...itemStart, documentIndex });
      else
        documents.push(
          makeDocument(item as KubeObject, documentIndex, doc, itemNode, lineCounter, itemIndex),
        );
    });
  });
  return { documents, errors };
}
