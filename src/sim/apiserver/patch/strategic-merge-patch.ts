/**
 * Applying a strategic merge patch, ported from apimachinery pkg/util/strategicpatch/patch.go
 * (v0.32.0) `StrategicMergeMapPatch` / `mergeMap`: maps merge key by key, `null` deletes, lists
 * tagged `patchStrategy:"merge"` merge by their `patchMergeKey` (scalar lists as sets), and the
 * directives `$patch: replace|delete|merge`, `$retainKeys`, `$deleteFromPrimitiveList/<f>` and
 * `$setElementOrder/<f>` are honoured. Inputs are never mutated (they are cloned first).
 */
import { GoSliceView } from './go-slice-view';
import { lookupPatchMeta, type PatchSchema } from './patch-meta';
import {
  PatchError,
  badRequest,
  ERR_BAD_PATCH_FORMAT_FOR_PRIMITIVE_LIST,
  ERR_BAD_PATCH_FORMAT_FOR_RETAIN_KEYS,
  ERR_BAD_PATCH_FORMAT_FOR_SET_ELEMENT_ORDER_LIST,
} from './patch-error';
import {
  deduplicateScalars,
  deepClone,
  deepEqual,
  goString,
  isMap,
  kindOf,
  scalarEqual,
  type JsonMap,
} from './json-values';
import {
  DELETE_DIRECTIVE,
  DELETE_FROM_PRIMITIVE_LIST_PREFIX,
  DIRECTIVE_MARKER,
  MERGE_DIRECTIVE,
  REPLACE_DIRECTIVE,
  RETAIN_KEYS_DIRECTIVE,
  SET_ELEMENT_ORDER_PREFIX,
  discardNullValues,
  errBadArgType,
  errNoMergeKey,
  extractRetainKeysStrategy,
  extractToDeleteItems,
  mergeKeyValueEqual,
  normalizeElementOrder,
  partitionMaps,
  partitionPrimitives,
  removeDirectives,
  sliceElementKind,
} from './strategic-merge-order';

/** MergeOptions of upstream: server-side application sets both; merging two patches sets neither. */
export interface MergeOptions {
  mergeParallelList: boolean;
  ignoreUnmatchedNulls: boolean;
}

/** Applies a strategic merge patch to an object (StrategicMergeMapPatchUsingLookupPatchMeta). Throws PatchError. */
export function strategicMergePatch(
  original: JsonMap,
  patch: JsonMap,
  schema: PatchSchema,
): JsonMap {
  return mergeMap(deepClone(original), deepClone(patch), schema, {
    mergeParallelList: true,
    ignoreUnmatchedNulls: true,
  });
}

function handleDirectiveInMergeMap(directive: unknown, patch: JsonMap): JsonMap {
  if (directive === REPLACE_DIRECTIVE) {
    // "$patch: replace" on a map: the patch (without the marker) is the new value.
    delete patch[DIRECTIVE_MARKER];
    return patch;
  }
  if (directive === DELETE_DIRECTIVE) return {};
  throw new PatchError(`unknown patch type: ${goString(directive)} in map: ${goString(patch)}`);
}

