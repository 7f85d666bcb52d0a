/**
 * Validation helpers shared by the strategies, with apimachinery's messages
 * (pkg/util/validation/validation.go, pkg/api/validation/generic.go,
 * pkg/apis/meta/v1/validation/validation.go).
 */
import type { FieldError } from '../status.ts';
import { isObject } from '../object-util.ts';
import type { StrategyContext } from '../strategy.ts';

export const DNS1123_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
export const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
export const NEGATIVE_MSG = 'must be greater than or equal to 0';
export const IMMUTABLE_MSG = 'field is immutable';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Whether a name is a DNS-1123 label (container names, port names...). */
export function isDnsLabel(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}

/** A non-negative integer field (IsNegativeErrorMsg). */
export function nonNegative(value: unknown, path: string, errors: FieldError[]): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    errors.push({ type: 'FieldValueInvalid', field: path, value, detail: 'must be an integer' });
  } else if (value < 0) {
    errors.push({ type: 'FieldValueInvalid', field: path, value, detail: NEGATIVE_MSG });
  }
}

/** The simulation's size guard on replicas/parallelism/completions. */
export function withinLimit(
  value: unknown,
  path: string,
  ctx: StrategyContext,
  errors: FieldError[],
): void {
  if (typeof value === 'number' && value > ctx.maxReplicas) {
    errors.push({
      type: 'FieldValueInvalid',
      field: path,
      value,
      detail: `must be less than or equal to ${ctx.maxReplicas} (the simulation's maxReplicas limit)`,
    });
  }
}

/** Go's `%#v` of a string map: `map[string]string{"a":"b"}` (keys sorted, as fmt prints maps). */
export function goStringMap(map: Record<string, string> | undefined): string {
  if (!map) return 'map[string]string(nil)';
  const keys = Object.keys(map).sort();
  return `map[string]string{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(map[k])}`).join(', ')}}`;
}

/** Go's `%#v` of a metav1.LabelSelector, as immutable-selector errors print it. */
export function goLabelSelector(sel: unknown): string {
  const s = isObject(sel) ? sel : {};
  const labels = isObject(s.matchLabels)
    ? goStringMap(s.matchLabels as Record<string, string>)
    : 'map[string]string(nil)';
  const exprs = Array.isArray(s.matchExpressions)
    ? `[]v1.LabelSelectorRequirement{${(
        s.matchExpressions as { key: string; operator: string; values?: string[] }[]
      )
        .map(
          (e) =>
            `v1.LabelSelectorRequirement{Key:${JSON.stringify(e.key)}, Operator:${JSON.stringify(e.operator)}, Values:${e.values ? `[]string{${e.values.map((v) => JSON.stringify(v)).join(', ')}}` : '[]string(nil)'}}`,
        )
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `&v1.LabelSelector{MatchLabels:${labels}, MatchExpressions:${exprs}}`;
}

/** Raw text used as an error value (printed unquoted, like a `%#v` of a struct). */
export class GoValue {
  constructor(readonly text: string) {}
  toJSON(): string {
    return this.text;
  }
}

/** ValidateLabelSelector: operators and values. */
export function validateLabelSelector(sel: unknown, path: string, errors: FieldError[]): void {
  if (!isObject(sel)) return;
  const exprs = Array.isArray(sel.matchExpressions)
    ? (sel.matchExpressions as { key?: string; operator?: string; values?: string[] }[])
    : [];
  exprs.forEach((e, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const op = e.operator ?? '';
    if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(op)) {
      errors.push({
        type: 'FieldValueInvalid',
        field: `${p}.operator`,
        value: op,
        detail: 'not a valid selector operator',
      });
    } else if ((op === 'In' || op === 'NotIn') && (e.values ?? []).length === 0) {
      errors.push({
        type: 'FieldValueRequired',
        field: `${p}.values`,
        detail: "must be specified when `operator` is 'In' or 'NotIn'",
      });
    } else if ((op === 'Exists' || op === 'DoesNotExist') && (e.values ?? []).length > 0) {
      errors.push({
        type: 'FieldValueForbidden',
        field: `${p}.values`,
        detail: "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      });
    }
  });
}

/** Whether a label set satisfies a metav1.LabelSelector (for the selector-vs-template rule). */
export function selectorMatches(sel: unknown, labels: Record<string, string> | undefined): boolean {
  if (!isObject(sel)) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries((sel.matchLabels as Record<string, string>) ?? {}))
    if (l[k] !== v) return false;
  for (const e of (sel.matchExpressions as {
    key: string;
    operator: string;
    values?: string[];
  }[]) ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, e.key);
    if (e.operator === 'In' && (!has || !(e.values ?? []).includes(l[e.key]))) return false;
    if (e.operator === 'NotIn' && has && (e.values ?? []).includes(l[e.key])) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

/** Whether a selector has no requirement at all. */
export function selectorEmpty(sel: unknown): boolean {
  if (!isObject(sel)) return true;
  return (
    Object.keys((sel.matchLabels as object) ?? {}).length === 0 &&
    ((sel.matchExpressions as unknown[]) ?? []).length === 0
  );
}

/** An int-or-percent value (`25%` or 1): its parsed form, or undefined when malformed. */
export function parseIntOrPercent(value: unknown): { percent: boolean; n: number } | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return { percent: false, n: value };
  if (typeof value === 'string') {
    const m = /^(\d+)%$/.exec(value);
    if (m) return { percent: true, n: Number(m[1]) };
  }
  return undefined;
}

/** Go's `%#v` of an intstr.IntOrString. */
export function goIntOrString(value: unknown): GoValue {
  if (typeof value === 'number')
    return new GoValue(`intstr.IntOrString{Type:0, IntVal:${value}, StrVal:""}`);
  return new GoValue(
    `intstr.IntOrString{Type:1, IntVal:0, StrVal:${JSON.stringify(String(value))}}`,
  );
}

/** Validates an int-or-percent field: non-negative, percent at most 100. */
export function validateIntOrPercent(value: unknown, path: string, errors: FieldError[]): void {
  if (value === undefined) return;
  const parsed = parseIntOrPercent(value);
  if (!parsed) {
    errors.push({
      type: 'FieldValueInvalid',
      field: path,
      value: goIntOrString(value),
      detail:
        "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    });
    return;
  }
  if (parsed.n < 0)
    errors.push({
      type: 'FieldValueInvalid',
      field: path,
      value: goIntOrString(value),
      detail: NEGATIVE_MSG,
    });
  if (parsed.percent && parsed.n > 100)
    errors.push({
      type: 'FieldValueInvalid',
      field: path,
      value: goIntOrString(value),
      detail: 'must not be greater than 100%',
    });
}

/** Reads a nested object field, creating it when absent (defaulting helpers). */
export function ensureObject(
  parent: Record<string, unknown>,
  key: string,
): Record<string, unknown> {
  const v = parent[key];
  if (isObject(v)) return v;
  const fresh: Record<string, unknown> = {};
  parent[key] = fresh;
  return fresh;
}

/** Sets a field when it is undefined. */
export function setDefault(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (obj[key] === undefined) obj[key] = value;
}
