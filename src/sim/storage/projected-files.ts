/**
 * The files a configMap, secret or projected volume shows inside a container (pkg/volume/configmap,
 * pkg/volume/secret, pkg/volume/projected: MakePayload): every key as a file, or only `items` at
 * their paths; file mode from the item, else `defaultMode` (0644); a missing object or key is a
 * mount error unless `optional`. Pure: the kubelet decides when to recompute (mounted files follow
 * an update after the kubelet's sync, about a minute; env vars and subPath mounts never do until
 * the container restarts).
 */
import type {
  ConfigMap,
  ConfigMapVolumeSource,
  KeyToPath,
  ProjectedVolumeSource,
  Secret,
  SecretVolumeSource,
} from 'kubernetes-types/core/v1';

/** Default file mode of configMap/secret/projected volumes (0644). */
export const DEFAULT_FILE_MODE = 0o644;
/**
 * How long an update takes to reach mounted files: the kubelet's periodic sync (syncFrequency 1 min)
 * plus the Watch cache's propagation; the docs say "kubelet sync period + cache propagation delay".
 */
export const PROJECTED_REFRESH_MS = 60_000;

export interface ProjectedFile {
  /** Relative path inside the mount. */
  path: string;
  content: string;
  mode: number;
}

export interface ProjectedResult {
  files: ProjectedFile[];
  /** The kubelet's mount error (FailedMount event text after `MountVolume.SetUp failed for volume "x" : `). */
  error?: string;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes base64 (Secret data, ConfigMap binaryData) to a string of its UTF-8 text. */
export function decodeBase64(text: string): string {
  const clean = text.replace(/[^A-Za-z0-9+/]/g, '');
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of clean) {
    buffer = (buffer << 6) | B64.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    let code: number;
    let n: number;
    if (b < 0x80) [code, n] = [b, 1];
    else if (b >= 0xf0) [code, n] = [b & 0x07, 4];
    else if (b >= 0xe0) [code, n] = [b & 0x0f, 3];
    else [code, n] = [b & 0x1f, 2];
    for (let j = 1; j < n; j++) code = (code << 6) | ((bytes[i + j] ?? 0) & 0x3f);
    out += String.fromCodePoint(code);
    i += n;
  }
  return out;
}

function payload(
  data: Map<string, string>,
  items: KeyToPath[] | undefined,
  defaultMode: number,
  optional: boolean,
  missingKey: (key: string) => string,
): ProjectedResult {
  if (!items || items.length === 0) {
    const files = [...data.keys()]
      .sort()
      .map((key) => ({ path: key, content: data.get(key)!, mode: defaultMode }));
    return { files };
  }
  const files: ProjectedFile[] = [];
  for (const item of items) {
    const content = data.get(item.key);
    if (content === undefined) {
      if (optional) continue;
      return { files: [], error: missingKey(item.key) };
    }
    files.push({ path: item.path, content, mode: item.mode ?? defaultMode });
  }
  return { files };
}

function configMapData(cm: ConfigMap): Map<string, string> {
  const data = new Map<string, string>(Object.entries(cm.data ?? {}));
  for (const [k, v] of Object.entries(cm.binaryData ?? {})) data.set(k, decodeBase64(v));
  return data;
}

function secretData(secret: Secret): Map<string, string> {
  const data = new Map<string, string>();
  for (const [k, v] of Object.entries(secret.data ?? {})) data.set(k, decodeBase64(v));
  // stringData is write-only (merged into data by the apiserver) but may reach us unmerged.
  for (const [k, v] of Object.entries(secret.stringData ?? {})) data.set(k, v);
  return data;
}

/** Files of a configMap volume, given the ConfigMap (undefined when it does not exist). */
export function configMapVolumeFiles(
  source: ConfigMapVolumeSource,
  configMap: ConfigMap | undefined,
): ProjectedResult {
  const optional = source.optional === true;
  if (!configMap)
    return optional ? { files: [] } : { files: [], error: `configmap "${source.name}" not found` };
  return payload(
    configMapData(configMap),
    source.items,
    source.defaultMode ?? DEFAULT_FILE_MODE,
    optional,
    (key) => `configmap references non-existent config key: ${key}`,
  );
}

/** Files of a secret volume, given the Secret (undefined when it does not exist). */
export function secretVolumeFiles(
  source: SecretVolumeSource,
  secret: Secret | undefined,
): ProjectedResult {
  const optional = source.optional === true;
  if (!secret)
    return optional
      ? { files: [] }
      : { files: [], error: `secret "${source.secretName}" not found` };
  return payload(
    secretData(secret),
    source.items,
    source.defaultMode ?? DEFAULT_FILE_MODE,
    optional,
    (key) => `secret references non-existent secret key: ${key}`,
  );
}

/** Files of a projected volume (configMap and secret sources; others are the kubelet's). */
export function projectedVolumeFiles(
  source: ProjectedVolumeSource,
  lookup: {
    configMap(name: string): ConfigMap | undefined;
    secret(name: string): Secret | undefined;
  },
): ProjectedResult {
  const defaultMode = source.defaultMode ?? DEFAULT_FILE_MODE;
  const files: ProjectedFile[] = [];
  for (const s of source.sources ?? []) {
    let part: ProjectedResult | undefined;
    if (s.configMap) {
      part = configMapVolumeFiles(
        { ...s.configMap, name: s.configMap.name ?? '', defaultMode },
        lookup.configMap(s.configMap.name ?? ''),
      );
    } else if (s.secret) {
      part = secretVolumeFiles(
        { ...s.secret, secretName: s.secret.name, defaultMode },
        lookup.secret(s.secret.name ?? ''),
      );
    }
    if (part?.error) return { files: [], error: part.error };
    if (part) files.push(...part.files);
  }
  return { files };
}
