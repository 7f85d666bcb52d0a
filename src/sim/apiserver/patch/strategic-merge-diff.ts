/**
 * Creating strategic merge patches, ported from apimachinery pkg/util/strategicpatch/patch.go
 * (v0.32.0): `diffMaps`, `diffLists`, `CreateTwoWayMergeMapPatch` and `CreateThreeWayMergePatch`,
 * which is what `kubectl apply` computes client-side (with `overwrite` true, its default, so no
 * conflict check). Deletions become `null`, deleted merge-list items `{$patch: delete}`, deleted
 * scalars of merge lists `$deleteFromPrimitiveList/<field>`, and order changes or content changes
 * of merge lists add `$setElementOrder/<field>`.
 */
import { lookupPatchMeta, type PatchSchema } from './patch-meta';
import { mergeMap } from './strategic-merge-patch';
import {
  compareStrings,
  deduplicateScalars,
  deepClone,
  deepEqual,
  goString,
  kindOf,
  sortScalars,
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
  errBadArgType,
  errNoMergeKey,
  extractRetainKeysStrategy,
  mergeKeyValueEqual,
  normalizeSliceOrder,
  sliceElementKind,
} from './strategic-merge-order';
import { PatchError } from './patch-error';

interface DiffOptions {
  setElementOrder: boolean;
  ignoreChangesAndAdditions: boolean;
  ignoreDeletions: boolean;
  buildRetainKeysDirective: boolean;
}

const defaultDiffOptions: DiffOptions = {
  setElementOrder: false,
  ignoreChangesAndAdditions: false,
  ignoreDeletions: false,
  buildRetainKeysDirective: false,
};

/** Patch that turns `original` into `modified` (CreateTwoWayMergeMapPatch). Throws PatchError. */
export function createTwoWayStrategicPatch(
  original: JsonMap,
  modified: JsonMap,
  schema: PatchSchema,
): JsonMap {
  return diffMaps(original, modified, schema, { ...defaultDiffOptions, setElementOrder: true });
}

/**
 * Three-way patch: changes from `current` to `modified` (no deletions) plus deletions from
 * `original` to `modified` (CreateThreeWayMergePatch with overwrite). Throws PatchError.
 */
export function createThreeWayStrategicPatch(
  original: JsonMap,
  modified: JsonMap,
  current: JsonMap,
  schema: PatchSchema,
): JsonMap {
  const delta = diffMaps(current, modified, schema, {
    ...defaultDiffOptions,
    ignoreDeletions: true,
    setElementOrder: true,
  });
  const deletions = diffMaps(original, modified, schema, {
    ...defaultDiffOptions,
    ignoreChangesAndAdditions: true,
    setElementOrder: true,
  });
  return mergeMap(deletions, delta, schema, {
    mergeParallelList: false,
    ignoreUnmatchedNulls: false,
  });
}

function diffMaps(
  original: JsonMap,
  modified: JsonMap,
  schema: PatchSchema,
  options: DiffOptions,
): JsonMap {
  const patch: JsonMap = {};
  const retainKeysList: unknown[] = [];
  for (const [key, modifiedValue] of Object.entries(modified)) {
    if (options.buildRetainKeysDirective && kindOf(modifiedValue) !== 'null')
      retainKeysList.push(key);
    if (!(key in original)) {
      if (!options.ignoreChangesAndAdditions) patch[key] = deepClone(modifiedValue);
      continue;
    }
    const originalValue = original[key];
    if (key === DIRECTIVE_MARKER) {
      if (typeof originalValue !== 'string' || typeof modifiedValue !== 'string') {
        throw new PatchError(`invalid value for special key: ${DIRECTIVE_MARKER}`);
      }
      if (modifiedValue !== originalValue) patch[DIRECTIVE_MARKER] = modifiedValue;
      continue;
    }
    if (kindOf(originalValue) !== kindOf(modifiedValue)) {
      if (!options.ignoreChangesAndAdditions) patch[key] = deepClone(modifiedValue);
      continue;
    }
    if (kindOf(originalValue) === 'map') {
      handleMapDiff(
        key,
        originalValue as JsonMap,
        modifiedValue as JsonMap,
        patch,
        schema,
        options,
      );
    } else if (kindOf(originalValue) === 'slice') {
      handleSliceDiff(
        key,
        originalValue as unknown[],
        modifiedValue as unknown[],
        patch,
        schema,
        options,
      );
    } else if (!options.ignoreChangesAndAdditions && !deepEqual(originalValue, modifiedValue)) {
      patch[key] = modifiedValue;
    }
  }
  if (!options.ignoreDeletions) {
    for (const key of Object.keys(original)) {
      if (!(key in modified)) patch[key] = null;
    }
  }
  // $retainKeys is sent when something changes or when the original has a field to clear.
  if (
    retainKeysList.length > 0 &&
    (Object.keys(patch).length > 0 || hasAdditionalNewField(original, modified))
  ) {
    patch[RETAIN_KEYS_DIRECTIVE] = sortScalars(retainKeysList);
  }
  return patch;
}

