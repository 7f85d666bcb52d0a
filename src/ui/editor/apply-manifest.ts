/**
 * The editor's Apply: `kubectl apply -f manifest.yaml` semantics (src/kubectl: three-way merge
 * with the last-applied annotation), loaded on first use so it stays out of the first bundle.
 * Kinds resolve through the built-in table, then through API discovery (custom resources).
 */
import type { KubeClient } from '../../client/client';
import { groupVersionPath, resourceForKind } from '../../client/resources';
import type { ResolvedResource } from '../../kubectl/apply';
import type { KubeObject } from '../../sim/api/types';

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

/** A kind resolver: the built-in table first, then discovery for the group versions it lacks. */
async function resolverFor(
  client: KubeClient,
  objects: KubeObject[],
): Promise<(apiVersion: string, kind: string) => ResolvedResource | undefined> {
  const unknown = [
    ...new Set(
      objects
        .filter((o) => !resourceForKind(o.kind ?? '', o.apiVersion))
        .map((o) => o.apiVersion ?? ''),
    ),
  ].filter(Boolean);
  const discovered = await discover(client, unknown);
  return (apiVersion, kind) => {
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
}

export interface ApplyManifestOptions {
  namespace?: string;
  /** The file name messages quote (kubectl's `-f` argument). */
  source?: string;
  /** `server`: nothing is stored (`dryRun=All`), the results are what Apply would make. */
  dryRun?: 'none' | 'server';
}

/** Everything one apply produced: printable lines and, per document, the objects before and after. */
export interface ApplyOutcome {
  lines: ApplyLine[];
  /** Per applied document: the live object before (undefined when absent) and the result. */
  objects: { before?: KubeObject; after?: KubeObject }[];
}

/** Parses the text and applies every object in order; a YAML error applies nothing. */
export async function applyManifestDetailed(
  client: KubeClient,
  text: string,
  options: ApplyManifestOptions = {},
): Promise<ApplyOutcome> {
  const source = options.source ?? MANIFEST_SOURCE;
  const namespace = options.namespace ?? 'default';
  const [{ parseManifest }, { applyObject }] = await Promise.all([
    import('../../kubectl/manifest'),
    import('../../kubectl/apply'),
  ]);
  const parsed = parseManifest(text);
  if (parsed.errors.length > 0) {
    return {
      lines: parsed.errors.map((e) => ({
        ok: false,
        message: `error: error parsing ${source}: line ${e.line}: ${e.message}`,
        line: e.line,
      })),
      objects: [],
    };
  }
  const objects = parsed.documents.map((d) => d.object);
  if (objects.length === 0)
    return { lines: [{ ok: false, message: 'error: no objects passed to apply' }], objects: [] };
  const resolveResource = await resolverFor(client, objects);
  const lines: ApplyLine[] = [];
  const pairs: ApplyOutcome['objects'] = [];
  // One document at a time, as kubectl does: a failing one changes nothing, the others still apply.
  for (const [i, object] of objects.entries()) {
    let before: KubeObject | undefined;
    const mapping = resolveResource(object.apiVersion ?? '', object.kind ?? '');
    if (options.dryRun === 'server' && mapping && object.metadata?.name) {
      const ns = mapping.namespaced ? (object.metadata.namespace ?? namespace) : undefined;
      const path = `${mapping.pathPrefix}${ns ? `/namespaces/${ns}` : ''}/${mapping.resource}/${object.metadata.name}`;
      const live = await client.request({ method: 'GET', path });
      if (live.status === 200) before = live.body as KubeObject;
    }
    const r = await applyObject(object, {
      request: (request) => client.request(request),
      resolveResource,
      namespace,
      source,
      dryRun: options.dryRun ?? 'none',
      fieldValidation: 'Strict',
    });
    const document = parsed.documents[i];
    // Point at the first field the server named (Status causes), else at the object.
    const field = r.ok ? undefined : r.status?.details?.causes?.find((c) => c.field)?.field;
    const line = r.ok
      ? undefined
      : ((field ? document?.lineOf(field) : undefined) ?? document?.start.line);
    lines.push({
      ok: r.ok,
      message: [
        ...r.warnings.map((w) => (w.startsWith('Warning') ? w : `Warning: ${w}`)),
        r.message,
      ].join('\n'),
      line,
    });
    pairs.push({ before, after: r.ok ? r.object : undefined });
  }
  return { lines, objects: pairs };
}

/** Parses the text and applies every object in order; a YAML error applies nothing. */
export async function applyManifest(
  client: KubeClient,
  text: string,
  namespace = 'default',
  source = MANIFEST_SOURCE,
): Promise<ApplyLine[]> {
  return (await applyManifestDetailed(client, text, { namespace, source })).lines;
}

/** An object as the diff shows it: without the bookkeeping the server rewrites on every write. */
function forDiff(object: KubeObject | undefined): unknown {
  if (!object) return undefined;
  const metadata = { ...(object.metadata ?? {}) };
  delete metadata.managedFields;
  return { ...object, metadata };
}

/** What Apply would change: the live objects and the server's dry-run results, as YAML texts. */
export async function diffManifest(
  client: KubeClient,
  text: string,
  source = MANIFEST_SOURCE,
): Promise<{ lines: ApplyLine[]; live: string; result: string }> {
  const [{ stringify }, outcome] = await Promise.all([
    import('yaml'),
    applyManifestDetailed(client, text, { source, dryRun: 'server' }),
  ]);
  const render = (objects: unknown[]) =>
    objects.map((o) => (o === undefined ? '# (not in the cluster)\n' : stringify(o))).join('---\n');
  return {
    lines: outcome.lines,
    live: render(outcome.objects.map((o) => forDiff(o.before))),
    result: render(outcome.objects.map((o) => forDiff(o.after))),
  };
}
