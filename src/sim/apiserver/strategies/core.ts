/**
 * Core v1 resources other than pods and services: Namespace (label kubernetes.io/metadata.name,
 * spec.finalizers [kubernetes], phase Active), Secret (type Opaque, stringData folded into
 * base64 data, immutable), ConfigMap (key syntax, immutable), PersistentVolume and
 * PersistentVolumeClaim (phases, reclaim policy, volumeMode, PVC spec immutability), Node.
 * Sources: pkg/apis/core/v1/defaults.go, pkg/apis/core/validation/validation.go, each
 * pkg/registry/core/<resource>/strategy.go.
 */
import type { KubeObject } from '../../api/types.ts';
import type { Strategy } from '../strategy.ts';
import type { FieldError } from '../status.ts';
import { base64OfBytes, deepEqual, isObject } from '../object-util.ts';
import { GoValue, setDefault } from './validation-util.ts';
import { parseQuantity } from './quantity.ts';

type Obj = Record<string, unknown>;

export const namespaceStrategy: Strategy = {
  defaults(obj) {
    const name = obj.metadata?.name ?? '';
    if (obj.metadata)
      obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': name };
  },
  prepareForCreate(obj) {
    obj.spec = { finalizers: ['kubernetes'] };
    obj.status = { phase: 'Active' };
  },
  prepareForUpdate(obj, old) {
    // spec.finalizers change only through the finalize subresource.
    obj.spec = old.spec;
  },
};

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const CONFIG_KEY_MSG =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

function validateKeys(map: unknown, field: string, errors: FieldError[]): void {
  if (!isObject(map)) return;
  for (const key of Object.keys(map)) {
    if (!CONFIG_KEY.test(key) || key.length > 253)
      errors.push({
        type: 'FieldValueInvalid',
        field: `${field}[${key}]`,
        value: key,
        detail: CONFIG_KEY_MSG,
      });
  }
}

/** core.MaxSecretSize: ConfigMaps and Secrets hold at most 1 MiB of keys and values. */
const MAX_DATA_SIZE = 1024 * 1024;

/** Bytes of a data map: key lengths plus value lengths (`decoded`: base64 values count as their bytes). */
function dataSize(map: unknown, decoded: boolean): number {
  if (!isObject(map)) return 0;
  let n = 0;
  for (const [k, v] of Object.entries(map)) {
    const text = typeof v === 'string' ? v : '';
    n += k.length + (decoded ? Math.floor((text.replace(/=+$/, '').length * 3) / 4) : text.length);
  }
  return n;
}

function checkSize(total: number, errors: FieldError[]): void {
  // ValidateConfigMap / ValidateSecret: field.TooLong on the root path.
  if (total > MAX_DATA_SIZE)
    errors.push({
      type: 'FieldValueTooLong',
      field: '[]',
      detail: `may not be more than ${MAX_DATA_SIZE} bytes`,
    });
}

function immutableData(obj: KubeObject, old: KubeObject, errors: FieldError[]): void {
  if (old.immutable !== true) return;
  if (!deepEqual(obj.data, old.data))
    errors.push({
      type: 'FieldValueForbidden',
      field: 'data',
      detail: 'field is immutable when `immutable` is set',
    });
  if (!deepEqual(obj.binaryData, old.binaryData) && obj.kind === 'ConfigMap')
    errors.push({
      type: 'FieldValueForbidden',
      field: 'binaryData',
      detail: 'field is immutable when `immutable` is set',
    });
  if (obj.immutable !== true)
    errors.push({
      type: 'FieldValueForbidden',
      field: 'immutable',
      detail: 'field is immutable when `immutable` is set',
    });
}

/** UTF-8 then base64, as Secret stringData is folded into data. */
export function base64Utf8(text: string): string {
  const bytes: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x80) bytes.push(cp);
    else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else
      bytes.push(
        0xf0 | (cp >> 18),
        0x80 | ((cp >> 12) & 63),
        0x80 | ((cp >> 6) & 63),
        0x80 | (cp & 63),
      );
  }
  return base64OfBytes(bytes);
}

