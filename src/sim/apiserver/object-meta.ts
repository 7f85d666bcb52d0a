/**
 * ObjectMeta rules shared by every resource: name formats (apimachinery ValidateObjectMeta and
 * each resource's ValidateXName), label syntax, and managedFields bookkeeping.
 */
import type { ObjectMeta } from '../api/types.ts';
import type { ResourceInfo } from './resources.ts';
import type { FieldError } from './status.ts';
import type { WriteOptions } from './registry.ts';
import { timestamp } from './object-util.ts';

/**
 * apimachinery ValidateObjectMeta essentials: name format, label and annotation syntax. Updates
 * pass the stored metadata: ValidateObjectMetaUpdate keeps the (already validated) name without
 * checking its format again, and labels still the very ones stored were checked when written.
 */
export function validateObjectMeta(
  meta: ObjectMeta,
  info: ResourceInfo,
  old?: ObjectMeta,
): FieldError[] {
  const errors: FieldError[] = [];
  const name = meta.name ?? '';
  const nameError = old ? undefined : validateResourceName(info, name);
  if (nameError)
    errors.push({
      type: 'FieldValueInvalid',
      field: 'metadata.name',
      value: name,
      detail: nameError,
    });
  const labels = meta.labels;
  if (labels === undefined || labels === old?.labels) return errors;
  for (const [k, v] of Object.entries(labels)) {
    if (typeof v !== 'string' || !LABEL_VALUE.test(v) || v.length > 63) {
      errors.push({
        type: 'FieldValueInvalid',
        field: 'metadata.labels',
        value: v,
        detail:
          "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      });
    }
    if (!QUALIFIED_NAME.test(k.includes('/') ? k.slice(k.indexOf('/') + 1) : k)) {
      errors.push({
        type: 'FieldValueInvalid',
        field: 'metadata.labels',
        value: k,
        detail:
          "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      });
    }
  }
  return errors;
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Resources whose names must be DNS-1123 labels rather than subdomains (ValidateNamespaceName, ValidateServiceName...). */
const LABEL_NAMED = new Set(['/namespaces', '/services']);
/** Resources with free-form names (RBAC objects may contain ':'; ValidatePathSegmentName). */
const PATH_SEGMENT_NAMED = new Set([
  'rbac.authorization.k8s.io/roles',
  'rbac.authorization.k8s.io/clusterroles',
  'rbac.authorization.k8s.io/rolebindings',
  'rbac.authorization.k8s.io/clusterrolebindings',
]);

/** The name rule of a resource, as its ValidateXName does; undefined when valid. */
export function validateResourceName(info: ResourceInfo, name: string): string | undefined {
  const id = `${info.group}/${info.resource}`;
  if (PATH_SEGMENT_NAMED.has(id)) {
    if (name === '.' || name === '..') return `may not be '${name}'`;
    if (name.includes('/')) return "may not contain '/'";
    if (name.includes('%')) return "may not contain '%'";
    return undefined;
  }
  if (LABEL_NAMED.has(id)) {
    if (name.length > 63) return 'must be no more than 63 characters';
    if (!DNS1123_LABEL.test(name)) {
      return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    }
    return undefined;
  }
  if (name.length > 253) return 'must be no more than 253 characters';
  if (!DNS1123_SUBDOMAIN.test(name)) {
    return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
  }
  return undefined;
}

/**
 * managedFields entries made in the current second, by manager, operation, apiVersion and
 * subresource: every object written by one manager in one second carries an equal entry, so they
 * share one (stored objects are never mutated). Cleared when the second changes.
 */
const entries = new Map<string, Record<string, unknown>[]>();
let entriesTime = '';

function managerEntry(
  manager: string,
  operation: string,
  apiVersion: string,
  time: string,
  subresource: string | undefined,
): Record<string, unknown> {
  if (time !== entriesTime) {
    entries.clear();
    entriesTime = time;
  }
  // By manager (a client's own, already hashed string), then a short scan of its few entries.
  let list = entries.get(manager);
  if (!list) entries.set(manager, (list = []));
  for (const entry of list) {
    if (
      entry.operation === operation &&
      entry.apiVersion === apiVersion &&
      entry.subresource === (subresource || undefined)
    )
      return entry;
  }
  const entry: Record<string, unknown> = {
    manager,
    operation,
    apiVersion,
    time,
    fieldsType: 'FieldsV1',
    fieldsV1: {},
  };
  if (subresource) entry.subresource = subresource;
  list.push(entry);
  return entry;
}

/** The list holding only `entry`, shared by the objects that got it on creation. */
const alone = new WeakMap<Record<string, unknown>, unknown[]>();

function aloneList(entry: Record<string, unknown>): unknown[] {
  let list = alone.get(entry);
  if (!list) alone.set(entry, (list = [entry]));
  return list;
}

/** managedFields in a simplified but faithful form: one entry per manager, operation and subresource. */
export function recordManager(
  existing: unknown[] | undefined,
  opts: WriteOptions,
  info: ResourceInfo,
  now: number,
): unknown[] {
  const operation = opts.operation ?? 'Update';
  const entry = managerEntry(
    opts.manager,
    operation,
    info.group ? `${info.group}/${info.version}` : info.version,
    timestamp(now),
    opts.subresource,
  );
  // The same manager writing again in the same second: the list is unchanged (shared too).
  if (existing && existing.length > 0 && existing[existing.length - 1] === entry) return existing;
  if (!existing || existing.length === 0) return aloneList(entry);
  const out = (existing ?? []).filter((e) => {
    const m = e as Record<string, unknown>;
    return !(
      m.manager === entry.manager &&
      m.operation === entry.operation &&
      (m.subresource ?? '') === (opts.subresource ?? '')
    );
  });
  out.push(entry);
  return out;
}
