/**
 * Share links: an experiment (manifests, cluster options, seed, scripted timeline, the moment to
 * show) travels in the URL fragment, deflate-compressed and base64url-encoded, so nothing is sent
 * anywhere. The format is versioned outside the compressed payload (`#x=<version>.<data>`), so a
 * newer format is recognised and refused with a clear message instead of misread.
 */
import { Inflate, zlibSync } from 'fflate';
import type { JournalEntry, SimOp } from '../../worker/protocol';

export const SHARE_FORMAT_VERSION = 1;
/** The fragment key: `#x=1.<payload>`. */
export const SHARE_FRAGMENT_KEY = 'x';
/** Decompressed payloads larger than this are refused (a link must not exhaust the browser). */
export const MAX_SHARE_BYTES = 2 * 1024 * 1024;

export interface SharedFile {
  name: string;
  text: string;
}

export interface SharedExperiment {
  /** The editor's files, in tab order. */
  files: SharedFile[];
  cluster: { workers: number; controlPlanes: number; seed: number };
  /** Scripted timeline in the line format of src/sim/timeline.ts ('' when none). */
  timeline: string;
  /** The moment on the virtual clock to show, in ms since the cluster started. */
  atMs: number;
  /** Optional view settings. */
  view?: { lens?: 'placement' | 'ownership' | 'network'; speed?: number };
  /** The recorded session (timed API writes and simulation operations), replayed exactly. */
  journal?: JournalEntry[];
}

export type DecodeResult =
  { ok: true; experiment: SharedExperiment } | { ok: false; error: string };

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
  try {
    const binary = atob(padded);
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  } catch {
    return undefined;
  }
}

/** Encodes an experiment as the fragment value (without `#x=`). */
export function encodeExperiment(experiment: SharedExperiment): string {
  const json = JSON.stringify(experiment);
  // zlib framing: deflate plus an Adler-32 checksum, so a link changed in transit is detected.
  const compressed = zlibSync(new TextEncoder().encode(json), { level: 9 });
  return `${SHARE_FORMAT_VERSION}.${toBase64Url(compressed)}`;
}

/** Adler-32 (RFC 1950), the checksum zlib appends to its stream. */
function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < data.length;) {
    const end = Math.min(i + 5552, data.length);
    for (; i < end; i++) {
      a += data[i];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** Unwraps a zlib stream: checks its header, inflates with a bound, verifies the checksum. */
function boundedUnzlib(data: Uint8Array, limit: number): Uint8Array | 'too-large' | 'corrupt' {
  if (data.length < 7) return 'corrupt';
  const [cmf, flg] = data;
  // Deflate method, no preset dictionary, header checksum (RFC 1950 section 2.2).
  if ((cmf & 0x0f) !== 8 || (flg & 0x20) !== 0 || ((cmf << 8) | flg) % 31 !== 0) return 'corrupt';
  const out = boundedInflate(data.subarray(2, -4), limit);
  if (typeof out === 'string') return out;
  const t = data.length - 4;
  const expected = ((data[t] << 24) | (data[t + 1] << 16) | (data[t + 2] << 8) | data[t + 3]) >>> 0;
  return adler32(out) === expected ? out : 'corrupt';
}

/** Inflates with a hard bound on the output size. */
function boundedInflate(data: Uint8Array, limit: number): Uint8Array | 'too-large' | 'corrupt' {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let tooLarge = false;
  let finished = false;
  const inflater = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total > limit) {
      tooLarge = true;
      throw new Error('too large');
    }
    chunks.push(chunk);
    if (final) finished = true;
  });
  try {
    inflater.push(data, true);
  } catch {
    return tooLarge ? 'too-large' : 'corrupt';
  }
  if (!finished) return 'corrupt';
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

const METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Operations a link may replay: the ones that change the cluster, never inspection or reset. */
const REPLAYABLE_OPS = new Set<SimOp['op']>([
  'stop-node',
  'start-node',
  'remove-node',
  'add-node',
  'stop-component',
  'start-component',
  'kill-container',
  'traffic',
  'run-timeline',
  'kubectl',
]);
export const MAX_JOURNAL_ENTRIES = 5_000;

function validJournalEntry(entry: unknown): entry is JournalEntry {
  if (!isRecord(entry) || !isInt(entry.atMs, 0, 7 * 24 * 3_600_000)) return false;
  if (entry.type === 'request') {
    const r = entry.request;
    if (!isRecord(r) || typeof r.method !== 'string' || !METHODS.has(r.method)) return false;
    if (typeof r.path !== 'string' || !r.path.startsWith('/') || r.path.length > 2_000)
      return false;
    if (
      r.query !== undefined &&
      (!isRecord(r.query) || !Object.values(r.query).every((v) => typeof v === 'string'))
    )
      return false;
    for (const key of ['contentType', 'accept', 'user'] as const) {
      if (r[key] !== undefined && typeof r[key] !== 'string') return false;
    }
    return true;
  }
  if (entry.type === 'sim') {
    const op = entry.op;
    return isRecord(op) && typeof op.op === 'string' && REPLAYABLE_OPS.has(op.op as SimOp['op']);
  }
  return false;
}

