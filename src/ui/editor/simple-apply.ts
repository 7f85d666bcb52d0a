/**
 * A basic apply for the editor until client-side apply (src/kubectl) is wired in: parse every
 * YAML document, create each object, and when it already exists (409 AlreadyExists) send it as a
 * merge patch. Results are values, one per document, in order.
 */
import { parseAllDocuments } from 'yaml';
import type { KubeClient } from '../../client/client';
import { errorMessage } from '../../client/client';
import { collectionPath, objectPath, resourceForKind } from '../../client/resources';
import type { KubeObject } from '../../sim/api/types';

export interface ApplyResult {
  ok: boolean;
  /** kubectl-style line, e.g. `deployment.apps/web created`. */
  message: string;
}

/** Parses a multi-document YAML text into objects; a parse error is one failed result. */
export function parseManifests(text: string): { objects: KubeObject[]; errors: string[] } {
  const objects: KubeObject[] = [];
  const errors: string[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) {
      errors.push(...doc.errors.map((e) => e.message));
      continue;
    }
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      errors.push('a document is not a Kubernetes object');
      continue;
    }
    const object = value as KubeObject;
    if (object.kind === 'List' && Array.isArray(object.items))
      objects.push(...(object.items as KubeObject[]));
    else objects.push(object);
  }
  return { objects, errors };
}

/** `deployment.apps/web`, the way kubectl names an object. */
function displayName(object: KubeObject, group: string): string {
  const kind = (object.kind ?? '').toLowerCase();
  return `${group ? `${kind}.${group}` : kind}/${object.metadata?.name ?? ''}`;
}

/** Applies every object of the YAML text, in order. */
export async function simpleApply(
  client: KubeClient,
  text: string,
  defaultNamespace = 'default',
): Promise<ApplyResult[]> {
  const { objects, errors } = parseManifests(text);
  const results: ApplyResult[] = errors.map((e) => ({ ok: false, message: `error: ${e}` }));
  for (const object of objects) {
    const info = object.kind ? resourceForKind(object.kind, object.apiVersion) : undefined;
    const name = object.metadata?.name;
    if (!info) {
      results.push({
        ok: false,
        message: `error: no resource known for ${object.apiVersion ?? '?'} ${object.kind ?? '?'}`,
      });
      continue;
    }
    if (!name) {
      results.push({ ok: false, message: `error: ${object.kind} has no metadata.name` });
      continue;
    }
    const namespace = info.namespaced
      ? (object.metadata?.namespace ?? defaultNamespace)
      : undefined;
    const body = info.namespaced
      ? { ...object, metadata: { ...object.metadata, namespace } }
      : object;
    const label = displayName(object, info.group);
    const created = await client.request({
      method: 'POST',
      path: collectionPath(info, namespace),
      body,
      query: { fieldManager: 'k8s-explorer-editor' },
    });
    if (created.status === 201 || created.status === 200) {
      results.push({ ok: true, message: `${label} created` });
      continue;
    }
    if (created.status !== 409) {
      results.push({ ok: false, message: `error: ${label}: ${errorMessage(created)}` });
      continue;
    }
    const patched = await client.request({
      method: 'PATCH',
      path: objectPath(info, name, namespace),
      body,
      contentType: 'application/merge-patch+json',
      query: { fieldManager: 'k8s-explorer-editor' },
    });
    results.push(
      patched.status === 200
        ? { ok: true, message: `${label} configured` }
        : { ok: false, message: `error: ${label}: ${errorMessage(patched)}` },
    );
  }
  return results;
}
