/**
 * List ordering and list helpers of strategic merge patch, ported from apimachinery
 * pkg/util/strategicpatch/patch.go (v0.32.0): `normalizeElementOrder`, `mergeSortedSlice`,
 * `partition*ByPresentInList`, `removeDirectives`, the merge-key checks. Order precedence when a
 * patch is applied: `$setElementOrder` > order in the patch > order in the live list.
 */
import { PatchError } from './patch-error';
import {
  isMap,
  kindOf,
  scalarEqual,
  stableSortWithLess,
  goString,
  type JsonMap,
  type JsonKind,
} from './json-values';

export const DIRECTIVE_MARKER = '$patch';
export const DELETE_DIRECTIVE = 'delete';
export const REPLACE_DIRECTIVE = 'replace';
export const MERGE_DIRECTIVE = 'merge';
export const RETAIN_KEYS_STRATEGY = 'retainKeys';
export const DELETE_FROM_PRIMITIVE_LIST_PREFIX = '$deleteFromPrimitiveList';
export const RETAIN_KEYS_DIRECTIVE = '$retainKeys';
export const SET_ELEMENT_ORDER_PREFIX = '$setElementOrder';

/** Go type name of a decoded JSON value, for error messages. */
export function goTypeName(value: unknown): string {
  switch (kindOf(value)) {
    case 'map':
      return 'map[string]interface {}';
    case 'slice':
      return '[]interface {}';
    case 'string':
      return 'string';
    case 'number':
      return Number.isInteger(value) ? 'int64' : 'float64';
    case 'bool':
      return 'bool';
    default:
      return '<nil>';
  }
}

/** mergepatch.ErrBadArgType. */
export function errBadArgType(expected: string, actual: unknown): PatchError {
  return new PatchError(`expected a ${expected}, but received a ${goTypeName(actual)}`);
}

/** mergepatch.ErrNoMergeKey. */
export function errNoMergeKey(map: unknown, key: string): PatchError {
  return new PatchError(`map: ${goString(map)} does not contain declared merge key: ${key}`);
}

/** Returns the single element kind of the lists (sliceElementType), or throws like upstream. */
export function sliceElementKind(...slices: unknown[][]): JsonKind {
  let previous: JsonKind | undefined;
  for (const slice of slices) {
    for (const item of slice) {
      const current = kindOf(item);
      if (previous === undefined) {
        previous = current;
        if (previous === 'slice') throw new PatchError('lists of lists are not supported', 422);
      } else if (previous !== current) {
        throw new PatchError(`list element types are not identical: ${goString(slices)}`);
      }
    }
  }
  if (previous === undefined) throw new PatchError('no elements in any of the given slices');
  return previous;
}

/** Value used to identify a list item: its merge key for maps, the item itself otherwise. */
function identity(item: unknown, mergeKey: string, kind: JsonKind): unknown {
  if (kind === 'map') return isMap(item) ? item[mergeKey] : undefined;
  return item;
}

/** Index of the item in the list by merge key (maps) or value (scalars), -1 if absent. */
export function indexOfItem(
  list: unknown[],
  item: unknown,
  mergeKey: string,
  kind: JsonKind,
): number {
  const wanted = identity(item, mergeKey, kind);
  return list.findIndex((candidate) => scalarEqual(identity(candidate, mergeKey, kind), wanted));
}

/** Checks that every map in the lists has the merge key (validateMergeKeyInLists). */
export function validateMergeKeyInLists(mergeKey: string, ...lists: unknown[][]): void {
  for (const list of lists) {
    for (const item of list) {
      if (!isMap(item)) throw errBadArgType('map[string]interface {}', item);
      if (!(mergeKey in item)) throw errNoMergeKey(item, mergeKey);
    }
  }
}

/** Splits a patch list into items to keep and `$patch: delete` items (extractToDeleteItems). */
export function extractToDeleteItems(list: unknown[]): [unknown[], unknown[]] {
  const keep: unknown[] = [];
  const toDelete: unknown[] = [];
  for (const item of list) {
    if (!isMap(item)) throw errBadArgType('map[string]interface {}', item);
    if (item[DIRECTIVE_MARKER] === DELETE_DIRECTIVE) toDelete.push(item);
    else keep.push(item);
  }
  return [keep, toDelete];
}

/** Sorts `toSort` by the positions in `order`; deletions go last (normalizeSliceOrder). */
export function normalizeSliceOrder(
  toSort: unknown[],
  order: unknown[],
  mergeKey: string,
  kind: JsonKind,
): unknown[] {
  let items = toSort;
  let toDelete: unknown[] = [];
  if (kind === 'map') {
    validateMergeKeyInLists(mergeKey, toSort, order);
    [items, toDelete] = extractToDeleteItems(toSort);
  }
  const sorted = stableSortWithLess(items, (a, b) => {
    const ia = indexOfItem(order, a, mergeKey, kind);
    if (ia >= 0) {
      const ib = indexOfItem(order, b, mergeKey, kind);
      if (ib >= 0) return ia < ib;
    }
    return true;
  });
  return [...sorted, ...toDelete];
}

