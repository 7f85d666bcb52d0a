/**
 * Decodes Kubernetes protobuf request bodies (`application/vnd.kubernetes.protobuf`) into the
 * JSON objects the simulated apiserver handles. Since client-go 1.32 the generated typed clients
 * prefer protobuf for built-in kinds, so `kubectl create configmap|secret|deployment|...` and the
 * evictions of `kubectl drain` send it; responses stay JSON (those clients accept both).
 *
 * Format (apimachinery pkg/runtime/serializer/protobuf): the magic `k8s\0`, then a runtime.Unknown
 * message {typeMeta {apiVersion, kind}, raw, contentEncoding, contentType} whose `raw` is the
 * object's own message. Field numbers come from k8s-proto-schema.json, generated from the
 * upstream generated.proto files (scripts/gen-k8s-proto-schema.ts).
 *
 * JSON fidelity: go-to-protobuf writes every non-pointer field, even empty, where encoding/json
 * omits empty ones (`omitempty`). Empty strings, false, zero numbers and zero timestamps are
 * therefore dropped outside maps and lists, except zero in the pointer fields where 0 means
 * something (`replicas: 0` is not "default to 1"); the wire format cannot tell them apart.
 */
import schemaFile from './k8s-proto-schema.json' with { type: 'json' };

type Field = [number, string, string];
const MESSAGES = (schemaFile as unknown as { messages: Record<string, Field[]> }).messages;

const MAGIC = [0x6b, 0x38, 0x73, 0x00];
const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';
/** Go's zero time.Time as Unix seconds: what a Time field that was never set encodes to. */
const GO_ZERO_TIME_SECONDS = -62135596800;

/** A protobuf field as read from the wire: varints as bigint, length-delimited as bytes. */
type WireValue =
  | { wire: 0; value: bigint }
  | { wire: 1; value: Buffer }
  | { wire: 2; value: Buffer }
  | { wire: 5; value: Buffer };

class Reader {
  private pos = 0;
  constructor(private readonly buf: Buffer) {}
  done(): boolean {
    return this.pos >= this.buf.length;
  }
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.buf.length) throw new Error('truncated varint');
      const byte = this.buf[this.pos++];
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 70n) throw new Error('varint too long');
    }
  }
  bytes(n: number): Buffer {
    if (n < 0 || this.pos + n > this.buf.length) throw new Error('truncated field');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  field(): { number: number; value: WireValue } {
    const key = Number(this.varint());
    const number = key >>> 3;
    const wire = key & 7;
    switch (wire) {
      case 0:
        return { number, value: { wire: 0, value: this.varint() } };
      case 1:
        return { number, value: { wire: 1, value: this.bytes(8) } };
      case 2:
        return { number, value: { wire: 2, value: this.bytes(Number(this.varint())) } };
      case 5:
        return { number, value: { wire: 5, value: this.bytes(4) } };
      default:
        throw new Error(`unsupported wire type ${wire}`);
    }
  }
}

function fields(buf: Buffer): Map<number, WireValue[]> {
  const out = new Map<number, WireValue[]>();
  const reader = new Reader(buf);
  while (!reader.done()) {
    const { number, value } = reader.field();
    const list = out.get(number);
    if (list) list.push(value);
    else out.set(number, [value]);
  }
  return out;
}

function scalar(type: string, v: WireValue): unknown {
  switch (type) {
    case 'string':
      return v.wire === 2 ? v.value.toString('utf8') : undefined;
    case 'bytes':
      return v.wire === 2 ? v.value.toString('base64') : undefined;
    case 'bool':
      return v.wire === 0 ? v.value !== 0n : undefined;
    case 'int32':
    case 'int64':
      return v.wire === 0 ? Number(BigInt.asIntN(64, v.value)) : undefined;
    case 'uint32':
    case 'uint64':
      return v.wire === 0 ? Number(v.value) : undefined;
    case 'double':
      return v.wire === 1 ? v.value.readDoubleLE(0) : undefined;
    case 'float':
      return v.wire === 5 ? v.value.readFloatLE(0) : undefined;
    default:
      return undefined;
  }
}

