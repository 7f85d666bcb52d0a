/**
 * JSON merge patch (RFC 7386), as evanphx/json-patch implements it for the apiserver
 * (`MergePatch`, `CreateMergePatch`), and the three-way JSON merge patch kubectl computes for kinds
 * it has no Go type for, e.g. custom resources (apimachinery pkg/util/jsonmergepatch
 * `CreateThreeWayJSONMergePatch`).
 */
import { PatchError } from './patch-error';
import { deepClone, deepEqual, goString, isMap, kindOf, type JsonMap } from './json-values';

/** Applies an RFC 7386 merge patch: objects merge recursively, `null` deletes, anything else replaces. */
export function jsonMergePatch(target: unknown, patch: unknown): unknown {
  if (!isMap(patch)) return deepClone(patch);
  const result: JsonMap = isMap(target) ? { ...target } : {};
  for (const key in patch) {
    const value = patch[key];
    if (kindOf(value) === 'null') delete result[key];
    else result[key] = jsonMergePatch(result[key], value);
  }
  return result;
}

/** Creates the merge patch that turns `original` into `modified` (CreateMergePatch). */
export function createJsonMergePatch(original: JsonMap, modified: JsonMap): JsonMap {
  const patch: JsonMap = {};
  for (const [key, modifiedValue] of Object.entries(modified)) {
    const originalValue = original[key];
    if (!(key in original)) {
      patch[key] = deepClone(modifiedValue);
    } else if (isMap(originalValue) && isMap(modifiedValue)) {
      const child = createJsonMergePatch(originalValue, modifiedValue);
      if (Object.keys(child).length > 0) patch[key] = child;
    } else if (!deepEqual(originalValue, modifiedValue)) {
      patch[key] = deepClone(modifiedValue);
    }
  }
  for (const key of Object.keys(original)) {
    if (!(key in modified)) patch[key] = null;
  }
  return patch;
}

/** Keeps only the nulls (deletions) or only the non-nulls of a merge patch (keepOrDeleteNullInObj). */
function keepOrDeleteNull(patch: JsonMap, keepNull: boolean): JsonMap {
  const result: JsonMap = {};
  for (const [key, value] of Object.entries(patch)) {
    if (kindOf(value) === 'null') {
      if (keepNull) result[key] = null;
    } else if (isMap(value)) {
      // An explicitly empty map is a value, not an empty patch.
      if (Object.keys(value).length === 0) {
        if (!keepNull) result[key] = value;
        continue;
      }
      const child = keepOrDeleteNull(value, keepNull);
      if (Object.keys(child).length > 0) result[key] = child;
    } else if (!keepNull) {
      result[key] = value;
    }
  }
  return result;
}

/** mergepatch.HasConflicts: the two patches set a common key to different values. */
function hasConflicts(left: unknown, right: unknown): boolean {
  if (isMap(left)) {
    if (!isMap(right)) return true;
    return Object.keys(left).some((key) => key in right && hasConflicts(left[key], right[key]));
  }
  if (Array.isArray(left)) {
    if (!Array.isArray(right) || left.length !== right.length) return true;
    return left.some((item, index) => hasConflicts(item, right[index]));
  }
  return !deepEqual(left, right);
}

/**
 * Three-way JSON merge patch: additions and changes from `current` to `modified`, deletions from
 * `original` to `modified`. Throws PatchError on conflict or when apiVersion, kind or name change
 * (kubectl's preconditions in pkg/cmd/apply/patcher.go `buildMergePatch`).
 */
export function createThreeWayJsonMergePatch(
  original: JsonMap,
  modified: JsonMap,
  current: JsonMap,
): JsonMap {
  const addAndChange = keepOrDeleteNull(createJsonMergePatch(current, modified), false);
  const deletions = keepOrDeleteNull(createJsonMergePatch(original, modified), true);
  if (hasConflicts(addAndChange, deletions)) {
    throw new PatchError(
      `patch:\n${goString(addAndChange)}\nconflicts with changes made from original to current:\n${goString(deletions)}\n`,
    );
  }
  const patch = jsonMergePatch(deletions, addAndChange) as JsonMap;
  const metadata = patch.metadata;
  if ('apiVersion' in patch || 'kind' in patch || (isMap(metadata) && 'name' in metadata)) {
    throw new PatchError('At least one of apiVersion, kind and name was changed');
  }
  return patch;
}
