/**
 * Resource quantities (apimachinery's resource.Quantity): `100m`, `0.5`, `128Mi`, `1G`, `2e3`.
 * The scheduler and the kubelet only need numbers: CPU in millicores, everything else in units.
 */

import { parseQuantity as parseApiQuantity } from '../apiserver/strategies/quantity.ts';

/** The value of a quantity in base units (`100m` -> 0.1, `1Ki` -> 1024); NaN if malformed. */
export function parseQuantity(text: unknown): number {
  if (typeof text === 'number') return text;
  return parseApiQuantity(text) ?? NaN;
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
