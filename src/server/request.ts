/**
 * Turns a Node HTTP request into the transport-neutral ApiRequest: path, decoded query, parsed body,
 * content type and accept header. Bodies are bounded (the apiserver's 3 MiB default) and decoded
 * by media type: JSON, YAML (server-side apply) and Kubernetes protobuf (kubectl's typed clients).
 */
import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import type { ApiRequest, HttpMethod, Status } from '../sim/api/types.ts';
import { decodeKubernetesProtobuf } from './protobuf/decode.ts';
import { badRequest, entityTooLarge, methodNotSupported, unsupportedMediaType } from './status.ts';

const METHODS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

export type ParsedRequest = { ok: true; request: ApiRequest } | { ok: false; status: Status };

/** Path and query of a request URL; the path is percent-decoded segment by segment. */
export function parseUrl(rawUrl: string): { path: string; query: Record<string, string> } {
  const url = new URL(rawUrl, 'http://localhost');
  const path = url.pathname
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join('/');
  const query: Record<string, string> = {};
  // A repeated parameter keeps its first value, as Go's url.Values.Get does.
  for (const [key, value] of url.searchParams) if (!(key in query)) query[key] = value;
  return { path, query };
}

/** Reads the whole body, or reports that it is larger than `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      resolve('too-large');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) {
        done = true;
        resolve(Buffer.concat(chunks));
      }
    });
    req.on('error', (error) => {
      if (!done) {
        done = true;
        reject(error);
      }
    });
  });
}

/** Decodes a body by its media type; undefined for an empty body. */
export function decodeBody(
  raw: Buffer,
  contentType: string | undefined,
): { ok: true; body: unknown } | { ok: false; status: Status } {
  if (raw.length === 0) return { ok: true, body: undefined };
  const mediaType = (contentType ?? 'application/json').split(';')[0].trim().toLowerCase();
  if (mediaType === 'application/vnd.kubernetes.protobuf') {
    try {
      return { ok: true, body: decodeKubernetesProtobuf(raw) };
    } catch (error) {
      return {
        ok: false,
        status: badRequest(`failed to decode protobuf body: ${messageOf(error)}`),
      };
    }
  }
  if (mediaType.endsWith('yaml')) {
    try {
      return { ok: true, body: parseYaml(raw.toString('utf8')) as unknown };
    } catch (error) {
      return {
        ok: false,
        status: badRequest(`error converting YAML to JSON: ${messageOf(error)}`),
      };
    }
  }
  if (mediaType.endsWith('json') || mediaType === '*/*' || mediaType === 'text/plain') {
    try {
      return { ok: true, body: JSON.parse(raw.toString('utf8')) as unknown };
    } catch (error) {
      return {
        ok: false,
        status: badRequest(`couldn't get version/kind; json parse error: ${messageOf(error)}`),
      };
    }
  }
  return { ok: false, status: unsupportedMediaType(mediaType) };
}

/** Reads and parses a Node request into an ApiRequest, or the Status to answer instead. */
export async function toApiRequest(
  req: IncomingMessage,
  maxBodyBytes: number,
): Promise<ParsedRequest> {
  const method = (req.method ?? 'GET').toUpperCase();
  if (!METHODS.has(method)) return { ok: false, status: methodNotSupported(method) };
  const { path, query } = parseUrl(req.url ?? '/');
  const contentType = header(req, 'content-type');
  let body: unknown;
  if (method !== 'GET') {
    const raw = await readBody(req, maxBodyBytes);
    if (raw === 'too-large') return { ok: false, status: entityTooLarge(maxBodyBytes) };
    const decoded = decodeBody(raw, contentType);
    if (!decoded.ok) return decoded;
    body = decoded.body;
  }
  const request: ApiRequest = { method: method as HttpMethod, path, query };
  if (body !== undefined) request.body = body;
  if (contentType) request.contentType = contentType;
  const accept = header(req, 'accept');
  if (accept) request.accept = accept;
  const user = userOf(header(req, 'user-agent'));
  if (user) request.user = user;
  return { ok: true, request };
}

/**
 * The client's identity from its User-Agent: the product token (`kubectl/v1.32.4`), without the
 * platform details, since that is what attributes a change to a client.
 */
export function userOf(userAgent: string | undefined): string | undefined {
  if (!userAgent) return undefined;
  const token = userAgent.trim().split(/\s+/)[0];
  return token ? token.slice(0, 128) : undefined;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