/** Repeated scalars may arrive packed (one length-delimited run) or one per field. */
function repeatedScalars(type: string, values: WireValue[]): unknown[] {
  const out: unknown[] = [];
  for (const v of values) {
    if (v.wire === 2 && type !== 'string' && type !== 'bytes') {
      const reader = new Reader(v.value);
      while (!reader.done()) {
        if (type === 'double') out.push(scalar(type, { wire: 1, value: reader.bytes(8) }));
        else if (type === 'float') out.push(scalar(type, { wire: 5, value: reader.bytes(4) }));
        else out.push(scalar(type, { wire: 0, value: reader.varint() }));
      }
    } else out.push(scalar(type, v));
  }
  return out;
}

const isScalar = (type: string) => !type.includes('.');

/** Pointer fields (`*int32`, `*int64`) of the API types where an explicit 0 differs from unset. */
const MEANINGFUL_ZERO = new Set([
  'replicas',
  'minReplicas',
  'revisionHistoryLimit',
  'progressDeadlineSeconds',
  'terminationGracePeriodSeconds',
  'activeDeadlineSeconds',
  'gracePeriodSeconds',
  'backoffLimit',
  'backoffLimitPerIndex',
  'maxFailedIndexes',
  'completions',
  'parallelism',
  'ttlSecondsAfterFinished',
  'startingDeadlineSeconds',
  'successfulJobsHistoryLimit',
  'failedJobsHistoryLimit',
  'runAsUser',
  'runAsGroup',
  'fsGroup',
  'priority',
  'defaultMode',
  'mode',
  'tolerationSeconds',
  'expirationSeconds',
  'value',
]);

function value(type: string, v: WireValue): unknown {
  if (isScalar(type)) return scalar(type, v);
  return v.wire === 2 ? message(type, v.value) : undefined;
}

/** The well-known messages whose JSON form is not an object. */
function special(type: string, buf: Buffer): { json: unknown } | undefined {
  switch (type) {
    case `${META}.Time`:
    case `${META}.MicroTime`: {
      const f = fields(buf);
      const seconds = Number(scalar('int64', f.get(1)?.[0] ?? { wire: 0, value: 0n }) ?? 0);
      const nanos = Number(scalar('int32', f.get(2)?.[0] ?? { wire: 0, value: 0n }) ?? 0);
      if (seconds === GO_ZERO_TIME_SECONDS || (seconds === 0 && nanos === 0))
        return { json: undefined };
      const iso = new Date(seconds * 1000).toISOString();
      if (type.endsWith('.MicroTime'))
        return {
          json: iso.replace(/\.\d{3}Z$/, `.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z`),
        };
      return { json: iso.replace(/\.\d{3}Z$/, 'Z') };
    }
    case `${META}.Duration`: {
      const nanos = Number(scalar('int64', fields(buf).get(1)?.[0] ?? { wire: 0, value: 0n }) ?? 0);
      return { json: goDuration(nanos) };
    }
    case 'k8s.io.apimachinery.pkg.api.resource.Quantity':
      return {
        json: scalar('string', fields(buf).get(1)?.[0] ?? { wire: 2, value: Buffer.alloc(0) }),
      };
    case 'k8s.io.apimachinery.pkg.util.intstr.IntOrString': {
      const f = fields(buf);
      const isString = Number(scalar('int64', f.get(1)?.[0] ?? { wire: 0, value: 0n })) === 1;
      return {
        json: isString
          ? (scalar('string', f.get(3)?.[0] ?? { wire: 2, value: Buffer.alloc(0) }) ?? '')
          : (scalar('int32', f.get(2)?.[0] ?? { wire: 0, value: 0n }) ?? 0),
      };
    }
    case 'k8s.io.apimachinery.pkg.runtime.RawExtension':
    case `${META}.FieldsV1`: {
      const raw = fields(buf).get(1)?.[0];
      if (!raw || raw.wire !== 2 || raw.value.length === 0) return { json: undefined };
      return { json: JSON.parse(raw.value.toString('utf8')) as unknown };
    }
    default:
      return undefined;
  }
}

