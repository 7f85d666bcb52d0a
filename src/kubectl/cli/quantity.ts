/**
 * Kubernetes resource quantities (apimachinery pkg/api/resource), enough for describe and top:
 * parse `100m`, `2`, `128Mi`, `1G`, `1e3`; print CPU in millicores and memory in binary units the
 * way Quantity.String() canonicalises sums.
 */

import { QUANTITY_SUFFIXES } from '../../sim/apiserver/strategies/quantity';
import { parseQuantity as parseSimQuantity } from '../../sim/scheduler/quantity';

/** Parses a quantity into its numeric value (cores, bytes, counts); 0 when absent, NaN when malformed. */
export function parseQuantity(q: string | number | undefined): number {
  if (q === undefined || q === null) return 0;
  return parseSimQuantity(q);
}

/** CPU as kubectl prints it: `250m`, `1`, `1500m`, `0`. */
export function formatCpu(cores: number): string {
  const milli = Math.round(cores * 1000);
  if (milli === 0) return '0';
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** Memory in the largest exact binary unit (`128Mi`, `1Gi`), else decimal, `0` for zero. */
export function formatMemory(bytes: number, preferDecimal = false): string {
  const b = Math.round(bytes);
  if (b === 0) return '0';
  if (!preferDecimal) {
    for (const unit of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki'])
      if (b % QUANTITY_SUFFIXES[unit] === 0) return `${b / QUANTITY_SUFFIXES[unit]}${unit}`;
  }
  for (const unit of ['E', 'P', 'T', 'G', 'M', 'k'])
    if (b % QUANTITY_SUFFIXES[unit] === 0) return `${b / QUANTITY_SUFFIXES[unit]}${unit}`;
  return String(b);
}

/** Formats a quantity of a named resource (`cpu`, `memory`, `pods`, `ephemeral-storage`). */
export function formatResource(name: string, value: number, sample?: string): string {
  if (name === 'cpu') return formatCpu(value);
  if (name === 'memory' || name === 'ephemeral-storage' || name.startsWith('hugepages-')) {
    const decimal = sample !== undefined && /[kMGTPE]$/.test(sample) && !/i$/.test(sample);
    return formatMemory(value, decimal);
  }
  return String(value);
}
