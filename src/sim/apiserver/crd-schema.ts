/**
 * Structural-schema handling of custom resources (apiextensions-apiserver pkg/apiserver/schema):
 * validation of the openAPIV3Schema basics (type, required, enum, minimum/maximum, string and
 * array lengths, pattern) with kube-openapi's messages, defaulting from `default`, and pruning of
 * unknown fields (kept under x-kubernetes-preserve-unknown-fields), reported for fieldValidation.
 */
import type { FieldError } from './status.ts';
import { deepClone, isObject } from './object-util.ts';

export interface JsonSchemaProps {
  type?: string;
  properties?: Record<string, JsonSchemaProps>;
  additionalProperties?: JsonSchemaProps | boolean;
  items?: JsonSchemaProps;
  required?: string[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  default?: unknown;
  nullable?: boolean;
  format?: string;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(expected: string, value: unknown): boolean {
  const actual = typeOf(value);
  if (expected === 'number') return actual === 'number' || actual === 'integer';
  if (expected === 'object') return actual === 'object';
  return actual === expected;
}

/** Validates a value against a schema; field paths are dotted like `spec.replicas`. */
export function validateSchema(
  value: unknown,
  schema: JsonSchemaProps | undefined,
  path: string,
  errors: FieldError[],
): void {
  if (!schema || value === undefined) return;
  if (value === null) {
    if (!schema.nullable && schema.type)
      errors.push({
        type: 'FieldValueInvalid',
        field: path,
        value: 'null',
        detail: `${path} in body must be of type ${schema.type}: "null"`,
      });
    return;
  }
  if (schema['x-kubernetes-int-or-string']) {
    if (typeof value !== 'string' && !(typeof value === 'number' && Number.isInteger(value))) {
      errors.push({
        type: 'FieldValueInvalid',
        field: path,
        value,
        detail: `${path} in body must be of type integer,string: "${typeOf(value)}"`,
      });
    }
    return;
  }
  if (schema.type && !typeMatches(schema.type, value)) {
    errors.push({
      type: 'FieldValueTypeInvalid',
      field: path,
      value: typeOf(value),
      detail: `${path} in body must be of type ${schema.type}: "${typeOf(value)}"`,
    });
    return;
  }
  if (schema.enum && !schema.enum.some((e) => e === value)) {
    errors.push({
      type: 'FieldValueNotSupported',
      field: path,
      value,
      detail: `supported values: ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}`,
    });
  }
  if (typeof value === 'number') {
    if (
      schema.minimum !== undefined &&
      (schema.exclusiveMinimum ? value <= schema.minimum : value < schema.minimum)
    ) {
      errors.push({
        type: 'FieldValueInvalid',
        field: path,
        value,
        detail: `${path} in body should be greater than ${schema.exclusiveMinimum ? '' : 'or equal to '}${schema.minimum}`,
      });
    }
    if (
      schema.maximum !== undefined &&
      (schema.exclusiveMaximum ? value >= schema.maximum : value > schema.maximum)
    ) {
      errors.push({
        type: 'FieldValueInvalid',
        field: path,
        value,
        detail: `${path} in body should be less than ${schema.exclusiveMaximum ? '' : 'or equal to '}${schema.maximum}`,
      });
    }
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) {
      errors.push({
        type: 'FieldValueInvalid',
        field: path,
        value,
        detail: `${path} in body should be at least ${schema.minLength} chars long`,
      });
    }
    if (schema.maxLength !== undefined && value.length > schema.maxLength) {
      errors.push({
        type: 'FieldValueTooLong',
        field: path,
        value,
        detail: `may not be more than ${schema.maxLength} bytes`,
      });
    }
    if (schema.pattern !== undefined) {
      let re: RegExp | undefined;
      try {
        re = new RegExp(schema.pattern);
      } catch {
        re = undefined;
      }
      if (re && !re.test(value))
        errors.push({
          type: 'FieldValueInvalid',
          field: path,
          value,
          detail: `${path} in body should match '${schema.pattern}'`,
        });
    }
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      errors.push({
        type: 'FieldValueInvalid',
        field: path,
        value: value.length,
        detail: `${path} in body should have at least ${schema.minItems} items`,
      });
    }
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
      errors.push({
        type: 'FieldValueTooMany',
        field: path,
        value: value.length,
        detail: `must have at most ${schema.maxItems} items`,
      });
    }
    value.forEach((item, i) => validateSchema(item, schema.items, `${path}[${i}]`, errors));
  }
  if (isObject(value)) {
    for (const req of schema.required ?? []) {
      if (value[req] === undefined)
        errors.push({ type: 'FieldValueRequired', field: path ? `${path}.${req}` : req });
    }
    for (const [k, v] of Object.entries(value)) {
      const child =
        schema.properties?.[k] ??
        (isObject(schema.additionalProperties)
          ? (schema.additionalProperties as JsonSchemaProps)
          : undefined);
      validateSchema(v, child, path ? `${path}.${k}` : k, errors);
    }
  }
}