function hasAdditionalNewField(original: JsonMap, modified: JsonMap): boolean {
  return Object.entries(original).some(
    ([key, value]) => kindOf(value) !== 'null' && !(key in modified),
  );
}

function handleMapDiff(
  key: string,
  original: JsonMap,
  modified: JsonMap,
  patch: JsonMap,
  schema: PatchSchema,
  options: DiffOptions,
): void {
  const meta = lookupPatchMeta(schema, key);
  const [retainKeys, strategy] = extractRetainKeysStrategy(meta.strategies);
  const childOptions = { ...options, buildRetainKeysDirective: retainKeys };
  if (strategy === REPLACE_DIRECTIVE) {
    if (!options.ignoreChangesAndAdditions) patch[key] = deepClone(modified);
    return;
  }
  const value = diffMaps(original, modified, meta.schema, childOptions);
  if (Object.keys(value).length > 0) patch[key] = value;
}

function handleSliceDiff(
  key: string,
  original: unknown[],
  modified: unknown[],
  patch: JsonMap,
  schema: PatchSchema,
  options: DiffOptions,
): void {
  const meta = lookupPatchMeta(schema, key);
  const [retainKeys, strategy] = extractRetainKeysStrategy(meta.strategies);
  if (strategy !== MERGE_DIRECTIVE) {
    if (!options.ignoreChangesAndAdditions && !deepEqual(original, modified))
      patch[key] = deepClone(modified);
    return;
  }
  const childOptions = { ...options, buildRetainKeysDirective: retainKeys };
  const [addList, deletionList, setOrderList] = diffLists(
    original,
    modified,
    meta.schema,
    meta.mergeKey,
    childOptions,
  );
  if (addList.length > 0) patch[key] = addList;
  if (deletionList.length > 0) patch[`${DELETE_FROM_PRIMITIVE_LIST_PREFIX}/${key}`] = deletionList;
  if (setOrderList.length > 0) patch[`${SET_ELEMENT_ORDER_PREFIX}/${key}`] = setOrderList;
}

/** Returns [patch list, deletion list (scalars), $setElementOrder list] for a merge list. */
function diffLists(
  original: unknown[],
  modified: unknown[],
  schema: PatchSchema,
  mergeKey: string,
  options: DiffOptions,
): [unknown[], unknown[], unknown[]] {
  if (original.length === 0) {
    if (modified.length === 0 || options.ignoreChangesAndAdditions) return [[], [], []];
    return [deepClone(modified), [], []];
  }
  const kind = sliceElementKind(original, modified);
  if (kind === 'map') {
    const [changes, deletions] = diffListsOfMaps(original, modified, schema, mergeKey, options);
    const patchList = [...normalizeSliceOrder(changes, modified, mergeKey, kind), ...deletions];
    const orderSame = isOrderSame(original, modified, mergeKey);
    let setOrderList: unknown[] = [];
    if (
      options.setElementOrder &&
      ((!options.ignoreChangesAndAdditions && (patchList.length > 0 || !orderSame)) ||
        (!options.ignoreDeletions && patchList.length > 0))
    ) {
      setOrderList = modified.map((item) => ({ [mergeKey]: (item as JsonMap)[mergeKey] }));
    }
    return [patchList, [], setOrderList];
  }
  const [additions, deletions] = diffListsOfScalars(original, modified, options);
  const patchList = normalizeSliceOrder(additions, modified, mergeKey, kind);
  let setOrderList: unknown[] = [];
  if (
    options.setElementOrder &&
    ((!options.ignoreDeletions && deletions.length > 0) ||
      (!options.ignoreChangesAndAdditions && !deepEqual(original, modified)))
  ) {
    setOrderList = deepClone(modified);
  }
  return [patchList, deletions, setOrderList];
}