/** Interleaves server-only items into the patch items, keeping both relative orders (mergeSortedSlice). */
function mergeSortedSlice(
  left: unknown[],
  right: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  kind: JsonKind,
): unknown[] {
  const result: unknown[] = [];
  let i = 0;
  let j = 0;
  const size = left.length + right.length;
  for (let k = 0; k < size; k++) {
    if (i >= left.length && j < right.length) {
      result.push(right[j++]);
    } else if (j >= right.length && i < left.length) {
      result.push(left[i++]);
    } else {
      const li = indexOfItem(serverOrder, left[i], mergeKey, kind);
      const ri = indexOfItem(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) result.push(left[i++]);
      else result.push(right[j++]);
    }
  }
  return result;
}

/** normalizeElementOrder: sorts patch items by patchOrder, server-only items by serverOrder, then merges. */
export function normalizeElementOrder(
  patch: unknown[],
  serverOnly: unknown[],
  patchOrder: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  kind: JsonKind,
): unknown[] {
  const sortedPatch = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const sortedServerOnly = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(sortedServerOnly, sortedPatch, serverOrder, mergeKey, kind);
}

/** Finds the map whose merge key equals the value (findMapInSliceBasedOnKeyValue). */
export function findMapByKey(
  list: unknown[],
  key: string,
  value: unknown,
): { map: JsonMap; index: number } | undefined {
  for (let index = 0; index < list.length; index++) {
    const item = list[index];
    if (!isMap(item)) throw new PatchError(`value for key ${index} is not a map`);
    if (key in item && scalarEqual(item[key], value)) return { map: item, index };
  }
  return undefined;
}

/** Splits primitives into those present in `partitionBy` and the rest. */
export function partitionPrimitives(
  list: unknown[],
  partitionBy: unknown[],
): [unknown[], unknown[]] {
  const inPatch: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const item of list) {
    if (partitionBy.some((candidate) => scalarEqual(candidate, item))) inPatch.push(item);
    else serverOnly.push(item);
  }
  return [inPatch, serverOnly];
}

/** Splits maps into those whose merge key appears in `partitionBy` and the rest. */
export function partitionMaps(
  list: unknown[],
  partitionBy: unknown[],
  mergeKey: string,
): [unknown[], unknown[]] {
  const inPatch: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const item of list) {
    if (!isMap(item)) throw errBadArgType('map[string]interface {}', item);
    if (!(mergeKey in item)) throw errNoMergeKey(item, mergeKey);
    if (findMapByKey(partitionBy, mergeKey, item[mergeKey])) inPatch.push(item);
    else serverOnly.push(item);
  }
  return [inPatch, serverOnly];
}

/**
 * Strips directives from a value taken over from a patch (removeDirectives): a map carrying `$patch`
 * is dropped entirely. Returns [value, keep].
 */
export function removeDirectives(value: unknown): [unknown, boolean] {
  if (isMap(value)) {
    if (DIRECTIVE_MARKER in value) return [undefined, false];
    for (const key of Object.keys(value)) {
      const [child, keep] = removeDirectives(value[key]);
      if (keep) value[key] = child;
      else delete value[key];
    }
    return [value, true];
  }
  if (Array.isArray(value)) {
    const result: unknown[] = [];
    for (const item of value) {
      const [child, keep] = removeDirectives(item);
      if (keep) result.push(child);
    }
    return [result, true];
  }
  return [value, true];
}

/** Drops every null property inside a value taken over from a patch (discardNullValuesFromPatch). */
export function discardNullValues(value: unknown): void {
  if (isMap(value)) {
    for (const key of Object.keys(value)) {
      if (kindOf(value[key]) === 'null') delete value[key];
      else discardNullValues(value[key]);
    }
  } else if (Array.isArray(value)) {
    for (const item of value) discardNullValues(item);
  }
}

/** Splits `patchStrategy` into (retainKeys?, the other strategy) (extractRetainKeysPatchStrategy). */
export function extractRetainKeysStrategy(strategies: string[]): [boolean, string] {
  switch (strategies.length) {
    case 0:
      return [false, ''];
    case 1:
      return strategies[0] === RETAIN_KEYS_STRATEGY ? [true, ''] : [false, strategies[0]];
    case 2:
      if (strategies[0] === RETAIN_KEYS_STRATEGY) return [true, strategies[1]];
      if (strategies[1] === RETAIN_KEYS_STRATEGY) return [true, strategies[0]];
      throw new PatchError(`unexpected patch strategy: ${goString(strategies)}`);
    default:
      throw new PatchError(`unexpected patch strategy: ${goString(strategies)}`);
  }
}

/** Compares the merge keys of two maps (mergeKeyValueEqual). */
export function mergeKeyValueEqual(left: unknown, right: unknown, mergeKey: string): boolean {
  if (mergeKey === '') return scalarEqual(left, right);
  if (!isMap(left)) throw errBadArgType('map[string]interface {}', left);
  if (!isMap(right)) throw errBadArgType('map[string]interface {}', right);
  if (!(mergeKey in left)) throw errNoMergeKey(left, mergeKey);
  if (!(mergeKey in right)) throw errNoMergeKey(right, mergeKey);
  return scalarEqual(left[mergeKey], right[mergeKey]);
}
