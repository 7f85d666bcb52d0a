/**
 * The `kubectl.kubernetes.io/last-applied-configuration` annotation, byte for byte as kubectl
 * writes it (kubectl pkg/util/apply.go `GetModifiedConfiguration`, `CreateApplyAnnotation`): the
 * object encoded by Go's encoding/json (keys sorted, compact, `<`, `>`, `&` escaped, a trailing
 * newline from json.Encoder), without the annotation itself but with `annotations: {}` kept.
 */
import type { KubeObject } from '../sim/api/types';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** Escapes a string like Go's encoding/json (HTML-safe by default). */
function goJsonString(value: string): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Go encoding/json of a decoded JSON value: sorted keys, no spaces. */
export function goJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goJsonString(value);
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${goJsonString(key)}:${goJson(item)}`).join(',')}}`;
  }
  return 'null';
}

/** What `runtime.Encode(unstructured.UnstructuredJSONScheme, obj)` returns: JSON plus a newline. */
export function encodeUnstructured(object: KubeObject): string {
  return `${goJson(object)}\n`;
}

function withAnnotations(object: KubeObject, annotations: Record<string, string>): KubeObject {
  return { ...object, metadata: { ...(object.metadata ?? {}), annotations } };
}

/**
 * The applied configuration without the annotation (the annotation's value), and the modified
 * configuration with it (what the three-way patch is computed against).
 */
export function modifiedConfiguration(object: KubeObject): {
  lastApplied: string;
  modified: KubeObject;
} {
  const annotations = { ...(object.metadata?.annotations ?? {}) };
  delete annotations[LAST_APPLIED_ANNOTATION];
  // An absent annotation map becomes `{}` here, exactly as in kubectl's annotation values.
  const lastApplied = encodeUnstructured(withAnnotations(object, annotations));
  const modified = withAnnotations(object, {
    ...annotations,
    [LAST_APPLIED_ANNOTATION]: lastApplied,
  });
  return { lastApplied, modified };
}

/** The last-applied configuration stored on a live object, parsed; undefined when absent. */
export function originalConfiguration(live: KubeObject): unknown {
  const text = live.metadata?.annotations?.[LAST_APPLIED_ANNOTATION];
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Removes null values from maps, recursively (apply.go `pruneNullsFromMap` before a create). */
export function pruneNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pruneNulls);
  if (value !== null && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (item !== null && item !== undefined) result[key] = pruneNulls(item);
    }
    return result;
  }
  return value;
}
