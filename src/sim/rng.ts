/**
 * Seeded randomness (mulberry32). Components receive an Rng; nothing in the simulation calls
 * Math.random, so a seed replays the same names, IPs and choices.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** A random string from Kubernetes' name-suffix alphabet (no vowels, no confusable digits). */
  suffix(length: number): string;
  /** A random RFC 4122 version-4 UUID. */
  uuid(): string;
}

/** The alphabet of `generateName` suffixes (apimachinery's rand.String). */
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
/** `n.toString(16)` for 0..15 without a number-to-string conversion per digit. */
const HEX_DIGITS = '0123456789abcdef';
const HEX_CODES = [...HEX_DIGITS].map((c) => c.charCodeAt(0));
const DASH = 0x2d;

export function createRng(seed: number): Rng {
  let state = seed >>> 0 || 0x9e3779b9;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  // Strings are built from character codes in one call: appending one character at a time
  // leaves V8 a tree of pieces (~400 bytes per uuid kept instead of ~60). The code list keeps its
  // length (emptying an array gives its storage back, and refilling it allocates again).
  const chars: string[] = [];
  const codes: number[] = new Array<number>(36).fill(DASH);
  const hex = (from: number, count: number): void => {
    for (let i = from; i < from + count; i++) codes[i] = HEX_CODES[int(16)];
  };
  return {
    next,
    int,
    suffix(length) {
      chars.length = 0;
      for (let i = 0; i < length; i++) chars.push(SUFFIX_ALPHABET[int(SUFFIX_ALPHABET.length)]);
      return chars.join('');
    },
    uuid() {
      // xxxxxxxx-xxxx-4xxx-Yxxx-xxxxxxxxxxxx; the dashes stay where the fill put them.
      hex(0, 8);
      hex(9, 4);
      codes[14] = HEX_CODES[4];
      hex(15, 3);
      codes[19] = HEX_CODES[8 + int(4)];
      hex(20, 3);
      hex(24, 12);
      return String.fromCharCode.apply(null, codes);
    },
  };
}
