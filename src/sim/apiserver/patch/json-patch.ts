/**
 * JSON patch (RFC 6902) with fast-json-patch, with the apiserver's error codes
 * (apiserver pkg/endpoints/handlers/patch.go `applyJSPatch`): an undecodable patch is 400, more
 * than 10000 operations is 413, an operation that fails against the object is 422.
 */
// The default import works both in Node (a CommonJS module, whose named exports Node cannot detect)
// and in Vite (the package's ESM build has a default export carrying every function).
import fastJsonPatch, { type Operation } from 'fast-json-patch';
import { PatchError } from './patch-error';
import { deepClone, isMap } from './json-values';

/** Upper bound of operations in one JSON patch (maxJSONPatchOperations). */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

const knownOps = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

function decodeOperations(patch: unknown): Operation[] {
  if (!Array.isArray(patch)) {
    throw new PatchError(
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
      400,
    );
  }
  for (const op of patch) {
    if (!isMap(op) || typeof op.op !== 'string' || typeof op.path !== 'string') {
      throw new PatchError('json: cannot unmarshal into Go value of type jsonpatch.Operation', 400);
    }
  }
  return patch as Operation[];
}

/** Describes a failed operation the way evanphx/json-patch words it. */
function describeFailure(error: unknown, operation: Operation | undefined): string {
  const name = error instanceof Error ? error.name : '';
  const path = operation?.path ?? '';
  switch (name) {
    case 'TEST_OPERATION_FAILED':
      return `testing value ${path} failed: test failed`;
    case 'OPERATION_PATH_UNRESOLVABLE':
    case 'OPERATION_FROM_UNRESOLVABLE':
      return `${operation?.op ?? 'patch'} operation does not apply: doc is missing path: "${operation?.op === 'move' || operation?.op === 'copy' ? (operation as { from: string }).from : path}": missing value`;
    case 'OPERATION_OP_INVALID':
      return `Unexpected kind: ${operation?.op ?? ''}`;
    case 'OPERATION_VALUE_REQUIRED':
      return `${operation?.op ?? ''} operation, missing value`;
    case 'OPERATION_VALUE_OUT_OF_BOUNDS':
      return `add operation does not apply: doc is missing path: "${path}": missing value`;
    default:
      return error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
}

/** Applies a JSON patch to a document and returns the new document. Throws PatchError. */
export function jsonPatch(document: unknown, patch: unknown): unknown {
  const operations = decodeOperations(patch);
  if (operations.length > MAX_JSON_PATCH_OPERATIONS) {
    throw new PatchError(
      `The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${operations.length}`,
      413,
    );
  }
  for (const operation of operations) {
    if (!knownOps.has(operation.op)) throw new PatchError(`Unexpected kind: ${operation.op}`, 422);
  }
  let current: unknown = deepClone(document);
  for (const operation of operations) {
    try {
      current = fastJsonPatch.applyPatch(current, [operation], true, true).newDocument;
    } catch (error) {
      throw new PatchError(describeFailure(error, operation), 422);
    }
  }
  return current;
}
