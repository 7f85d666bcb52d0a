/**
 * Label selectors (apimachinery pkg/labels/selector.go: `=`, `==`, `!=`, `in`, `notin`, `key`,
 * `!key`) and field selectors (pkg/fields: `=`, `==`, `!=` over a per-resource set of field labels).
 */
import type { KubeObject } from '../api/types.ts';

export interface Requirement {
  key: string;
  operator: 'in' | 'notin' | 'exists' | '!';
  values: string[];
}

export type LabelSelector = Requirement[];

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** Parses `app=web,tier in (a,b),!canary`. */
export function parseLabelSelector(text: string): ParseResult<LabelSelector> {
  const out: Requirement[] = [];
  const parts = splitTopLevel(text);
  for (const raw of parts) {
    const part = raw.trim();
    if (!part) continue;
    let m = /^!\s*([^\s!=(),]+)$/.exec(part);
    if (m) {
      out.push({ key: m[1], operator: '!', values: [] });
      continue;
    }
    m = /^([^\s!=(),]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(part);
    if (m) {
      const values = m[3]
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '');
      out.push({ key: m[1], operator: m[2] as 'in' | 'notin', values });
      continue;
    }
    m = /^([^\s!=(),]+)\s*(==|=|!=)\s*([^\s!=(),]*)$/.exec(part);
    if (m) {
      out.push({ key: m[1], operator: m[2] === '!=' ? 'notin' : 'in', values: [m[3]] });
      continue;
    }
    m = /^([^\s!=(),]+)$/.exec(part);
    if (m) {
      out.push({ key: m[1], operator: 'exists', values: [] });
      continue;
    }
    return {
      ok: false,
      message: `unable to parse requirement: found '${part}', expected: identifier`,
    };
  }
  return { ok: true, value: out };
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

/** Whether the labels satisfy every requirement. */
export function matchesLabels(
  selector: LabelSelector,
  labels: Record<string, string> | undefined,
): boolean {
  for (const r of selector) {
    const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
    const value = has ? labels[r.key] : undefined;
    switch (r.operator) {
      case 'exists':
        if (!has) return false;
        break;
      case '!':
        if (has) return false;
        break;
      case 'in':
        if (!has || !r.values.includes(value as string)) return false;
        break;
      case 'notin':
        if (has && r.values.includes(value as string)) return false;
        break;
    }
  }
  return true;
}

/** A metav1.LabelSelector (matchLabels + matchExpressions) as requirements. */
export function fromLabelSelectorObject(sel: {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}): LabelSelector {
  const out: Requirement[] = [];
  for (const [key, value] of Object.entries(sel.matchLabels ?? {}))
    out.push({ key, operator: 'in', values: [value] });
  for (const e of sel.matchExpressions ?? []) {
    const op =
      e.operator === 'In'
        ? 'in'
        : e.operator === 'NotIn'
          ? 'notin'
          : e.operator === 'Exists'
            ? 'exists'
            : '!';
    out.push({ key: e.key, operator: op, values: e.values ?? [] });
  }
  return out;
}

export interface FieldRequirement {
  field: string;
  equals: boolean;
  value: string;
  /** `field` split on dots, computed once. */
  path?: string[];
}

/** Field labels every resource supports (pkg/registry/generic DefaultClusterScopedAttr / DefaultNamespaceScopedAttr). */
const COMMON_FIELDS = ['metadata.name', 'metadata.namespace'];

/** Extra field labels per resource (each registry's GetAttrs / AddFieldLabelConversionFunc). */
const RESOURCE_FIELDS: Record<string, string[]> = {
  pods: [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.podIPs',
    'status.nominatedNodeName',
  ],
  events: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  secrets: ['type'],
  nodes: ['spec.unschedulable'],
  namespaces: ['status.phase'],
  replicasets: ['status.replicas'],
  replicationcontrollers: ['status.replicas'],
  jobs: ['status.successful'],
  persistentvolumeclaims: [],
  certificatesigningrequests: ['spec.signerName'],
};

/**
 * Parses `spec.nodeName=n1,status.phase!=Running` for `resource`; unknown labels are refused like
 * upstream. `customFields` (a custom resource's selectableFields) replace the built-in labels.
 */
export function parseFieldSelector(
  text: string,
  resource: string,
  customFields?: readonly string[],
): ParseResult<FieldRequirement[]> {
  const out: FieldRequirement[] = [];
  const allowed = [...COMMON_FIELDS, ...(customFields ?? RESOURCE_FIELDS[resource] ?? [])];
  for (const raw of text.split(',')) {
    const part = raw.trim();
    if (!part) continue;
    const m = /^([^=!]+)(==|=|!=)(.*)$/.exec(part);
    if (!m)
      return { ok: false, message: `invalid selector: '${text}'; can't understand '${part}'` };
    const fieldName = m[1].trim();
    if (!allowed.includes(fieldName)) {
      return { ok: false, message: `field label not supported: ${fieldName}` };
    }
    out.push({
      field: fieldName,
      equals: m[2] !== '!=',
      value: m[3].trim(),
      path: fieldName.split('.'),
    });
  }
  return { ok: true, value: out };
}

/** The string value a field label has on an object (booleans as `true`/`false`, absent as ``). */
export function fieldValue(
  obj: KubeObject,
  path: string,
  parts: string[] = path.split('.'),
): string {
  if (path === 'source') {
    const src = (obj as { source?: { component?: string } }).source;
    return src?.component ?? '';
  }
  let cur: unknown = obj;
  for (const key of parts) {
    if (cur === null || typeof cur !== 'object') return '';
    cur = (cur as Record<string, unknown>)[key];
  }
  if (cur === undefined || cur === null)
    return path === 'spec.hostNetwork' || path === 'spec.unschedulable' ? 'false' : '';
  if (Array.isArray(cur))
    return cur
      .map((x) =>
        typeof x === 'object' && x ? String((x as { ip?: string }).ip ?? '') : String(x),
      )
      .join(',');
  return String(cur);
}

/** Whether the object satisfies every field requirement. */
export function matchesFields(reqs: FieldRequirement[], obj: KubeObject): boolean {
  for (const r of reqs) {
    const v = fieldValue(obj, r.field, r.path);
    if ((v === r.value) !== r.equals) return false;
  }
  return true;
}
