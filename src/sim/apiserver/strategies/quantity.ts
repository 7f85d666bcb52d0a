/**
 * resource.Quantity parsing (apimachinery pkg/api/resource/quantity.go): decimal SI suffixes
 * (m, k, M, G, T, P, E), binary suffixes (Ki, Mi, Gi, Ti, Pi, Ei) and exponents (1e3).
 */

/** The regular expression upstream quotes when a quantity does not parse. */
export const QUANTITY_REGEX = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';

/** Multiplier of each suffix: decimal SI (`n` … `E`, `''` for none) and binary (`Ki` … `Ei`). */
export const QUANTITY_SUFFIXES: Readonly<Record<string, number>> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const cache = new Map<string, number | undefined>();

/** The value of a quantity in base units (cores, bytes), or undefined when malformed. */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  // The same few quantities repeat across thousands of pods.
  if (cache.has(value)) return cache.get(value);
  const parsed = parse(value);
  if (cache.size < 10_000) cache.set(value, parsed);
  return parsed;
}

function parse(value: string): number | undefined {
  const m = /^([+-]?[0-9]*\.?[0-9]+|[+-]?[0-9]+\.)(([eE][-+]?[0-9]+)|[a-zA-Z]*)$/.exec(
    value.trim(),
  );
  if (!m) return undefined;
  const n = Number(m[1]);
  if (!Number.isFinite(n)) return undefined;
  if (m[3]) return n * 10 ** Number(m[3].slice(1));
  const factor = QUANTITY_SUFFIXES[m[2]];
  return factor === undefined ? undefined : n * factor;
}