/** Merges `patch` into `original` (both are mutated), following upstream mergeMap step by step. */
export function mergeMap(
  original: JsonMap | undefined,
  patch: JsonMap,
  schema: PatchSchema,
  options: MergeOptions,
): JsonMap {
  if (DIRECTIVE_MARKER in patch) return handleDirectiveInMergeMap(patch[DIRECTIVE_MARKER], patch);
  const target: JsonMap = original ?? {};
  applyRetainKeysDirective(target, patch, options);
  mergePatchIntoOriginal(target, patch, schema, options);

  for (const patchKey of Object.keys(patch)) {
    const patchValue = patch[patchKey];
    let key = patchKey;
    let isDeleteList = false;
    if (patchKey.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX)) {
      if (!options.mergeParallelList) {
        target[patchKey] = patchValue;
        continue;
      }
      key = extractKey(patchKey, DELETE_FROM_PRIMITIVE_LIST_PREFIX);
      isDeleteList = true;
    }

    // null deletes the key; when merging two patches the null is kept so it reaches the server.
    if (kindOf(patchValue) === 'null') {
      delete target[key];
      if (options.ignoreUnmatchedNulls) continue;
    }

    if (!(key in target) || kindOf(target[key]) !== kindOf(patchValue)) {
      if (!isDeleteList) {
        if (options.ignoreUnmatchedNulls) discardNullValues(patchValue);
        const [value, keep] = removeDirectives(patchValue);
        if (keep) target[key] = value;
        else delete target[key];
      }
      continue;
    }

    const originalValue = target[key];
    if (isMap(originalValue)) {
      const meta = lookupPatchMeta(schema, key);
      const [, strategy] = extractRetainKeysStrategy(meta.strategies);
      target[key] =
        strategy === REPLACE_DIRECTIVE
          ? patchValue
          : mergeMap(originalValue, patchValue as JsonMap, meta.schema, options);
    } else if (Array.isArray(originalValue)) {
      const meta = lookupPatchMeta(schema, key);
      const [, strategy] = extractRetainKeysStrategy(meta.strategies);
      target[key] = mergeSliceHandler(
        originalValue,
        patchValue as unknown[],
        meta.schema,
        strategy,
        meta.mergeKey,
        isDeleteList,
        options,
      );
    } else {
      const [value, keep] = removeDirectives(patchValue);
      if (keep) target[key] = value;
      else delete target[key];
    }
  }
  return target;
}

/** Strips `$deleteFromPrimitiveList/` or `$setElementOrder/` from a key (extractKey). */
function extractKey(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    if (prefix === DELETE_FROM_PRIMITIVE_LIST_PREFIX)
      throw badRequest(ERR_BAD_PATCH_FORMAT_FOR_PRIMITIVE_LIST);
    throw badRequest(ERR_BAD_PATCH_FORMAT_FOR_SET_ELEMENT_ORDER_LIST);
  }
  return key.slice(slash + 1);
}

/**
 * `$retainKeys`: when applying, clears keys of the original missing from the list and checks that
 * every key the patch sets is listed; when merging two patches, carries the directive over.
 */
function applyRetainKeysDirective(original: JsonMap, patch: JsonMap, options: MergeOptions): void {
  if (!(RETAIN_KEYS_DIRECTIVE in patch)) return;
  const retainKeys = patch[RETAIN_KEYS_DIRECTIVE];
  delete patch[RETAIN_KEYS_DIRECTIVE];
  if (!options.mergeParallelList) {
    if (RETAIN_KEYS_DIRECTIVE in original) {
      if (!deepEqual(original[RETAIN_KEYS_DIRECTIVE], retainKeys)) {
        throw new PatchError(
          `${goString(original[RETAIN_KEYS_DIRECTIVE])} and ${goString(retainKeys)} are not deep equal: this may happen when calculating the 3-way diff patch`,
        );
      }
    } else {
      original[RETAIN_KEYS_DIRECTIVE] = retainKeys;
    }
    return;
  }
  if (!Array.isArray(retainKeys)) throw badRequest(ERR_BAD_PATCH_FORMAT_FOR_RETAIN_KEYS);
  const retained = new Set(retainKeys.map((key) => String(key)));
  for (const [key, value] of Object.entries(patch)) {
    if (
      kindOf(value) === 'null' ||
      key.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX) ||
      key.startsWith(SET_ELEMENT_ORDER_PREFIX)
    )
      continue;
    if (!retained.has(key)) throw badRequest(ERR_BAD_PATCH_FORMAT_FOR_RETAIN_KEYS);
  }
  for (const key of Object.keys(original)) {
    if (!retained.has(key)) delete original[key];
  }
}

