/**
 * metav1.Status errors with Kubernetes' exact reasons, codes and messages
 * (apimachinery pkg/api/errors/errors.go). `qualified` is the resource as the apiserver names it in
 * messages: `pods`, `deployments.apps`.
 */
import type { ApiResponse, Status, StatusCause } from '../api/types.ts';

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** A Failure Status with the given code, reason and message. */
export function failure(
  code: number,
  reason: string,
  message: string,
  details?: StatusDetails,
): Status {
  const status: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  };
  if (details) status.details = details;
  return status;
}

/** Wraps a Status in a response with its code as the HTTP status. */
export function respond(status: Status): ApiResponse {
  return { status: status.code, body: status };
}

/** `pods` or `deployments.apps`: the resource as error messages name it. */
export function qualifiedResource(group: string, resource: string): string {
  return group ? `${resource}.${group}` : resource;
}

/** 404 for a named object: `pods "web" not found`. */
export function notFound(group: string, resource: string, name: string): Status {
  return failure(404, 'NotFound', `${qualifiedResource(group, resource)} "${name}" not found`, {
    name,
    ...(group ? { group } : {}),
    kind: resource,
  });
}

/** 404 for a path the server does not serve (unknown group, version or resource). */
export function pathNotFound(): Status {
  return failure(404, 'NotFound', 'the server could not find the requested resource', {});
}

/** 409 AlreadyExists. */
export function alreadyExists(group: string, resource: string, name: string): Status {
  return failure(
    409,
    'AlreadyExists',
    `${qualifiedResource(group, resource)} "${name}" already exists`,
    {
      name,
      ...(group ? { group } : {}),
      kind: resource,
    },
  );
}

/** The optimistic-lock message (apiserver registry/store.go OptimisticLockErrorMsg). */
export const OPTIMISTIC_LOCK_MESSAGE =
  'the object has been modified; please apply your changes to the latest version and try again';

/** 409 Conflict: `Operation cannot be fulfilled on pods "web": <detail>`. */
export function conflict(group: string, resource: string, name: string, detail: string): Status {
  return failure(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(group, resource)} "${name}": ${detail}`,
    {
      name,
      ...(group ? { group } : {}),
      kind: resource,
    },
  );
}

/** 422 Invalid, from field errors: `Deployment.apps "web" is invalid: <errors>`. */
export function invalid(group: string, kind: string, name: string, errors: FieldError[]): Status {
  const groupKind = group ? `${kind}.${group}` : kind;
  const bodies = errors.map(fieldErrorText);
  const aggregate = bodies.length === 1 ? bodies[0] : `[${bodies.join(', ')}]`;
  return failure(422, 'Invalid', `${groupKind} "${name}" is invalid: ${aggregate}`, {
    name,
    ...(group ? { group } : {}),
    kind,
    causes: errors.map((e) => ({ reason: e.type, message: fieldErrorBody(e), field: e.field })),
  });
}

/** 403 Forbidden: `pods "web" is forbidden: <detail>`. */
export function forbidden(group: string, resource: string, name: string, detail: string): Status {
  return failure(
    403,
    'Forbidden',
    `${qualifiedResource(group, resource)} "${name}" is forbidden: ${detail}`,
    {
      name,
      ...(group ? { group } : {}),
      kind: resource,
    },
  );
}

/** 400 BadRequest. */
export function badRequest(message: string): Status {
  return failure(400, 'BadRequest', message);
}

/** 405 MethodNotAllowed. */
export function methodNotSupported(group: string, resource: string, action: string): Status {
  return failure(
    405,
    'MethodNotAllowed',
    `${action} is not supported on resources of kind "${qualifiedResource(group, resource)}"`,
    {
      ...(group ? { group } : {}),
      kind: resource,
    },
  );
}

/** 410 Expired, as the watch cache answers a too-old resourceVersion. */
export function expired(message: string): Status {
  return failure(410, 'Expired', message);
}

/** 500 InternalError: `Internal error occurred: <detail>`. */
export function internalError(detail: string): Status {
  return failure(500, 'InternalError', `Internal error occurred: ${detail}`, {
    causes: [{ message: detail }],
  });
}

/** 503 ServiceUnavailable. */
export function serviceUnavailable(message: string): Status {
  return failure(503, 'ServiceUnavailable', message);
}

/** 429 TooManyRequests (PodDisruptionBudget refusals use it). */
export function tooManyRequests(message: string, causes?: StatusCause[]): Status {
  return failure(429, 'TooManyRequests', message, causes ? { causes } : undefined);
}

/** A Success Status (deletecollection, some deletes). */
export function success(details?: StatusDetails): Status {
  const status: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    code: 200,
  };
  if (details) status.details = details;
  return status;
}

// ---- field errors (apimachinery pkg/util/validation/field/errors.go) ----

export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError'
  | 'FieldValueTypeInvalid';

export interface FieldError {
  type: FieldErrorType;
  field: string;
  value?: unknown;
  detail?: string;
}

const TYPE_TEXT: Record<FieldErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
};

/** Types whose message omits the value (errors.go ErrorBody). */
const OMIT_VALUE = new Set<FieldErrorType>([
  'FieldValueRequired',
  'FieldValueForbidden',
  'FieldValueTooLong',
  'InternalError',
]);

/** `Invalid value: -1: must be greater than or equal to 0` (no field). */
export function fieldErrorBody(e: FieldError): string {
  let s = TYPE_TEXT[e.type];
  if (!OMIT_VALUE.has(e.type) && e.value !== undefined) s += `: ${formatGoValue(e.value)}`;
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

/** `spec.replicas: Invalid value: -1: must be greater than or equal to 0`. */
export function fieldErrorText(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

/** Go's `%v` for scalars and `%q` for strings, roughly `%#v` for the rest, as ErrorBody prints. */
export function formatGoValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return String((value as { toJSON(): unknown }).toJSON());
  if (
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  ) {
    const map = value as Record<string, string>;
    const keys = Object.keys(map).sort();
    return `map[string]string{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(map[k])}`).join(', ')}}`;
  }
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    return `[]string{${value.map((v) => JSON.stringify(v)).join(', ')}}`;
  }
  return JSON.stringify(value);
}

/** Shorthands for the field error constructors. */
export const field = {
  required: (path: string, detail = ''): FieldError => ({
    type: 'FieldValueRequired',
    field: path,
    detail,
  }),
  invalid: (path: string, value: unknown, detail: string): FieldError => ({
    type: 'FieldValueInvalid',
    field: path,
    value,
    detail,
  }),
  notSupported: (path: string, value: unknown, valid: string[]): FieldError => ({
    type: 'FieldValueNotSupported',
    field: path,
    value,
    detail: `supported values: ${valid.map((v) => JSON.stringify(v)).join(', ')}`,
  }),
  forbidden: (path: string, detail: string): FieldError => ({
    type: 'FieldValueForbidden',
    field: path,
    detail,
  }),
  duplicate: (path: string, value: unknown): FieldError => ({
    type: 'FieldValueDuplicate',
    field: path,
    value,
  }),
  tooLong: (path: string, max: number): FieldError => ({
    type: 'FieldValueTooLong',
    field: path,
    detail: `may not be more than ${max} bytes`,
  }),
  notFound: (path: string, value: unknown): FieldError => ({
    type: 'FieldValueNotFound',
    field: path,
    value,
  }),
};
