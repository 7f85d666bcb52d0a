/**
 * The editor's Apply: `kubectl apply -f manifest.yaml` semantics (src/kubectl: three-way merge
 * with the last-applied annotation), loaded on first use so it stays out of the first bundle.
 * Kinds resolve through the built-in table, then through API discovery (custom resources).
 */
import type { KubeClient } from '../../client/client';
import { groupVersionPath, resourceForKind } from '../../client/resources';
import type { ResolvedResource } from '../../kubectl/apply';

/** One line of the result, as kubectl prints it (`deployment.apps/web created`). */
export interface ApplyLine {
  ok: boolean;
  message: string;
  /** Line in the editor the message points at, when known. */
  line?: number;
}

export const MANIFEST_SOURCE = 'manifest.yaml';

interface ApiResourceList {
  resources?: { name: string; kind: string; namespaced: boolean }[];
}

/** Discovers the resources of the group versions the table does not know. */
async function discover(
  client: KubeClient,
  apiVersions: string[],
): Promise<Map<string, ResolvedResource>> {
  const found = new Map<string, ResolvedResource>();
  for (const apiVersion of apiVersions) {
    const pathPrefix = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const response = await client.request({ method: 'GET', path: pathPrefix });
    if (response.status !== 200) continue;
    for (const r of (response.body as ApiResourceList).resources ?? []) {
      // Subresources (`deployments/scale`) share the kind of another resource.
      if (r.name.includes('/')) continue;
      found.set(`${apiVersion}/${r.kind}`, {
        pathPrefix,
        resource: r.name,
        namespaced: r.namespaced,
      });
    }
  }
  return found;
}

/** Parses the text and applies every object in order; a YAML error applies nothing. */
export async function applyManifest(
  client: KubeClient,
  text: string,
  namespace = 'default',
): Promise<ApplyLine[]> {
  const [{ parseManifest }, { applyObjects }] = await Promise.all([
    import('../../kubectl/manifest'),
    import('../../kubectl/apply'),
  ]);
  const parsed = parseManifest(text);
  if (parsed.errors.length > 0) {
    return parsed.errors.map((e) => ({
      ok: false,
      message: `error: error parsing ${MANIFEST_SOURCE}: line ${e.line}: ${e.message}`,
      line: e.line,
    }));
  }
  const objects = parsed.documents.map((d) => d.object);
  if (objects.length === 0) return [{ ok: false, message: 'error: no objects passed to apply' }];

  const unknown = [
    ...new Set(
      objects
        .filter((o) => !resourceForKind(o.kind ?? '', o.apiVersion))
        .map((o) => o.apiVersion ?? ''),
    ),
  ].filter(Boolean);
  const discovered = await discover(client, unknown);
  const resolveResource = (apiVersion: string, kind: string): ResolvedResource | undefined => {
    const info = resourceForKind(kind, apiVersion);
    if (info) {
      return {
        pathPrefix: groupVersionPath(info),
        resource: info.plural,
        namespaced: info.namespaced,
      };
    }
    return discovered.get(`${apiVersion}/${kind}`);
  };

  const results = await applyObjects(objects, {
    request: (request) => client.request(request),
    resolveResource,
    namespace,
    source: MANIFEST_SOURCE,
  });
  return results.map((r, i) => {
    const document = parsed.documents[i];
    // Point at the first field the server named (Status causes), else at the object.
    const field = r.ok ? undefined : r.status?.details?.causes?.find((c) => c.field)?.field;
    const line = r.ok
      ? undefined
      : ((field ? document?.lineOf(field) : undefined) ?? document?.start.line);
    return {
      ok: r.ok,
      message: [...r.warnings.map((w) => `Warning: ${w}`), r.message].join('\n'),
      line,
    };
  });
}
