/**
 * A practical subset of kubectl's JSONPath templates (client-go util/jsonpath): `{.a.b}`,
 * `{.items[*].metadata.name}`, `[n]`, `[start:end]`, `['key']`, `..name`, filters
 * `[?(@.status.phase=="Running")]`, `{range .items[*]}...{end}`, string literals `{"\n"}`, and
 * plain text. Several results of one expression are joined by a space; strings print raw,
 * other values as JSON.
 */
import { KubectlError } from './errors';

type Node =
  | { type: 'text'; text: string }
  | { type: 'path'; steps: Step[] }
  | { type: 'range'; steps: Step[]; body: Node[] };

type Step =
  | { kind: 'field'; name: string; recursive?: boolean }
  | { kind: 'wildcard'; recursive?: boolean }
  | { kind: 'index'; start?: number; end?: number; single: boolean }
  | { kind: 'filter'; left: Step[]; op?: string; right?: unknown; rightPath?: Step[] };

function unquote(s: string): string {
  return s.replace(/\\(.)/g, (_m, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
}

function parseSteps(expr: string): Step[] {
  const steps: Step[] = [];
  let i = 0;
  let s = expr.trim();
  if (s.startsWith('$')) s = s.slice(1);
  if (s.startsWith('@')) s = s.slice(1);
  while (i < s.length) {
    if (s.startsWith('..', i)) {
      i += 2;
      const m = /^(\*|[A-Za-z0-9_\-$]+)/.exec(s.slice(i));
      if (!m) throw new KubectlError(`error parsing jsonpath ${expr}`);
      steps.push(
        m[1] === '*'
          ? { kind: 'wildcard', recursive: true }
          : { kind: 'field', name: m[1], recursive: true },
      );
      i += m[1].length;
    } else if (s[i] === '.') {
      i++;
      const m = /^(\*|[A-Za-z0-9_\-$/]+)/.exec(s.slice(i));
      if (!m) continue;
      steps.push(m[1] === '*' ? { kind: 'wildcard' } : { kind: 'field', name: m[1] });
      i += m[1].length;
    } else if (s[i] === '[') {
      let depth = 0;
      let j = i;
      for (; j < s.length; j++) {
        if (s[j] === '[') depth++;
        else if (s[j] === ']' && --depth === 0) break;
      }
      const inner = s.slice(i + 1, j).trim();
      i = j + 1;
      if (inner === '*') steps.push({ kind: 'wildcard' });
      else if (/^['"].*['"]$/.test(inner)) steps.push({ kind: 'field', name: inner.slice(1, -1) });
      else if (inner.startsWith('?(')) steps.push(parseFilter(inner.slice(2, -1)));
      else if (/^-?\d*(:-?\d*)?$/.test(inner)) {
        if (inner.includes(':')) {
          const [a, b] = inner.split(':');
          steps.push({
            kind: 'index',
            start: a === '' ? undefined : Number(a),
            end: b === '' ? undefined : Number(b),
            single: false,
          });
        } else steps.push({ kind: 'index', start: Number(inner), single: true });
      } else throw new KubectlError(`error parsing jsonpath ${expr}`);
    } else {
      const m = /^[A-Za-z0-9_\-$]+/.exec(s.slice(i));
      if (!m)
        throw new KubectlError(
          `error parsing jsonpath {${expr}}, unrecognized character in action: U+${s.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')} '${s[i]}'`,
        );
      steps.push({ kind: 'field', name: m[0] });
      i += m[0].length;
    }
  }
  return steps;
}

function parseFilter(body: string): Step {
  const m = /^(.*?)\s*(==|!=|<=|>=|<|>)\s*(.*)$/.exec(body.trim());
  if (!m) return { kind: 'filter', left: parseSteps(body) };
  const raw = m[3].trim();
  if (raw.startsWith('@'))
    return { kind: 'filter', left: parseSteps(m[1]), op: m[2], rightPath: parseSteps(raw) };
  let right: unknown = raw;
  if (/^['"].*['"]$/.test(raw)) right = raw.slice(1, -1);
  else if (/^-?\d+(\.\d+)?$/.test(raw)) right = Number(raw);
  else if (raw === 'true' || raw === 'false') right = raw === 'true';
  return { kind: 'filter', left: parseSteps(m[1]), op: m[2], right };
}

/** Parses a template such as `{range .items[*]}{.metadata.name}{"\n"}{end}`. */
export function parseJsonPath(template: string): Node[] {
  const root: Node[] = [];
  const stack: Node[][] = [root];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) {
      stack[stack.length - 1].push({ type: 'text', text: template.slice(i) });
      break;
    }
    if (open > i) stack[stack.length - 1].push({ type: 'text', text: template.slice(i, open) });
    let close = open + 1;
    let quote: string | null = null;
    for (; close < template.length; close++) {
      const ch = template[close];
      if (quote) {
        if (ch === '\\') close++;
        else if (ch === quote) quote = null;
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '}') break;
    }
    if (close >= template.length)
      throw new KubectlError(`error parsing jsonpath ${template}, unclosed action`);
    const action = template.slice(open + 1, close).trim();
    i = close + 1;
    const top = stack[stack.length - 1];
    if (/^".*"$/s.test(action) || /^'.*'$/s.test(action))
      top.push({ type: 'text', text: unquote(action.slice(1, -1)) });
    else if (action.startsWith('range ')) {
      const node: Node = { type: 'range', steps: parseSteps(action.slice(6)), body: [] };
      top.push(node);
      stack.push(node.body);
    } else if (action === 'end') {
      if (stack.length === 1)
        throw new KubectlError('error parsing jsonpath: not in range, nothing to end');
      stack.pop();
    } else top.push({ type: 'path', steps: parseSteps(action) });
  }
  return root;
}

function children(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (v && typeof v === 'object') return Object.values(v);
  return [];
}

function descendants(v: unknown): unknown[] {
  const out: unknown[] = [v];
  for (const c of children(v)) out.push(...descendants(c));
  return out;
}

function compare(a: unknown, op: string, b: unknown): boolean {
  switch (op) {
    case '==':
      return a === b || String(a) === String(b);
    case '!=':
      return !(a === b || String(a) === String(b));
    case '<':
      return Number(a) < Number(b);
    case '>':
      return Number(a) > Number(b);
    case '<=':
      return Number(a) <= Number(b);
    case '>=':
      return Number(a) >= Number(b);
  }
  return false;
}

function evalSteps(input: unknown[], steps: Step[]): unknown[] {
  let cur = input;
  for (const step of steps) {
    const next: unknown[] = [];
    for (const v of cur) {
      const pool = 'recursive' in step && step.recursive ? descendants(v) : [v];
      for (const p of pool) {
        if (step.kind === 'field') {
          if (p && typeof p === 'object' && !Array.isArray(p) && step.name in p)
            next.push((p as Record<string, unknown>)[step.name]);
        } else if (step.kind === 'wildcard') next.push(...children(p));
        else if (step.kind === 'index') {
          if (!Array.isArray(p)) continue;
          const norm = (n: number) => (n < 0 ? p.length + n : n);
          if (step.single) {
            const idx = norm(step.start ?? 0);
            if (idx < 0 || idx >= p.length)
              throw new KubectlError(
                `array index out of bounds: index ${step.start}, length ${p.length}`,
              );
            next.push(p[idx]);
          } else
            next.push(
              ...p.slice(
                norm(step.start ?? 0),
                step.end === undefined ? undefined : norm(step.end),
              ),
            );
        } else {
          for (const item of Array.isArray(p) ? p : [p]) {
            const left = evalSteps([item], step.left);
            if (!step.op) {
              if (left.length > 0) next.push(item);
              continue;
            }
            const rights = step.rightPath ? evalSteps([item], step.rightPath) : [step.right];
            if (left.some((l) => rights.some((r) => compare(l, step.op as string, r))))
              next.push(item);
          }
        }
      }
    }
    cur = next;
  }
  return cur;
}

function show(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return '';
  return JSON.stringify(v);
}

function render(nodes: Node[], data: unknown): string {
  let out = '';
  for (const n of nodes) {
    if (n.type === 'text') out += n.text;
    else if (n.type === 'path') out += evalSteps([data], n.steps).map(show).join(' ');
    else for (const item of evalSteps([data], n.steps)) out += render(n.body, item);
  }
  return out;
}

/** Evaluates a kubectl JSONPath template against an object. */
export function evaluateJsonPath(template: string, data: unknown): string {
  // kubectl accepts a bare path without braces (`-o jsonpath=.metadata.name`) by wrapping it.
  const t = template.includes('{') ? template : `{${template}}`;
  return render(parseJsonPath(t), data);
}
