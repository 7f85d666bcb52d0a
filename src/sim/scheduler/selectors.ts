/**
 * Label and node selectors as the scheduler evaluates them: LabelSelector (matchLabels +
 * matchExpressions In/NotIn/Exists/DoesNotExist) and NodeSelectorTerm (also Gt/Lt, and
 * matchFields on metadata.name), per k8s.io/component-helpers/scheduling/corev1/nodeaffinity.
 */
import type { NodeSelectorRequirement, NodeSelectorTerm } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';

type Labels = Record<string, string> | undefined;

/** Whether `labels` match a metav1 LabelSelector; a null selector matches nothing, `{}` everything. */
export function matchesLabelSelector(selector: LabelSelector | undefined, labels: Labels): boolean {
  if (!selector) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(l[e.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(l[e.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

function matchesRequirement(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || values.length !== 1) return false;
      const a = Number.parseInt(value, 10);
      const b = Number.parseInt(values[0], 10);
      if (Number.isNaN(a) || Number.isNaN(b)) return false;
      return r.operator === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

/** Whether a node matches one NodeSelectorTerm (all its requirements; an empty term matches nothing). */
export function matchesNodeSelectorTerm(
  term: NodeSelectorTerm,
  nodeName: string,
  labels: Labels,
): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const l = labels ?? {};
  for (const e of exprs) {
    const v = Object.prototype.hasOwnProperty.call(l, e.key) ? l[e.key] : undefined;
    if (!matchesRequirement(e, v)) return false;
  }
  for (const f of fields) {
    if (f.key !== 'metadata.name' || !matchesRequirement(f, nodeName)) return false;
  }
  return true;
}

/** NodeSelector terms are ORed. */
export function matchesNodeSelectorTerms(
  terms: NodeSelectorTerm[],
  nodeName: string,
  labels: Labels,
): boolean {
  return terms.some((t) => matchesNodeSelectorTerm(t, nodeName, labels));
}