export const secretStrategy: Strategy = {
  defaults(obj) {
    setDefault(obj as Obj, 'type', 'Opaque');
    // stringData is write-only: merged into data (base64) and dropped (core/v1 conversion).
    if (isObject(obj.stringData)) {
      const data = { ...((obj.data as Record<string, string>) ?? {}) };
      for (const [k, v] of Object.entries(obj.stringData)) data[k] = base64Utf8(String(v));
      obj.data = data;
      delete obj.stringData;
    }
  },
  validate(obj) {
    const errors: FieldError[] = [];
    validateKeys(obj.data, 'data', errors);
    if (isObject(obj.data)) {
      for (const [k, v] of Object.entries(obj.data)) {
        if (typeof v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(v))
          errors.push({
            type: 'FieldValueInvalid',
            field: `data[${k}]`,
            value: '<secret contents redacted>',
            detail: 'illegal base64 data',
          });
      }
    }
    checkSize(dataSize(obj.data, true), errors);
    if (obj.type === 'kubernetes.io/tls') {
      const data = (obj.data ?? {}) as Obj;
      for (const k of ['tls.crt', 'tls.key'])
        if (data[k] === undefined) errors.push({ type: 'FieldValueRequired', field: `data[${k}]` });
    }
    return errors;
  },
  validateUpdate(obj, old) {
    const errors = secretStrategy.validate?.(obj, undefined as never) ?? [];
    if (obj.type !== old.type)
      errors.push({
        type: 'FieldValueInvalid',
        field: 'type',
        value: obj.type,
        detail: 'field is immutable',
      });
    immutableData(obj, old, errors);
    return errors;
  },
};

export const configMapStrategy: Strategy = {
  validate(obj) {
    const errors: FieldError[] = [];
    validateKeys(obj.data, 'data', errors);
    validateKeys(obj.binaryData, 'binaryData', errors);
    if (isObject(obj.data) && isObject(obj.binaryData)) {
      for (const k of Object.keys(obj.data))
        if (k in obj.binaryData)
          errors.push({
            type: 'FieldValueInvalid',
            field: 'data',
            value: k,
            detail: 'duplicate of key present in binaryData',
          });
    }
    checkSize(dataSize(obj.data, false) + dataSize(obj.binaryData, true), errors);
    return errors;
  },
  validateUpdate(obj, old) {
    const errors = configMapStrategy.validate?.(obj, undefined as never) ?? [];
    immutableData(obj, old, errors);
    return errors;
  },
};

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

function validateAccessModes(modes: unknown, path: string, errors: FieldError[]): void {
  if (!Array.isArray(modes) || modes.length === 0) {
    errors.push({
      type: 'FieldValueRequired',
      field: path,
      detail: 'at least 1 access mode is required',
    });
    return;
  }
  for (const m of modes) {
    if (!ACCESS_MODES.includes(m as string))
      errors.push({
        type: 'FieldValueNotSupported',
        field: path,
        value: m,
        detail: `supported values: ${ACCESS_MODES.map((a) => `"${a}"`).join(', ')}`,
      });
  }
}

export const persistentVolumeStrategy: Strategy = {
  defaults(obj) {
    if (!isObject(obj.spec)) obj.spec = {};
    const spec = obj.spec as Obj;
    setDefault(spec, 'persistentVolumeReclaimPolicy', 'Retain');
    setDefault(spec, 'volumeMode', 'Filesystem');
  },
  prepareForCreate(obj) {
    obj.status = { phase: 'Pending' };
  },
  validate(obj) {
    const errors: FieldError[] = [];
    const spec = (obj.spec ?? {}) as Obj;
    validateAccessModes(spec.accessModes, 'spec.accessModes', errors);
    const capacity = isObject(spec.capacity) ? spec.capacity : {};
    if (capacity.storage === undefined)
      errors.push({ type: 'FieldValueRequired', field: 'spec.capacity' });
    else if (parseQuantity(capacity.storage) === undefined)
      errors.push({
        type: 'FieldValueInvalid',
        field: 'spec.capacity[storage]',
        value: capacity.storage,
        detail: 'must be a valid quantity',
      });
    const sources = [
      'hostPath',
      'local',
      'nfs',
      'csi',
      'iscsi',
      'fc',
      'cephfs',
      'rbd',
      'gcePersistentDisk',
      'awsElasticBlockStore',
      'azureDisk',
      'azureFile',
    ];
    if (!sources.some((s) => spec[s] !== undefined))
      errors.push({
        type: 'FieldValueRequired',
        field: 'spec',
        detail: 'must specify a volume type',
      });
    if (!['Retain', 'Delete', 'Recycle'].includes(spec.persistentVolumeReclaimPolicy as string)) {
      errors.push({
        type: 'FieldValueNotSupported',
        field: 'spec.persistentVolumeReclaimPolicy',
        value: spec.persistentVolumeReclaimPolicy,
        detail: 'supported values: "Delete", "Recycle", "Retain"',
      });
    }
    return errors;
  },
};

