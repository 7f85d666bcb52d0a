/**
 * metav1.Status bodies for the errors the HTTP layer itself raises (before the request reaches the
 * apiserver): oversized or malformed bodies, too many watches, internal failures. Shapes and
 * messages follow apimachinery pkg/api/errors/errors.go so kubectl prints them as it would for a
 * real cluster.
 */
import type { Status } from '../sim/api/types.ts';

/** The apiserver's default request body limit (`--max-request-bytes`, 3 MiB). */
export const DEFAULT_MAX_BODY_BYTES = 3 * 1024 * 1024;

/** A Failure Status with the given code, reason and message. */
export function failureStatus(code: number, reason: string, message: string): Status {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  };
}

/** 413, as the apiserver answers a body over `--max-request-bytes` (handlers/rest.go limitedReadBody). */
export function entityTooLarge(limit: number): Status {
  return failureStatus(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limit}`);
}

/** 400 for a body that is not JSON (or YAML where YAML is accepted). */
export function badRequest(message: string): Status {
  return failureStatus(400, 'BadRequest', message);
}

/** 415 for a body in a media type the simulation does not decode (protobuf, CBOR). */
export function unsupportedMediaType(contentType: string): Status {
  return failureStatus(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (got ${contentType})`,
  );
}

/** 429, as the apiserver's max-in-flight filter answers; kubectl retries after `Retry-After`. */
export function tooManyRequests(message: string): Status {
  const status = failureStatus(429, 'TooManyRequests', message);
  status.details = { retryAfterSeconds: 1 };
  return status;
}

/** 500 with the apiserver's `Internal error occurred: %v` wording. */
export function internalError(message: string): Status {
  return failureStatus(500, 'InternalError', `Internal error occurred: ${message}`);
}

/** 405 for an HTTP method the Kubernetes API does not have. */
export function methodNotSupported(method: string): Status {
  return failureStatus(
    405,
    'MethodNotAllowed',
    `the server does not allow this method on the requested resource (${method})`,
  );
}
