/**
 * Errors raised inside the patch algorithms. They are caught at the patch boundary (`applyPatch`,
 * `createThreeWayMergePatch`) and returned as values; the code is the HTTP status the apiserver
 * uses (apiserver pkg/endpoints/handlers/patch.go `interpretStrategicMergePatchError`).
 */
export class PatchError extends Error {
  constructor(
    message: string,
    readonly code: number = 500,
  ) {
    super(message);
    this.name = 'PatchError';
  }
}

// Sentinel messages from apimachinery pkg/util/mergepatch/errors.go. The first group is a 400
// BadRequest at the apiserver, the second a 422.
export const ERR_BAD_JSON_DOC = 'invalid JSON document';
export const ERR_NO_LIST_OF_LISTS = 'lists of lists are not supported';
export const ERR_BAD_PATCH_FORMAT_FOR_PRIMITIVE_LIST = 'invalid patch format of primitive list';
export const ERR_BAD_PATCH_FORMAT_FOR_RETAIN_KEYS = 'invalid patch format of retainKeys';
export const ERR_BAD_PATCH_FORMAT_FOR_SET_ELEMENT_ORDER_LIST =
  'invalid patch format of setElementOrder list';
export const ERR_UNSUPPORTED_SMP_FORMAT = 'strategic merge patch format is not supported';

/** A PatchError carrying one of the 400 sentinels. */
export function badRequest(message: string): PatchError {
  return new PatchError(message, 400);
}