function isOrderSame(original: unknown[], modified: unknown[], mergeKey: string): boolean {
  if (original.length !== modified.length) return false;
  return modified.every((item, index) => mergeKeyValueEqual(original[index], item, mergeKey));
}

/** Walks both lists sorted by their `%v` strings and returns additions and deletions. */
function diffListsOfScalars(
  original: unknown[],
  modified: unknown[],
  options: DiffOptions,
): [unknown[], unknown[]] {
  const originalSorted = sortScalars(original);
  const modifiedSorted = sortScalars(modified);
  const additions: unknown[] = [];
  const deletions: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < originalSorted.length || j < modifiedSorted.length) {
    const originalIn = i < originalSorted.length;
    const modifiedIn = j < modifiedSorted.length;
    const originalString = originalIn ? goString(originalSorted[i]) : '';
    const modifiedString = modifiedIn ? goString(modifiedSorted[j]) : '';
    if (originalIn && modifiedIn && originalString === modifiedString) {
      i++;
      j++;
    } else if (!originalIn || (modifiedIn && originalString > modifiedString)) {
      if (!options.ignoreChangesAndAdditions) additions.push(modifiedSorted[j]);
      j++;
    } else {
      if (!options.ignoreDeletions) deletions.push(originalSorted[i]);
      i++;
    }
  }
  return [additions, deduplicateScalars(deletions)];
}

function sortMapsByMergeKey(list: unknown[], mergeKey: string): JsonMap[] {
  return list
    .map((item) => {
      if (kindOf(item) !== 'map') throw errBadArgType('map[string]interface {}', item);
      return item as JsonMap;
    })
    .sort((a, b) => compareStrings(goString(a[mergeKey]), goString(b[mergeKey])));
}

/** Walks both lists sorted by merge key: recursive diffs for common items, additions, `$patch: delete`. */
function diffListsOfMaps(
  original: unknown[],
  modified: unknown[],
  schema: PatchSchema,
  mergeKey: string,
  options: DiffOptions,
): [unknown[], unknown[]] {
  const originalSorted = sortMapsByMergeKey(original, mergeKey);
  const modifiedSorted = sortMapsByMergeKey(modified, mergeKey);
  const patch: unknown[] = [];
  const deletions: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < originalSorted.length || j < modifiedSorted.length) {
    const originalIn = i < originalSorted.length;
    const modifiedIn = j < modifiedSorted.length;
    if (originalIn && !(mergeKey in originalSorted[i]))
      throw errNoMergeKey(originalSorted[i], mergeKey);
    if (modifiedIn && !(mergeKey in modifiedSorted[j]))
      throw errNoMergeKey(modifiedSorted[j], mergeKey);
    const originalKey = originalIn ? goString(originalSorted[i][mergeKey]) : '';
    const modifiedKey = modifiedIn ? goString(modifiedSorted[j][mergeKey]) : '';
    if (originalIn && modifiedIn && originalKey === modifiedKey) {
      const value = diffMaps(originalSorted[i], modifiedSorted[j], schema, options);
      if (Object.keys(value).length > 0) {
        value[mergeKey] = modifiedSorted[j][mergeKey];
        patch.push(value);
      }
      i++;
      j++;
    } else if (!originalIn || (modifiedIn && originalKey > modifiedKey)) {
      if (!options.ignoreChangesAndAdditions) patch.push(deepClone(modifiedSorted[j]));
      j++;
    } else {
      if (!options.ignoreDeletions)
        deletions.push({
          [mergeKey]: originalSorted[i][mergeKey],
          [DIRECTIVE_MARKER]: DELETE_DIRECTIVE,
        });
      i++;
    }
  }
  return [patch, deletions];
}