/** Checks that the patch list follows the relative order of its `$setElementOrder` list. */
function validatePatchWithSetOrderList(
  patchList: unknown,
  setOrderList: unknown,
  mergeKey: string,
): void {
  if (!Array.isArray(setOrderList) || !Array.isArray(patchList))
    throw badRequest(ERR_BAD_PATCH_FORMAT_FOR_SET_ELEMENT_ORDER_LIST);
  if (setOrderList.length === 0 || patchList.length === 0) return;
  const nonDelete = mergeKey.length > 0 ? extractToDeleteItems(patchList)[0] : patchList;
  let patchIndex = 0;
  let orderIndex = 0;
  while (patchIndex < nonDelete.length && orderIndex < setOrderList.length) {
    const item = nonDelete[patchIndex];
    if (isMap(item) && DIRECTIVE_MARKER in item) {
      patchIndex++;
      continue;
    }
    if (mergeKeyValueEqual(item, setOrderList[orderIndex], mergeKey)) patchIndex++;
    orderIndex++;
  }
  if (patchIndex < nonDelete.length && orderIndex >= setOrderList.length) {
    throw new PatchError(
      `The order in patch list:\n${goString(patchList)}\n doesn't match ${SET_ELEMENT_ORDER_PREFIX} list:\n${goString(setOrderList)}\n`,
    );
  }
}

/**
 * Processes every `$setElementOrder/<field>` of the patch together with `<field>`: merges the list
 * and enforces the order; the processed keys are removed from the patch (mergePatchIntoOriginal).
 */
function mergePatchIntoOriginal(
  original: JsonMap,
  patch: JsonMap,
  schema: PatchSchema,
  options: MergeOptions,
): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER_PREFIX)) continue;
    const setOrder = patch[key];
    if (!options.mergeParallelList) {
      if (key in original) {
        if (!deepEqual(original[key], setOrder))
          throw badRequest(ERR_BAD_PATCH_FORMAT_FOR_SET_ELEMENT_ORDER_LIST);
      } else {
        original[key] = setOrder;
      }
    }
    delete patch[key];
    if (!Array.isArray(setOrder)) throw errBadArgType('[]interface {}', setOrder);
    const field = extractKey(key, SET_ELEMENT_ORDER_PREFIX);
    const foundOriginal = field in original;
    const foundPatch = field in patch;
    const originalList = original[field];
    const patchList = patch[field];
    if (foundOriginal && !Array.isArray(originalList))
      throw errBadArgType('[]interface {}', originalList);
    if (foundPatch && !Array.isArray(patchList)) throw errBadArgType('[]interface {}', patchList);
    const originalItems = (originalList as unknown[] | undefined) ?? [];
    const patchItemsList = (patchList as unknown[] | undefined) ?? [];
    const meta = lookupPatchMeta(schema, field);
    const [, strategy] = extractRetainKeysStrategy(meta.strategies);
    validatePatchWithSetOrderList(patchItemsList, setOrder, meta.mergeKey);

    let merged: unknown[];
    if (foundOriginal && !foundPatch) {
      merged = originalItems;
    } else if (!foundOriginal && foundPatch) {
      merged = removeDirectives(patchItemsList)[0] as unknown[];
    } else if (foundOriginal && foundPatch) {
      merged = mergeSliceHandler(
        originalItems,
        patchItemsList,
        meta.schema,
        strategy,
        meta.mergeKey,
        false,
        options,
      );
    } else {
      continue;
    }

    const [inPatch, serverOnly] =
      meta.mergeKey.length === 0
        ? partitionPrimitives(merged, setOrder)
        : partitionMaps(merged, setOrder, meta.mergeKey);
    const kind = sliceElementKind(originalItems, patchItemsList);
    original[field] = normalizeElementOrder(
      inPatch,
      serverOnly,
      setOrder,
      originalItems,
      meta.mergeKey,
      kind,
    );
    delete patch[field];
  }
}

function mergeSliceHandler(
  original: unknown[],
  patch: unknown[],
  schema: PatchSchema,
  strategy: string,
  mergeKey: string,
  isDeleteList: boolean,
  options: MergeOptions,
): unknown[] {
  if (!Array.isArray(original)) throw errBadArgType('[]interface {}', original);
  if (!Array.isArray(patch)) throw errBadArgType('[]interface {}', patch);
  // Deletion lists are handled the same way whatever the field's strategy.
  if (strategy === MERGE_DIRECTIVE || isDeleteList)
    return mergeSlice(original, patch, schema, mergeKey, options, isDeleteList);
  return patch;
}

