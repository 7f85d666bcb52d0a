/**
 * Label selectors as the network and storage components evaluate them (apimachinery
 * pkg/labels and metav1.LabelSelectorAsSelector): a `matchLabels` map ANDed with
 * `matchExpressions` (In, NotIn, Exists, DoesNotExist).
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1';

export type Labels = Record<string, string> | undefined;

/**
 * Whether a metav1.LabelSelector selects `labels`. An empty selector (`{}`) selects everything; an
 * absent one selects nothing (LabelSelectorAsSelector returns labels.Nothing() for nil).
 */
export function selectorMatches(
  selector: LabelSelector | undefined | null,
  labels: Labels,
): boolean {
  if (!selector) return false;
  const have = labels ?? {};
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (have[key] !== value) return false;
  }
  for (const expr of selector.matchExpressions ?? []) {
    const present = Object.prototype.hasOwnProperty.call(have, expr.key);
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In':
        if (!present || !values.includes(have[expr.key])) return false;
        break;
      case 'NotIn':
        if (present && values.includes(have[expr.key])) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/**
 * Whether a Service-style equality selector (a plain map) selects `labels`. An empty or absent map
 * selects nothing: a Service without selector has no managed endpoints (endpoints controller
 * skips `service.Spec.Selector == nil`; labels.Set{}.AsSelectorPreValidated() would match all, but
 * the controllers never get there).
 */
export function mapSelectorMatches(
  selector: Record<string, string> | undefined,
  labels: Labels,
): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  const have = labels ?? {};
  for (const [key, value] of Object.entries(selector)) if (have[key] !== value) return false;
  return true;
}
