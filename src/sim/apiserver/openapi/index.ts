/**
 * The apiserver's OpenAPI endpoints (kube-openapi pkg/handler3 for v3, pkg/handler for v2).
 *
 * kubectl 1.32 reads `/openapi/v3` (the index of group-version documents), then the document of
 * the object's group-version, to decide whether the server validates fields itself: see paths.ts.
 * `/openapi/v2` answers 404: kubectl asks for it only as protobuf (client-go
 * DiscoveryClient.OpenAPISchema decodes the body with proto.Unmarshal), so a JSON document would be
 * an error to it as well; on 404 it falls back to its compiled-in types for strategic merge patches,
 * which carry the same patch metadata as the real document.
 */
import type { ApiRequest, ApiResponse } from '../../api/types.ts';
import { groupVersion, type ResourceInfo } from '../resources.ts';
import { failure, pathNotFound, respond } from '../status.ts';
import { componentSchemas, schemaGeneration } from './components.ts';
import { resourcePaths, type JsonObject } from './paths.ts';

/** The Kubernetes version the documents describe. */
const API_VERSION_TITLE = 'v1.32.3';

interface GroupVersionDoc {
  /** `api/v1` or `apis/apps/v1`: the key in the v3 index. */
  key: string;
  text: string;
  hash: string;
}

export { provideComponentSchemas, type ComponentSchemas } from './components.ts';

/** Answers GET `/openapi/v2`, `/openapi/v3` and `/openapi/v3/{api/v1 | apis/g/v}`. */
export function handleOpenApi(req: ApiRequest, catalogue: readonly ResourceInfo[]): ApiResponse {
  const path = req.path.replace(/\/+$/, '');
  if (!path.startsWith('/openapi/')) return respond(pathNotFound());
  if (req.method !== 'GET')
    return respond(
      failure(
        405,
        'MethodNotAllowed',
        `the server does not allow this method on the requested resource`,
      ),
    );
  if (path === '/openapi/v3') {
    const docs = groupVersionDocs(catalogue);
    const paths: Record<string, { serverRelativeURL: string }> = {};
    for (const doc of docs.values())
      paths[doc.key] = { serverRelativeURL: `/openapi/v3/${doc.key}?hash=${doc.hash}` };
    return {
      status: 200,
      body: { paths },
      headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' },
    };
  }
  if (path.startsWith('/openapi/v3/')) {
    const doc = groupVersionDocs(catalogue).get(path.slice('/openapi/v3/'.length));
    if (!doc) return respond(pathNotFound());
    // A URL that carries the current hash never changes: clients may cache it for good.
    const cache = req.query?.hash === doc.hash ? 'public, immutable' : 'no-cache, private';
    return {
      status: 200,
      body: JSON.parse(doc.text) as unknown,
      headers: {
        'Content-Type': 'application/json',
        'Cache-Control': cache,
        Etag: `"${doc.hash}"`,
      },
    };
  }
  return respond(pathNotFound());
}

/** The OpenAPI v3 document of one group-version (undefined when the catalogue has none of it). */
export function groupVersionDocument(
  catalogue: readonly ResourceInfo[],
  group: string,
  version: string,
): JsonObject | undefined {
  const resources = catalogue.filter((r) => r.group === group && r.version === version);
  if (resources.length === 0) return undefined;
  const paths: Record<string, JsonObject> = {};
  for (const r of resources) Object.assign(paths, resourcePaths(r));
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: API_VERSION_TITLE },
    paths,
    components: { schemas: componentSchemas(resources) },
  };
}

let memo: { fingerprint: string; docs: Map<string, GroupVersionDoc> } | undefined;

/** Every group-version document with its content hash, rebuilt only when the catalogue changes. */
function groupVersionDocs(catalogue: readonly ResourceInfo[]): Map<string, GroupVersionDoc> {
  const fingerprint = `${schemaGeneration()}:${JSON.stringify(catalogue)}`;
  if (memo && memo.fingerprint === fingerprint) return memo.docs;
  const docs = new Map<string, GroupVersionDoc>();
  const seen = new Set<string>();
  for (const r of catalogue) {
    const gv = groupVersion(r.group, r.version);
    if (seen.has(gv)) continue;
    seen.add(gv);
    const doc = groupVersionDocument(catalogue, r.group, r.version);
    if (!doc) continue;
    const key = r.group ? `apis/${gv}` : `api/${gv}`;
    const text = JSON.stringify(doc);
    docs.set(key, { key, text, hash: contentHash(text) });
  }
  memo = { fingerprint, docs };
  return docs;
}

/** A 64-bit content hash as 16 upper-case hex digits (two FNV-1a passes with different bases). */
export function contentHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193 + 2);
  }
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  return `${hex(a)}${hex(b)}`.toUpperCase();
}
