/**
 * PATCH for the simulated apiserver: JSON patch (RFC 6902), JSON merge patch (RFC 7386), strategic
 * merge patch (apimachinery strategicpatch, with the Kubernetes types' merge keys) and an
 * approximation of server-side apply. Also the client-side building blocks `kubectl apply` uses:
 * two- and three-way strategic (or JSON merge) patches.
 *
 * Server-side apply ('apply') is approximated: without managedFields tracking, the applied
 * configuration is merged onto the live object with strategic merge semantics (JSON merge for custom
 * resources). Fields dropped from a later applied configuration are therefore not removed, and no
 * field-manager conflicts are reported.
 */
import { parse as parseYaml } from 'yaml';
import type { KubeObject } from '../../api/types';
import { isMap, type JsonMap } from './json-values';
import { jsonPatch } from './json-patch';
import { createJsonMergePatch, createThreeWayJsonMergePatch, jsonMergePatch } from './merge-patch';
import { isBuiltInGroup, patchSchemaFor } from './patch-meta';
import { PatchError } from './patch-error';
import { strategicMergePatch } from './strategic-merge-patch';
import { createThreeWayStrategicPatch, createTwoWayStrategicPatch } from './strategic-merge-diff';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/**
 * A failed patch carries what the apiserver answers: HTTP code, Status reason and message. For 422
 * the apiserver's message is generic (errors.NewGenericServerResponse drops the detail); the
 * underlying error is kept in `detail` for the UI.
 */
export type PatchResult =
  | { ok: true; object: KubeObject }
  | { ok: false; message: string; code?: number; reason?: string; detail?: string };

/** The Status the apiserver builds from a patch error (apiserver patch.go, apimachinery errors.go). */
function failure(code: number, message: string): PatchResult {
  switch (code) {
    case 400:
      return { ok: false, code, reason: 'BadRequest', message };
    case 413:
      return {
        ok: false,
        code,
        reason: 'RequestEntityTooLarge',
        message: `Request entity too large: ${message}`,
      };
    case 415:
      return { ok: false, code, reason: 'UnsupportedMediaType', message };
    case 422:
      return {
        ok: false,
        code,
        reason: 'Invalid',
        message: 'the server rejected our request due to an error in our request',
        detail: message,
      };
    default:
      // A plain Go error reaches ErrorToAPIStatus: 500, reason Unknown (""), the error text.
      return { ok: false, code, reason: '', message };
  }
}

/** A patch computed client-side, with the patch type to send it as. */
export type CreatedPatch =
  { ok: true; patch: JsonMap; type: 'strategic' | 'merge' } | { ok: false; message: string };

const mediaTypes: Record<PatchType, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

const byMediaType = new Map(
  Object.entries(mediaTypes).map(([type, mediaType]) => [mediaType, type as PatchType]),
);

/** Maps a PATCH Content-Type to its patch type (undefined when unsupported). */
export function patchTypeFromContentType(contentType: string | undefined): PatchType | undefined {
  // Clients send the bare media type almost always: one lookup.
  const exact = contentType !== undefined ? byMediaType.get(contentType) : undefined;
  if (exact) return exact;
  // The apiserver drops parameters such as "; charset=utf-8" before matching.
  const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return byMediaType.get(mediaType);
}

/** Media type of a patch type (what kubectl sends as Content-Type). */
export function contentTypeForPatchType(type: PatchType): string {
  return mediaTypes[type];
}

/** Patch types a resource accepts: custom resources do not take strategic merge patch. */
export function supportedPatchTypes(group: string): PatchType[] {
  return isBuiltInGroup(group)
    ? ['json', 'merge', 'strategic', 'apply']
    : ['json', 'merge', 'apply'];
}

/** The 415 message of the apiserver (negotiation.NewUnsupportedMediaTypeError) for this group. */
export function unsupportedPatchTypeMessage(group: string): string {
  const accepted = supportedPatchTypes(group).map((type) => mediaTypes[type]);
  return `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`;
}

function decodeObjectPatch(patch: unknown): JsonMap {
  if (typeof patch === 'string') {
    try {
      return decodeObjectPatch(JSON.parse(patch));
    } catch (error) {
      if (error instanceof PatchError) throw error;
      throw new PatchError(
        `error decoding patch: ${error instanceof Error ? error.message : String(error)}`,
        400,
      );
    }
  }
  if (!isMap(patch)) {
    const kind = Array.isArray(patch) ? 'array' : typeof patch;
    throw new PatchError(
      `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`,
      400,
    );
  }
  return patch;
}

