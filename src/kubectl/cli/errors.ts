/**
 * Errors as kubectl prints them (pkg/cmd/util/helpers.go `checkErr`, `StandardErrorMessage`,
 * `MultilineError`): API failures become `Error from server (Reason): message`, Invalid ones list
 * their causes, everything else is `error: ...`.
 */
import type { Status } from '../../sim/api/types';

/** A failed API call carrying the server's metav1 Status. */
export class StatusError extends Error {
  readonly status: Status;
  constructor(status: Status) {
    super(status.message ?? `the server responded with status ${status.code}`);
    this.status = status;
  }
}

/** A client-side failure; `message` is printed after `error: ` unless `raw` is set. */
export class KubectlError extends Error {
  readonly exitCode: number;
  readonly raw: boolean;
  constructor(message: string, options: { exitCode?: number; raw?: boolean } = {}) {
    super(message);
    this.exitCode = options.exitCode ?? 1;
    this.raw = options.raw ?? false;
  }
}

/** Several errors reported together (utilerrors.Aggregate): one line each. */
export class AggregateError extends Error {
  readonly errors: Error[];
  constructor(errors: Error[]) {
    super(errors.map((e) => e.message).join(', '));
    this.errors = errors;
  }
}

/** `the server doesn't have a resource type "foo"` (meta.NoResourceMatchError). */
export function noResourceType(resource: string): KubectlError {
  return new KubectlError(`the server doesn't have a resource type "${resource}"`);
}

/** StandardErrorMessage for one error. */
function messageFor(err: Error): string {
  if (err instanceof StatusError) {
    const s = err.status;
    if (s.reason === 'Unauthorized')
      return `error: You must be logged in to the server (${s.message ?? ''})`;
    if (s.reason) return `Error from server (${s.reason}): ${err.message}`;
    return `Error from server: ${err.message}`;
  }
  if (err instanceof KubectlError && err.raw) return err.message;
  return err.message.startsWith('error: ') ? err.message : `error: ${err.message}`;
}

/** The text kubectl writes to stderr for a failed command (always ends with a newline). */
export function formatError(err: unknown): string {
  let e: Error = err instanceof Error ? err : new Error(String(err));
  if (e instanceof AggregateError && e.errors.length === 1) e = e.errors[0];
  let msg: string;
  if (e instanceof StatusError && e.status.reason === 'Invalid') {
    const details = e.status.details;
    let s = 'The request is invalid';
    if (!details) {
      msg = e.status.message ? `${s}: ${e.status.message}` : s;
    } else {
      if (details.kind || details.name)
        s = `The ${details.kind ?? ''} "${details.name ?? ''}" is invalid`;
      else if (e.status.message && !details.causes?.length) s += `: ${e.status.message}`;
      const causes = [
        ...new Set((details.causes ?? []).map((c) => `${c.field ?? ''}: ${c.message ?? ''}`)),
      ];
      if (causes.length === 1) msg = `${s}: ${causes[0]}`;
      else if (causes.length > 1) msg = `${s}: \n${causes.map((c) => `* ${c}`).join('\n')}`;
      else msg = s;
    }
  } else if (e instanceof AggregateError) {
    msg = e.errors.map((x) => messageFor(x)).join('\n');
  } else {
    msg = messageFor(e);
  }
  return msg.endsWith('\n') ? msg : `${msg}\n`;
}