/** Checks the decoded JSON field by field; anything unexpected makes the link invalid. */
function validate(value: unknown): SharedExperiment | string {
  if (!isRecord(value)) return 'its content is not an experiment';
  const { files, cluster, timeline, atMs, view } = value;
  if (!Array.isArray(files) || files.length > 50) return 'its file list is invalid';
  for (const f of files) {
    if (
      !isRecord(f) ||
      typeof f.name !== 'string' ||
      typeof f.text !== 'string' ||
      f.name.length > 200
    ) {
      return 'one of its files is invalid';
    }
  }
  if (
    !isRecord(cluster) ||
    !isInt(cluster.workers, 0, 50) ||
    !isInt(cluster.controlPlanes, 1, 7) ||
    !isInt(cluster.seed, 0, 2 ** 32 - 1)
  ) {
    return 'its cluster options are invalid';
  }
  if (typeof timeline !== 'string') return 'its timeline is invalid';
  if (!isInt(atMs, 0, 7 * 24 * 3_600_000)) return 'its clock position is invalid';
  if (view !== undefined && !isRecord(view)) return 'its view settings are invalid';
  const lens = isRecord(view) ? view.lens : undefined;
  if (lens !== undefined && lens !== 'placement' && lens !== 'ownership' && lens !== 'network')
    return 'its lens is unknown';
  const speed = isRecord(view) ? view.speed : undefined;
  if (speed !== undefined && (typeof speed !== 'number' || !(speed >= 0.25 && speed <= 100)))
    return 'its speed is invalid';
  const journal = value.journal;
  if (journal !== undefined) {
    if (!Array.isArray(journal) || journal.length > MAX_JOURNAL_ENTRIES) {
      return 'its recorded session is invalid or too long';
    }
    if (!journal.every(validJournalEntry)) return 'its recorded session holds an invalid step';
  }
  return {
    files: files.map((f) => ({ name: String(f.name), text: String(f.text) })),
    cluster: { workers: cluster.workers, controlPlanes: cluster.controlPlanes, seed: cluster.seed },
    timeline,
    atMs,
    ...(isRecord(view)
      ? { view: { ...(lens ? { lens } : {}), ...(speed !== undefined ? { speed } : {}) } }
      : {}),
    ...(journal !== undefined ? { journal: journal as JournalEntry[] } : {}),
  };
}

/** Decodes a fragment value (`1.<data>`); every failure comes back as a sentence for the user. */
export function decodeExperiment(value: string): DecodeResult {
  const fail = (why: string): DecodeResult => ({
    ok: false,
    error: `This share link cannot be opened: ${why}.`,
  });
  const dot = value.indexOf('.');
  if (dot <= 0) return fail('it is not a k8s-explorer link (no format version)');
  const versionText = value.slice(0, dot);
  if (!/^\d{1,6}$/.test(versionText)) return fail('its format version is not a number');
  const version = Number(versionText);
  if (version > SHARE_FORMAT_VERSION) {
    return fail(
      `it was made by a newer version of k8s-explorer (link format ${version}; this version reads format ${SHARE_FORMAT_VERSION} and older)`,
    );
  }
  if (version < 1) return fail(`link format ${version} does not exist`);
  const bytes = fromBase64Url(value.slice(dot + 1));
  if (!bytes || bytes.length === 0)
    return fail('it is truncated or corrupted (invalid characters)');
  const inflated = boundedUnzlib(bytes, MAX_SHARE_BYTES);
  if (inflated === 'too-large')
    return fail(`its content is larger than the ${MAX_SHARE_BYTES / 1024 / 1024} MB limit`);
  if (inflated === 'corrupt')
    return fail('it is truncated or corrupted (the data does not decompress)');
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(inflated));
  } catch {
    return fail('it is corrupted (the content is not valid JSON)');
  }
  const experiment = validate(parsed);
  return typeof experiment === 'string' ? fail(experiment) : { ok: true, experiment };
}

/** The fragment value of a share link in a location hash, if there is one. */
export function shareValueFromHash(hash: string): string | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return params.get(SHARE_FRAGMENT_KEY) ?? undefined;
}

/** A full link for the page at `baseUrl` (its own fragment is replaced). */
export function shareUrl(baseUrl: string, experiment: SharedExperiment): string {
  return `${baseUrl.replace(/#.*$/, '')}#${SHARE_FRAGMENT_KEY}=${encodeExperiment(experiment)}`;
}