/**
 * Merges two lists: scalars as a set, maps by merge key, then enforces the order (mergeSlice).
 *
 * For lists of maps, `originalList` is mutated in place the way Go mutates the backing array of
 * the caller's slice: deleting an item shifts the rest left (the last slot keeps its old value) and
 * appending writes into the freed slots. Upstream's ordering of `$setElementOrder` lists reads that
 * array afterwards, so the final order depends on it (see upstream test "add map and delete map
 * from merging list").
 */
function mergeSlice(
  originalList: unknown[],
  patchList: unknown[],
  schema: PatchSchema,
  mergeKey: string,
  options: MergeOptions,
  isDeleteList: boolean,
): unknown[] {
  if (originalList.length === 0 && patchList.length === 0) return originalList;
  const kind = sliceElementKind(originalList, patchList);
  if (kind !== 'map') {
    if (options.mergeParallelList && isDeleteList) {
      return originalList.filter(
        (item) => !patchList.some((deleted) => scalarEqual(deleted, item)),
      );
    }
    const merged = deduplicateScalars([...originalList, ...patchList]);
    const [inPatch, serverOnly] = partitionPrimitives(merged, patchList);
    return normalizeElementOrder(inPatch, serverOnly, patchList, originalList, mergeKey, kind);
  }
  if (mergeKey === '') throw new PatchError('cannot merge lists without merge key for map');
  const view = new GoSliceView(originalList);
  const { replaced, patch } = mergeSliceWithSpecialElements(view, patchList, mergeKey);
  const target = replaced ? new GoSliceView(replaced, true) : view;
  const lengthAfterDeletes = target.length;
  mergeSliceWithoutSpecialElements(target, patch, mergeKey, schema, options);
  const merged = target.values();
  const serverOrder = replaced ?? originalList.slice(0, lengthAfterDeletes);
  const [inPatch, serverOnly] = partitionMaps(merged, patch, mergeKey);
  return normalizeElementOrder(inPatch, serverOnly, patch, serverOrder, mergeKey, kind);
}

/** Handles `$patch` items of a list of maps: delete by merge key (in place), replace the whole list. */
function mergeSliceWithSpecialElements(
  view: GoSliceView,
  patch: unknown[],
  mergeKey: string,
): { replaced?: unknown[]; patch: unknown[] } {
  const withoutSpecial: unknown[] = [];
  let replace = false;
  for (const item of patch) {
    const map = item as JsonMap;
    if (!(DIRECTIVE_MARKER in map)) {
      withoutSpecial.push(item);
      continue;
    }
    const directive = map[DIRECTIVE_MARKER];
    if (directive === DELETE_DIRECTIVE) {
      if (!(mergeKey in map)) throw errNoMergeKey(map, mergeKey);
      for (
        let index = view.findByKey(mergeKey, map[mergeKey]);
        index >= 0;
        index = view.findByKey(mergeKey, map[mergeKey])
      ) {
        view.deleteAt(index);
      }
    } else if (directive === REPLACE_DIRECTIVE) {
      replace = true;
    } else if (directive === MERGE_DIRECTIVE) {
      throw new PatchError('merging lists cannot yet be specified in the patch');
    } else {
      throw new PatchError(`unknown patch type: ${goString(directive)} in map: ${goString(map)}`);
    }
  }
  if (replace) return { replaced: withoutSpecial, patch: [] };
  return { patch: withoutSpecial };
}

/** Merges each patch map into the item with the same merge key, or appends it. */
function mergeSliceWithoutSpecialElements(
  view: GoSliceView,
  patch: unknown[],
  mergeKey: string,
  schema: PatchSchema,
  options: MergeOptions,
): void {
  for (const item of patch) {
    const map = item as JsonMap;
    if (!(mergeKey in map)) throw errNoMergeKey(map, mergeKey);
    const index = view.findByKey(mergeKey, map[mergeKey]);
    if (index >= 0) view.set(index, mergeMap(view.get(index) as JsonMap, map, schema, options));
    else view.append(item);
  }
}