/** Decodes one message of `type` into its JSON object. */
function message(type: string, buf: Buffer): unknown {
  const known = special(type, buf);
  if (known) return known.json;
  const schema = MESSAGES[type];
  if (!schema) throw new Error(`no protobuf schema for ${type}`);
  const wire = fields(buf);
  const out: Record<string, unknown> = {};
  for (const [number, name, fieldType] of schema) {
    const values = wire.get(number);
    if (!values) continue;
    if (fieldType.startsWith('map:')) {
      const valueType = fieldType.slice(4);
      const map: Record<string, unknown> = {};
      for (const entry of values) {
        if (entry.wire !== 2) continue;
        const kv = fields(entry.value);
        const key = scalar(
          'string',
          kv.get(1)?.[0] ?? { wire: 2, value: Buffer.alloc(0) },
        ) as string;
        const raw = kv.get(2)?.[0];
        map[key] = raw
          ? value(valueType, raw)
          : isScalar(valueType)
            ? valueType === 'string'
              ? ''
              : valueType === 'bytes'
                ? ''
                : 0
            : {};
      }
      out[name] = map;
    } else if (fieldType.endsWith('[]')) {
      const itemType = fieldType.slice(0, -2);
      out[name] = isScalar(itemType)
        ? repeatedScalars(itemType, values)
        : values.map((v) => value(itemType, v));
    } else {
      const decoded = value(fieldType, values[values.length - 1]);
      if (decoded === undefined || decoded === '' || decoded === false) continue;
      if (decoded === 0 && isScalar(fieldType) && !MEANINGFUL_ZERO.has(name)) continue;
      out[name] = decoded;
    }
  }
  return out;
}

/** Go's time.Duration String(): `1h2m3s`, `1.5s`, `0s`. */
function goDuration(nanos: number): string {
  if (nanos === 0) return '0s';
  const sign = nanos < 0 ? '-' : '';
  let rest = Math.abs(nanos);
  const hours = Math.floor(rest / 3.6e12);
  rest -= hours * 3.6e12;
  const minutes = Math.floor(rest / 6e10);
  rest -= minutes * 6e10;
  const seconds = rest / 1e9;
  return `${sign}${hours ? `${hours}h` : ''}${hours || minutes ? `${minutes}m` : ''}${Number(seconds.toFixed(9))}s`;
}

/** The protobuf message for an apiVersion and kind (`apps/v1` Deployment -> k8s.io.api.apps.v1.Deployment). */
export function messageType(apiVersion: string, kind: string): string | undefined {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const short = group === '' ? 'core' : group.split('.')[0];
  const candidates = [`k8s.io.api.${short}.${version}.${kind}`, `${META}.${kind}`];
  return candidates.find((name) => MESSAGES[name]);
}

/** Decodes a `k8s\0`-prefixed protobuf body into a JSON object with apiVersion and kind. */
export function decodeKubernetesProtobuf(body: Buffer): Record<string, unknown> {
  if (body.length < 4 || MAGIC.some((byte, i) => body[i] !== byte))
    throw new Error('missing the k8s protobuf prefix');
  const unknown = fields(body.subarray(4));
  const typeMetaField = unknown.get(1)?.[0];
  const typeMeta =
    typeMetaField?.wire === 2 ? fields(typeMetaField.value) : new Map<number, WireValue[]>();
  const apiVersion =
    (scalar('string', typeMeta.get(1)?.[0] ?? { wire: 2, value: Buffer.alloc(0) }) as string) ?? '';
  const kind =
    (scalar('string', typeMeta.get(2)?.[0] ?? { wire: 2, value: Buffer.alloc(0) }) as string) ?? '';
  const raw = unknown.get(2)?.[0];
  const encoding = scalar('string', unknown.get(3)?.[0] ?? { wire: 2, value: Buffer.alloc(0) });
  if (encoding) throw new Error(`unsupported content encoding ${String(encoding)}`);
  const type = messageType(apiVersion, kind);
  if (!type) throw new Error(`no protobuf schema for ${apiVersion}, Kind=${kind}`);
  const object = raw?.wire === 2 ? (message(type, raw.value) as Record<string, unknown>) : {};
  return { apiVersion, kind, ...object };
}
