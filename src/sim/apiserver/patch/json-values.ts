/**
 * Helpers over decoded JSON values, shared by the patch algorithms. They mirror how Go's
 * `map[string]interface{}` values behave in apimachinery (type checks, `%v` printing, equality).
 */

export type JsonMap = Record<string, unknown>;

/** The JSON kind of a value, standing in for Go's `reflect.TypeOf` on decoded JSON. */
export type JsonKind = 'null' | 'map' | 'slice' | 'string' | 'number' | 'bool';

/** Returns the JSON kind of a decoded value. */
export function kindOf(value: unknown): JsonKind {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'slice';
  switch (typeof value) {
    case 'object':
      return 'map';
    case 'string':
      return 'string';
    case 'number':
    case 'bigint':
      return 'number';
    case 'boolean':
      return 'bool';
    default:
      return 'null';
  }
}

/** True for a JSON object (not an array, not null). */
export function isMap(value: unknown): value is JsonMap {
  return kindOf(value) === 'map';
}

/** Deep equality of decoded JSON values (Go's `reflect.DeepEqual` on JSON maps). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const kind = kindOf(a);
  if (kind !== kindOf(b)) return false;
  if (kind === 'null') return true;
  if (kind === 'slice') {
    const left = a as unknown[];
    const right = b as unknown[];
    return (
      left.length === right.length && left.every((item, index) => deepEqual(item, right[index]))
    );
  }
  if (kind === 'map') {
    const left = a as JsonMap;
    const right = b as JsonMap;
    const leftKeys = Object.keys(left);
    if (leftKeys.length !== Object.keys(right).length) return false;
    return leftKeys.every(
      (key) => Object.prototype.hasOwnProperty.call(right, key) && deepEqual(left[key], right[key]),
    );
  }
  return false;
}

/** Deep copy of a decoded JSON value. */
export function deepClone<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = deepClone(value[i]);
    return out as T;
  }
  const copy: JsonMap = {};
  // for-in over a decoded JSON object visits its own keys (nothing enumerable is inherited)
  // without allocating a key array.
  for (const key in value) copy[key] = deepClone((value as JsonMap)[key]);
  return copy as T;
}

/** Formats a value like Go's `fmt.Sprintf("%v", v)` on decoded JSON (used for sorting and messages). */
export function goString(value: unknown): string {
  switch (kindOf(value)) {
    case 'null':
      return '<nil>';
    case 'slice':
      return `[${(value as unknown[]).map(goString).join(' ')}]`;
    case 'map': {
      const map = value as JsonMap;
      const keys = Object.keys(map).sort();
      return `map[${keys.map((key) => `${key}:${goString(map[key])}`).join(' ')}]`;
    }
    default:
      return String(value);
  }
}

/** Go's `interface{} ==` on scalars: same type and value. */
export function scalarEqual(a: unknown, b: unknown): boolean {
  return a === b || (kindOf(a) === 'null' && kindOf(b) === 'null');
}

/**
 * Removes duplicates the way strategicpatch `deduplicateScalars` does: a duplicate is overwritten by
 * the last element, so the order of the survivors changes exactly as upstream.
 */
export function deduplicateScalars(input: unknown[]): unknown[] {
  const s = input.slice();
  let length = s.length - 1;
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (scalarEqual(s[i], s[j])) {
        s[j] = s[length];
        s.length = length;
        length--;
        j--;
      }
    }
  }
  return s;
}

/** Sorts scalars by their `%v` string, like strategicpatch `sortScalars`. */
export function sortScalars(input: unknown[]): unknown[] {
  return input.slice().sort((a, b) => compareStrings(goString(a), goString(b)));
}

/** Byte-wise string comparison (Go's `<` on strings, for ASCII the same as UTF-16 order). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Go's `sort.SliceStable` with the given less function. Implemented as the insertion sort Go uses
 * for small inputs, so results match upstream even when `less` is not a strict weak order.
 */
export function stableSortWithLess<T>(items: T[], less: (a: T, b: T) => boolean): T[] {
  const s = items.slice();
  for (let i = 1; i < s.length; i++) {
    for (let j = i; j > 0 && less(s[j], s[j - 1]); j--) {
      const tmp = s[j];
      s[j] = s[j - 1];
      s[j - 1] = tmp;
    }
  }
  return s;
}
