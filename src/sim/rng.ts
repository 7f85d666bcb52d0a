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
  return {
    next,
    int,
    suffix(length) {
      let out = '';
      for (let i = 0; i < length; i++) out += SUFFIX_ALPHABET[int(SUFFIX_ALPHABET.length)];
      return out;
    },
    uuid() {
      const hex = (count: number) => {
        let s = '';
        for (let i = 0; i < count; i++) s += HEX_DIGITS[int(16)];
        return s;
      };
      return `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + int(4)).toString(16)}${hex(3)}-${hex(12)}`;
    },
  };
}
