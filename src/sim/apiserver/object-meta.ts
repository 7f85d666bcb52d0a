/**
 * ObjectMeta rules shared by every resource: name formats (apimachinery ValidateObjectMeta and
 * each resource's ValidateXName), label syntax, and managedFields bookkeeping.
 */
import type { ObjectMeta } from '../api/types.ts';
import type { ResourceInfo } from './resources.ts';
import type { FieldError } from './status.ts';
import type { WriteOptions } from './registry.ts';
import { timestamp } from './object-util.ts';

/** apimachinery ValidateObjectMeta essentials: name format, label and annotation syntax. */
export function validateObjectMeta(meta: ObjectMeta, info: ResourceInfo): FieldError[] {
  const errors: FieldError[] = [];
  const name = meta.name ?? '';
  const nameError = validateResourceName(info, name);
  if (nameError)
    errors.push({
      type: 'FieldValueInvalid',
      field: 'metadata.name',
      value: name,
      detail: nameError,
    });
  for (const [k, v] of Object.entries(meta.labels ?? {})) {
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

/** managedFields in a simplified but faithful form: one entry per manager, operation and subresource. */
export function recordManager(
  existing: unknown[] | undefined,
  opts: WriteOptions,
  info: ResourceInfo,
  now: number,
): unknown[] {
  const operation = opts.operation ?? 'Update';
  const entry: Record<string, unknown> = {
    manager: opts.manager,
    operation,
    apiVersion: info.group ? `${info.group}/${info.version}` : info.version,
    time: timestamp(now),
    fieldsType: 'FieldsV1',
    fieldsV1: {},
  };
  if (opts.subresource) entry.subresource = opts.subresource;
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
