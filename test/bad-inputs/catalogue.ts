/**
 * The catalogue of bad and hostile inputs (issue 9): every way a stranger's text reaches the
 * explorer, with the answer it must get, as data. Each layer's test file runs the entries of its
 * layer through the real entry point (parseManifest, `cluster.api.handle`, the HTTP server on a
 * socket, decodeExperiment, validateEmbedMessage, runKubectl) and asserts the answer exactly.
 *
 * `expect` is the answer as specified (the upstream Kubernetes text where there is one). When the
 * current answer differs but is clear and safe, `current` holds it and the test asserts that (so a
 * fix upstream turns the test red and the entry gets updated). When the current answer is not
 * acceptable (state changes, crash hazards), `pending` says why and who owns the fix; such entries
 * are not run by the suite and are listed in the report and /work/team/REQUESTS.md.
 */
import { API_ENTRIES } from './entries-api.ts';
import { BROWSER_ENTRIES } from './entries-browser.ts';
import { DOCUMENT_ENTRIES } from './entries-documents.ts';

export type Layer = 'manifest' | 'apiserver' | 'http' | 'share-link' | 'embed-message' | 'kubectl';

/** Text built from pieces, so megabyte inputs stay small as data: `{ repeat, times }` repeats a unit. */
export type Parts = (string | { repeat: string; times: number })[];

/** What an input must be answered with. */
export interface Expectation {
  /** HTTP status (apiserver, http) or exit code (kubectl). */
  status?: number;
  /** metav1.Status reason. */
  reason?: string;
  /** The message: exact text, or a pattern where the text embeds a runtime-specific detail. */
  message: string | RegExp;
  /** 1-based position of a manifest error. */
  line?: number;
  column?: number;
  /** Index of the YAML document the error is in. */
  documentIndex?: number;
  /** Documents still parsed next to the error (multi-document texts). */
  documents?: number;
  /** A `Warning` response header (fieldValidation=Warn). */
  warning?: string;
  /** Embed messages: silently ignored (not addressed to us, or from an origin not allowed). */
  ignored?: boolean;
}

export interface ManifestInput {
  text: Parts;
}

/** An ApiRequest whose body is JSON text (so deep or large bodies stay data). */
export interface ApiInput {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string>;
  contentType?: string;
  /** JSON text of the body, parsed before the call. */
  body?: Parts;
  /** A body that is not JSON text (a string, a number): handed over as is. */
  rawBody?: unknown;
}

export interface HttpInput {
  method: string;
  /** Path and query, as sent on the request line. */
  url: string;
  headers?: Record<string, string>;
  body?: Parts;
  /** Bytes written on a bare socket instead of an HTTP request (garbage, slow clients). */
  raw?: string;
}

/** A share link's fragment value, literal or built: `<version>.<base64url(deflate(json))>`. */
export type ShareInput =
  | string
  | {
      json: Parts;
      /** Format version written before the dot (default '1'). */
      version?: string;
      /** Keep only the first `cut` characters of the link (truncated links). */
      cut?: number;
      /** Replace the character at this index of the base64 part (corrupted links). */
      flip?: number;
    };

export interface EmbedInput {
  origin: string;
  allowedOrigins: string[];
  /** The message data, as JSON text (what structured clone would hand over after JSON.parse). */
  data: Parts;
}

export interface KubectlInput {
  argv: string[];
  stdin?: string;
  /** A manifest applied first (`kubectl apply -f -`), for commands on existing objects. */
  setup?: string;
}

interface EntryBase<L extends Layer, I> {
  id: string;
  layer: L;
  /** What the input is, in a few words. */
  title: string;
  input: I;
  expect: Expectation;
  /** The current answer where it differs from `expect` but is clear and safe (asserted instead). */
  current?: Expectation;
  /** Why the entry is not run by the suite yet, and who owns the fix (see REQUESTS.md). */
  pending?: string;
}

export type ManifestEntry = EntryBase<'manifest', ManifestInput>;
export type ApiEntry = EntryBase<'apiserver', ApiInput>;
export type HttpEntry = EntryBase<'http', HttpInput>;
export type ShareEntry = EntryBase<'share-link', ShareInput>;
export type EmbedEntry = EntryBase<'embed-message', EmbedInput>;
export type KubectlEntry = EntryBase<'kubectl', KubectlInput>;
export type CatalogueEntry =
  ManifestEntry | ApiEntry | HttpEntry | ShareEntry | EmbedEntry | KubectlEntry;

/** Every entry, all layers. */
export const CATALOGUE: CatalogueEntry[] = [
  ...DOCUMENT_ENTRIES,
  ...API_ENTRIES,
  ...BROWSER_ENTRIES,
];

/** The entries of one layer. */
export function entriesOf<L extends Layer>(layer: L): Extract<CatalogueEntry, { layer: L }>[] {
  return CATALOGUE.filter((e): e is Extract<CatalogueEntry, { layer: L }> => e.layer === layer);
}

/** The answer the suite asserts: the current one where documented, else the specified one. */
export function asserted(entry: CatalogueEntry): Expectation {
  return entry.current ?? entry.expect;
}

/** Builds the text of `Parts`. */
export function materialise(parts: Parts): string {
  return parts.map((p) => (typeof p === 'string' ? p : p.repeat.repeat(p.times))).join('');
}

/** Whether a message matches an expectation's message (exact text or pattern). */
export function messageMatches(actual: string | undefined, expected: string | RegExp): boolean {
  if (actual === undefined) return false;
  return typeof expected === 'string' ? actual === expected : expected.test(actual);
}
