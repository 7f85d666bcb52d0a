/**
 * Pod template hashing (pkg/controller/controller_utils.go `ComputeHash`): FNV-1a 32-bit over the
 * template, then the collision count as 8 little-endian bytes, printed in decimal and encoded with
 * apimachinery's `rand.SafeEncodeString` (digits mapped onto an alphabet without vowels, so the hash
 * never spells words). Upstream hashes the Go struct with spew; we hash canonical JSON (sorted keys),
 * which is deterministic for the same template, so names look and behave like the real ones.
 */

/** apimachinery/pkg/util/rand `alphanums`: no vowels, no 0/1/3 (confusable). */
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** JSON with object keys sorted, undefined fields dropped. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** FNV-1a 32-bit over bytes. */
export function fnv32a(bytes: Iterable<number>, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (const b of bytes) {
    h ^= b & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** UTF-8 bytes of a string (no TextEncoder dependency in the pure sim). */
function utf8(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else
      out.push(
        0xf0 | (cp >> 18),
        0x80 | ((cp >> 12) & 63),
        0x80 | ((cp >> 6) & 63),
        0x80 | (cp & 63),
      );
  }
  return out;
}

/** rand.SafeEncodeString: each byte mapped onto the safe alphabet. */
export function safeEncodeString(text: string): string {
  let out = '';
  for (const b of utf8(text)) out += SAFE_ALPHABET[b % SAFE_ALPHABET.length];
  return out;
}

/** The `pod-template-hash` of a template with an optional collision count. */
export function computeHash(template: unknown, collisionCount?: number): string {
  let h = fnv32a(utf8(canonicalJson(template)));
  if (collisionCount !== undefined && collisionCount !== null) {
    const c = collisionCount >>> 0;
    h = fnv32a([c & 0xff, (c >>> 8) & 0xff, (c >>> 16) & 0xff, (c >>> 24) & 0xff, 0, 0, 0, 0], h);
  }
  return safeEncodeString(String(h));
}
