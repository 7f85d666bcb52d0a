/**
 * Kubernetes resource quantities (apimachinery pkg/api/resource), enough for describe and top:
 * parse `100m`, `2`, `128Mi`, `1G`, `1e3`; print CPU in millicores and memory in binary units the
 * way Quantity.String() canonicalises sums.
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

/** Parses a quantity into its numeric value (cores, bytes, counts); NaN when malformed. */
export function parseQuantity(q: string | number | undefined): number {
  if (q === undefined || q === null) return 0;
  if (typeof q === 'number') return q;
  const m =
    /^([+-]?\d+(?:\.\d+)?|[+-]?\.\d+)(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/.exec(
      q.trim(),
    );
  if (!m) return Number.NaN;
  const base = Number(m[1]);
  if (m[2]) return base * 10 ** Number(m[2].slice(1));
  const suffix = m[3] ?? '';
  return base * (BINARY[suffix] ?? DECIMAL[suffix] ?? 1);
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
      if (b % BINARY[unit] === 0) return `${b / BINARY[unit]}${unit}`;
  }
  for (const unit of ['E', 'P', 'T', 'G', 'M', 'k'])
    if (b % DECIMAL[unit] === 0) return `${b / DECIMAL[unit]}${unit}`;
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
