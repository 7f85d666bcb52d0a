/**
 * Status fingerprints: the kubelet skips a status write when nothing changed since its last one.
 */

/**
 * A short stand-in for a status's JSON (two independent 32-bit hashes over its keys and values,
 * in order): the kubelet keeps one per pod to skip unchanged writes, where the JSON text was
 * ~2.7 KB per pod, and walking the object allocates nothing.
 */
export function fingerprint(status: unknown): string {
  const h = { a: 0x811c9dc5, b: 0x9e3779b9 };
  hashValue(status, h);
  return `${(h.a >>> 0).toString(36)}:${(h.b >>> 0).toString(36)}`;
}

/** Mixes one character code into both hashes. */
function mix(c: number, h: { a: number; b: number }): void {
  h.a = Math.imul(h.a ^ c, 0x01000193);
  h.b = Math.imul(h.b + c, 0x5bd1e995) ^ (h.b >>> 13);
}

/** Mixes a type tag, then `text` and a separator (so that ["ab"] and ["a", "b"] differ). */
function hashString(tag: number, text: string, h: { a: number; b: number }): void {
  let a = Math.imul(h.a ^ tag, 0x01000193);
  let b = Math.imul(h.b + tag, 0x5bd1e995) ^ (h.b >>> 13);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b + c, 0x5bd1e995) ^ (b >>> 13);
  }
  h.a = Math.imul(a ^ 0xff, 0x01000193);
  h.b = Math.imul(b + 0xff, 0x5bd1e995) ^ (b >>> 13);
}

// Type tags (no string is built per value: hashing allocates nothing for strings and objects).
const STRING = 0x73; // s
const NUMBER = 0x6e; // n
const TRUE = 0x74; // t
const FALSE = 0x66; // f
const NULL = 0x5f; // _
const OPEN_ARRAY = 0x5b; // [
const CLOSE_ARRAY = 0x5d; // ]
const OPEN_OBJECT = 0x7b; // {
const CLOSE_OBJECT = 0x7d; // }
const KEY = 0x6b; // k

function hashValue(value: unknown, h: { a: number; b: number }): void {
  if (value === null || value === undefined) mix(NULL, h);
  else if (typeof value === 'string') hashString(STRING, value, h);
  else if (typeof value === 'boolean') mix(value ? TRUE : FALSE, h);
  else if (typeof value !== 'object') hashString(NUMBER, String(value), h);
  else if (Array.isArray(value)) {
    mix(OPEN_ARRAY, h);
    for (const v of value) hashValue(v, h);
    mix(CLOSE_ARRAY, h);
  } else {
    mix(OPEN_OBJECT, h);
    const obj = value as Record<string, unknown>;
    for (const k in obj) {
      // JSON leaves out undefined members.
      const v = obj[k];
      if (v === undefined) continue;
      hashString(KEY, k, h);
      hashValue(v, h);
    }
    mix(CLOSE_OBJECT, h);
  }
}
