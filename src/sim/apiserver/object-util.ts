/**
 * Plain-JSON helpers used on the write path: cloning request bodies on the way in (stored objects
 * are never mutated), structural equality (generation bumps on spec changes), freezing (tests).
 */

import { formatTimestamp } from '../clock.ts';

let lastSecond = Number.NaN;
let lastText = '';

/** formatTimestamp with a one-entry cache: most writes in a burst share the same second. */
export function timestamp(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastText = formatTimestamp(ms);
  }
  return lastText;
}

let _sink = 0;

/**
 * The same text, flattened in place. V8 keeps a string built piece by piece (template literals,
 * `+=` per character) as a tree of its pieces: a uuid drawn one hex digit at a time takes about
 * 400 bytes that way and 60 flat. Reading a character flattens the tree; the sink keeps the
 * compiler from dropping the read. Used on strings stored for the object's lifetime.
 */
export function flat(text: string): string {
  if (text.length > 0) _sink ^= text.charCodeAt(0);
  return text;
}

/** Deep copy of a JSON value; faster than a JSON round trip and keeps `undefined` out. */
export function deepClone<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = deepClone(value[i]);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = deepClone(v);
  }
  return out as T;
}

/** Structural equality of JSON values (object key order ignored; undefined keys equal to absent). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], bb[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let countA = 0;
  for (const key in ao) {
    if (ao[key] === undefined) continue;
    countA++;
    if (!deepEqual(ao[key], bo[key])) return false;
  }
  let countB = 0;
  for (const key in bo) if (bo[key] !== undefined) countB++;
  return countA === countB;
}

/** Freezes a value and everything under it (used in tests to catch mutation of stored objects). */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return value;
}

/** Whether a value is a non-array object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Base64 of an ASCII string (continue tokens; keys are DNS names), without btoa or Buffer. */
export function base64Encode(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) bytes.push(text.charCodeAt(i) & 255);
  return base64OfBytes(bytes);
}

/** Standard base64 (with `=` padding) of a list of byte values. */
export function base64OfBytes(bytes: readonly number[]): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += alphabet[(n >> 18) & 63] + alphabet[(n >> 12) & 63];
    out += i + 1 < bytes.length ? alphabet[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? alphabet[n & 63] : '=';
  }
  return out;
}

/** Inverse of base64Encode; undefined when the text is not base64. */
export function base64Decode(text: string): string | undefined {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const clean = text.replace(/=+$/, '');
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of clean) {
    const v = alphabet.indexOf(ch);
    if (v < 0) return undefined;
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 255);
    }
  }
  return String.fromCharCode(...bytes);
}