const BETA_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';
const DEFAULT_CLASS_ANNOTATIONS = [
  'storageclass.kubernetes.io/is-default-class',
  'storageclass.beta.kubernetes.io/is-default-class',
];

/**
 * The default StorageClass's name (storage/util.GetDefaultClass): of the classes annotated as
 * default, the newest by creationTimestamp, ties broken by name.
 */
export function defaultStorageClass(classes: KubeObject[]): string | undefined {
  const defaults = classes.filter((c) =>
    DEFAULT_CLASS_ANNOTATIONS.some((a) => c.metadata?.annotations?.[a] === 'true'),
  );
  defaults.sort((a, b) => {
    const ta = a.metadata?.creationTimestamp ?? '';
    const tb = b.metadata?.creationTimestamp ?? '';
    if (ta !== tb) return ta < tb ? 1 : -1;
    return (a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1;
  });
  return defaults[0]?.metadata?.name;
}

export const persistentVolumeClaimStrategy: Strategy = {
  defaults(obj) {
    if (!isObject(obj.spec)) obj.spec = {};
    setDefault(obj.spec as Obj, 'volumeMode', 'Filesystem');
  },
  prepareForCreate(obj) {
    obj.status = { phase: 'Pending' };
  },
  admit(obj, old, ctx) {
    // DefaultStorageClass admission (plugin/pkg/admission/storage/storageclass/setdefault): on
    // create only, a claim with no class at all (nil, not "") and no beta class annotation gets
    // the default StorageClass, even when it names a volume (the class must then match the PV).
    if (old || !isObject(obj.spec)) return undefined;
    const spec = obj.spec;
    if (spec.storageClassName !== undefined && spec.storageClassName !== null) return undefined;
    if (obj.metadata?.annotations?.[BETA_CLASS_ANNOTATION] !== undefined) return undefined;
    const name = defaultStorageClass(ctx.list('storage.k8s.io', 'storageclasses', undefined));
    if (name !== undefined) spec.storageClassName = name;
    return undefined;
  },
  validate(obj) {
    const errors: FieldError[] = [];
    const spec = (obj.spec ?? {}) as Obj;
    validateAccessModes(spec.accessModes, 'spec.accessModes', errors);
    const requests =
      isObject(spec.resources) && isObject(spec.resources.requests) ? spec.resources.requests : {};
    if (requests.storage === undefined)
      errors.push({ type: 'FieldValueRequired', field: 'spec.resources[storage]' });
    return errors;
  },
  validateUpdate(obj, old) {
    const errors = persistentVolumeClaimStrategy.validate?.(obj, undefined as never) ?? [];
    // ValidatePersistentVolumeClaimUpdate: only requests (expansion), volumeName (binding) and a few fields may change.
    const spec = { ...((obj.spec ?? {}) as Obj) };
    const oldSpec = { ...((old.spec ?? {}) as Obj) };
    for (const s of [spec, oldSpec]) {
      delete s.resources;
      delete s.volumeAttributesClassName;
    }
    if (!oldSpec.volumeName) delete spec.volumeName;
    if (oldSpec.storageClassName === undefined) delete spec.storageClassName;
    if (!deepEqual(spec, oldSpec)) {
      errors.push({
        type: 'FieldValueForbidden',
        field: 'spec',
        value: new GoValue('core.PersistentVolumeClaimSpec{...}'),
        detail:
          'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
      });
    }
    return errors;
  },
};

export const nodeStrategy: Strategy = {
  prepareForCreate(obj) {
    // Kubelets register with a status; keep what they sent (node strategy keeps status on create).
    if (obj.status === undefined) obj.status = {};
  },
  validate(obj) {
    const errors: FieldError[] = [];
    const taints = ((obj.spec ?? {}) as Obj).taints;
    if (Array.isArray(taints)) {
      taints.forEach((t, i) => {
        if (!isObject(t)) return;
        if (!t.key) errors.push({ type: 'FieldValueRequired', field: `spec.taints[${i}].key` });
        if (!['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(t.effect as string)) {
          errors.push({
            type: 'FieldValueNotSupported',
            field: `spec.taints[${i}].effect`,
            value: t.effect,
            detail: 'supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
          });
        }
      });
    }
    return errors;
  },
};