/** Fields present in `value` but not allowed by the schema (`spec.foo`), as fieldValidation reports them. */
export function unknownFields(
  value: unknown,
  schema: JsonSchemaProps | undefined,
  path: string,
  out: string[],
): void {
  if (
    !schema ||
    schema['x-kubernetes-preserve-unknown-fields'] ||
    schema['x-kubernetes-embedded-resource']
  )
    return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => unknownFields(item, schema.items, `${path}[${i}]`, out));
    return;
  }
  if (!isObject(value)) return;
  if (schema.additionalProperties !== undefined && schema.additionalProperties !== false) {
    const extra = isObject(schema.additionalProperties)
      ? (schema.additionalProperties as JsonSchemaProps)
      : undefined;
    for (const [k, v] of Object.entries(value))
      unknownFields(v, schema.properties?.[k] ?? extra, path ? `${path}.${k}` : k, out);
    return;
  }
  if (!schema.properties) {
    if (schema.type === 'object')
      for (const k of Object.keys(value)) out.push(path ? `${path}.${k}` : k);
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    const child = schema.properties[k];
    const p = path ? `${path}.${k}` : k;
    if (!child) out.push(p);
    else unknownFields(v, child, p, out);
  }
}

/** Removes unknown fields in place (structural pruning). */
export function prune(value: unknown, schema: JsonSchemaProps | undefined): void {
  if (
    !schema ||
    schema['x-kubernetes-preserve-unknown-fields'] ||
    schema['x-kubernetes-embedded-resource']
  )
    return;
  if (Array.isArray(value)) {
    for (const item of value) prune(item, schema.items);
    return;
  }
  if (!isObject(value)) return;
  if (schema.additionalProperties !== undefined && schema.additionalProperties !== false) {
    const extra = isObject(schema.additionalProperties)
      ? (schema.additionalProperties as JsonSchemaProps)
      : undefined;
    for (const [k, v] of Object.entries(value)) prune(v, schema.properties?.[k] ?? extra);
    return;
  }
  for (const k of Object.keys(value)) {
    const child = schema.properties?.[k];
    if (!child) delete value[k];
    else prune(value[k], child);
  }
}

/** Applies `default` values in place (structural defaulting, objects only where present). */
export function applyDefaults(value: unknown, schema: JsonSchemaProps | undefined): void {
  if (!schema) return;
  if (Array.isArray(value)) {
    for (const item of value) applyDefaults(item, schema.items);
    return;
  }
  if (!isObject(value)) return;
  for (const [k, child] of Object.entries(schema.properties ?? {})) {
    if (value[k] === undefined && child.default !== undefined) value[k] = deepClone(child.default);
    applyDefaults(value[k], child);
  }
}

/** The schema below the root for the parts the apiserver validates (everything but apiVersion, kind, metadata). */
export function bodySchema(schema: JsonSchemaProps | undefined): JsonSchemaProps | undefined {
  if (!schema) return undefined;
  const properties = { ...(schema.properties ?? {}) };
  for (const k of ['apiVersion', 'kind', 'metadata'])
    properties[k] = { 'x-kubernetes-preserve-unknown-fields': true };
  return { ...schema, properties };
}
