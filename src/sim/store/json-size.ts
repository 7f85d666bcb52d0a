/**
 * The size etcd would store for a value, estimated without serialising it (the UI's
 * "what is in etcd" panel).
 */

/** Size of `JSON.stringify(value)` estimated without building the string. */
export function approximateJsonSize(value: unknown): number {
  if (value === null || value === undefined) return 4;
  switch (typeof value) {
    case 'string':
      return value.length + 2;
    case 'number':
      return String(value).length;
    case 'boolean':
      return value ? 4 : 5;
    case 'object': {
      if (Array.isArray(value)) {
        let n = 2;
        for (const item of value) n += approximateJsonSize(item) + 1;
        return n;
      }
      let n = 2;
      for (const [k, v] of Object.entries(value)) n += k.length + 4 + approximateJsonSize(v);
      return n;
    }
    default:
      return 0;
  }
}