function decodeApplyConfiguration(patch: unknown): JsonMap {
  if (typeof patch === 'string') {
    let parsed: unknown;
    try {
      parsed = parseYaml(patch, { maxAliasCount: 100 });
    } catch (error) {
      throw new PatchError(
        `error decoding YAML: ${error instanceof Error ? error.message : String(error)}`,
        400,
      );
    }
    return decodeObjectPatch(parsed);
  }
  return decodeObjectPatch(patch);
}

function patchedObject(result: unknown): KubeObject {
  if (!isMap(result)) throw new PatchError('the patched document is not a JSON object', 422);
  return result as KubeObject;
}

/** Applies a patch of the given type to the current object; errors come back as values with an HTTP code. */
export function applyPatch(
  current: KubeObject,
  patch: unknown,
  type: PatchType,
  kind: GroupVersionKind,
): PatchResult {
  try {
    switch (type) {
      case 'json':
        return {
          ok: true,
          object: patchedObject(
            jsonPatch(current, typeof patch === 'string' ? JSON.parse(patch) : patch),
          ),
        };
      case 'merge': {
        const mergePatch = typeof patch === 'string' ? JSON.parse(patch) : patch;
        if (!isMap(mergePatch)) return failure(400, 'Invalid JSON Patch');
        return { ok: true, object: patchedObject(jsonMergePatch(current, mergePatch)) };
      }
      case 'strategic': {
        if (!isBuiltInGroup(kind.group))
          return failure(415, unsupportedPatchTypeMessage(kind.group));
        const object = strategicMergePatch(
          current as JsonMap,
          decodeObjectPatch(patch),
          patchSchemaFor(kind.group, kind.kind),
        );
        return { ok: true, object: patchedObject(object) };
      }
      case 'apply': {
        const applied = decodeApplyConfiguration(patch);
        const object = isBuiltInGroup(kind.group)
          ? strategicMergePatch(current as JsonMap, applied, patchSchemaFor(kind.group, kind.kind))
          : jsonMergePatch(current, applied);
        return { ok: true, object: patchedObject(object) };
      }
    }
  } catch (error) {
    if (error instanceof PatchError) return failure(error.code, error.message);
    if (error instanceof SyntaxError) return failure(400, `error decoding patch: ${error.message}`);
    return failure(500, error instanceof Error ? error.message : String(error));
  }
}

function created(compute: () => JsonMap, type: 'strategic' | 'merge'): CreatedPatch {
  try {
    return { ok: true, patch: compute(), type };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The patch `kubectl apply` sends: a three-way strategic merge patch for built-in kinds, a three-way
 * JSON merge patch for others (kubectl pkg/cmd/apply/patcher.go). `original` is the last-applied
 * configuration (`{}` when absent), `modified` the new configuration with its annotation,
 * `current` the live object. An empty patch (`{}`) means "unchanged".
 */
export function createThreeWayMergePatch(
  original: unknown,
  modified: unknown,
  current: unknown,
  kind: GroupVersionKind,
): CreatedPatch {
  const originalMap = isMap(original) ? original : {};
  const modifiedMap = isMap(modified) ? modified : {};
  const currentMap = isMap(current) ? current : {};
  if (!isBuiltInGroup(kind.group)) {
    return created(
      () => createThreeWayJsonMergePatch(originalMap, modifiedMap, currentMap),
      'merge',
    );
  }
  const schema = patchSchemaFor(kind.group, kind.kind);
  return created(
    () => createThreeWayStrategicPatch(originalMap, modifiedMap, currentMap, schema),
    'strategic',
  );
}

/** A two-way patch from `original` to `modified` (strategic for built-in kinds, JSON merge otherwise). */
export function createTwoWayMergePatch(
  original: unknown,
  modified: unknown,
  kind: GroupVersionKind,
): CreatedPatch {
  const originalMap = isMap(original) ? original : {};
  const modifiedMap = isMap(modified) ? modified : {};
  if (!isBuiltInGroup(kind.group))
    return created(() => createJsonMergePatch(originalMap, modifiedMap), 'merge');
  const schema = patchSchemaFor(kind.group, kind.kind);
  return created(() => createTwoWayStrategicPatch(originalMap, modifiedMap, schema), 'strategic');
}

export { isBuiltInGroup, patchSchemaFor, lookupPatchMeta } from './patch-meta';
export type { PatchSchema, PatchField } from './patch-meta';
