/**
 * Resource quantities (apimachinery's resource.Quantity): `100m`, `0.5`, `128Mi`, `1G`, `2e3`.
 * The scheduler and the kubelet only need numbers: CPU in millicores, everything else in units.
 */

const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

const QUANTITY = /^([+-]?[0-9.]+)(?:([eE][+-]?[0-9]+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;

/** The value of a quantity in base units (`100m` -> 0.1, `1Ki` -> 1024); NaN if malformed. */
export function parseQuantity(text: unknown): number {
  if (typeof text === 'number') return text;
  if (typeof text !== 'string') return NaN;
  const m = QUANTITY.exec(text.trim());
  if (!m) return NaN;
  const base = Number(m[1]);
  if (m[2]) return base * 10 ** Number(m[2].slice(1));
  const suffix = m[3] ?? '';
  return base * (BINARY[suffix] ?? DECIMAL[suffix] ?? 1);
}

/** CPU quantity in millicores, rounded up as Quantity.MilliValue does. */
export function milliValue(text: unknown): number {
  const v = parseQuantity(text);
  return Number.isFinite(v) ? Math.ceil(Math.round(v * 1e9) / 1e6) : 0;
}

/** Integer value, rounded up as Quantity.Value does. */
export function intValue(text: unknown): number {
  const v = parseQuantity(text);
  return Number.isFinite(v) ? Math.ceil(v - 1e-9) : 0;
}
