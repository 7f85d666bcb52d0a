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

function hashString(text: string, h: { a: number; b: number }): void {
  let { a, b } = h;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b + c, 0x5bd1e995) ^ (b >>> 13);
  }
  // A separator, so that ["ab"] and ["a", "b"] differ.
  h.a = Math.imul(a ^ 0xff, 0x01000193);
  h.b = Math.imul(b + 0xff, 0x5bd1e995) ^ (b >>> 13);
}

function hashValue(value: unknown, h: { a: number; b: number }): void {
  if (value === null || value === undefined) hashString(String(value), h);
  else if (typeof value === 'string') hashString(`s${value}`, h);
  else if (typeof value !== 'object') hashString(`${typeof value}${String(value)}`, h);
  else if (Array.isArray(value)) {
    hashString('[', h);
    for (const v of value) hashValue(v, h);
    hashString(']', h);
  } else {
    hashString('{', h);
    const obj = value as Record<string, unknown>;
    for (const k in obj) {
      // JSON leaves out undefined members.
      if (obj[k] === undefined) continue;
      hashString(k, h);
      hashValue(obj[k], h);
    }
    hashString('}', h);
  }
}
