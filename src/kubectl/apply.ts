/**
 * Client-side `kubectl apply` (kubectl pkg/cmd/apply/apply.go `applyOneObject`, patcher.go):
 * GET the object; when absent, POST it with the last-applied annotation; otherwise send the
 * three-way patch (last-applied, new configuration with its annotation, live object): strategic
 * merge for built-in kinds, JSON merge for custom resources. An empty patch is "unchanged" and
 * sends nothing. A 409 Conflict re-reads the object and retries up to 5 times (maxPatchRetry).
 * Transport-neutral: everything goes through the `request` function given.
 */
import type { ApiRequest, ApiResponse, KubeObject, Status } from '../sim/api/types';
import { createThreeWayMergePatch, contentTypeForPatchType } from '../sim/apiserver/patch';
import {
  LAST_APPLIED_ANNOTATION,
  goJson,
  modifiedConfiguration,
  originalConfiguration,
  pruneNulls,
} from './last-applied';

/** Where a kind lives, as discovery tells: e.g. `{ pathPrefix: '/apis/apps/v1', resource: 'deployments', namespaced: true }`. */
export interface ResolvedResource {
  /** `/api/v1` or `/apis/<group>/<version>`. */
  pathPrefix: string;
  /** Plural resource name. */
  resource: string;
  namespaced: boolean;
}

/** Maps an apiVersion and kind to its REST resource (from discovery); undefined when unknown. */
export type ResolveResource = (apiVersion: string, kind: string) => ResolvedResource | undefined;

export interface ApplyOptions {
  request: (request: ApiRequest) => Promise<ApiResponse>;
  resolveResource: ResolveResource;
  /** Namespace for namespaced objects that name none (kubectl's current namespace). */
  namespace?: string;
  /** `-n` given explicitly: objects naming another namespace are refused. */
  enforceNamespace?: boolean;
  dryRun?: 'none' | 'client' | 'server';
  /** Defaults to kubectl's `kubectl-client-side-apply`. */
  fieldManager?: string;
  /** `fieldValidation` query parameter (kubectl sends Strict when the server supports it). */
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
  /** Where the manifest came from, for error messages (`STDIN`, a file name). */
  source?: string;
}

export type ApplyAction = 'created' | 'configured' | 'unchanged';

export type ApplyResult =
  | {
      ok: true;
      object: KubeObject;
      action: ApplyAction;
      message: string;
      warnings: string[];
      patch?: unknown;
    }
  | { ok: false; message: string; status?: Status; warnings: string[]; patch?: unknown };

const MAX_PATCH_RETRY = 5;

function groupVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

function isStatus(body: unknown): body is Status {
  return (
    typeof body === 'object' && body !== null && (body as { kind?: unknown }).kind === 'Status'
  );
}

function statusOf(response: ApiResponse): Status {
  if (isStatus(response.body)) return response.body;
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `the server responded with status ${response.status}`,
    code: response.status,
  };
}

/** `Error from server (Reason): <message>`, kubectl's StandardErrorMessage. */
function serverError(status: Status, message: string): string {
  return status.reason
    ? `Error from server (${status.reason}): ${message}`
    : `Error from server: ${message}`;
}

/** The name printer's `kind.group/name` (core kinds: `kind/name`). */
export function objectReference(kind: string, group: string, name: string): string {
  return `${kind.toLowerCase()}${group ? `.${group}` : ''}/${name}`;
}

function queryFor(options: ApplyOptions): Record<string, string> {
  const query: Record<string, string> = {
    fieldManager: options.fieldManager ?? 'kubectl-client-side-apply',
  };
  if (options.fieldValidation) query.fieldValidation = options.fieldValidation;
  if (options.dryRun === 'server') query.dryRun = 'All';
  return query;
}

function dryRunSuffix(options: ApplyOptions): string {
  if (options.dryRun === 'server') return ' (server dry run)';
  if (options.dryRun === 'client') return ' (dry run)';
  return '';
}

/** Applies one object as `kubectl apply` does. */
export async function applyObject(input: KubeObject, options: ApplyOptions): Promise<ApplyResult> {
  const source = options.source ?? 'STDIN';
  const apiVersion = input.apiVersion ?? '';
  const kind = input.kind ?? '';
  const name = input.metadata?.name ?? '';
  const warnings: string[] = [];
  const mapping = options.resolveResource(apiVersion, kind);
  if (!mapping) {
    return {
      ok: false,
      warnings,
      message: `error: resource mapping not found for name: "${name}" namespace: "${input.metadata?.namespace ?? ''}" from "${source}": no matches for kind "${kind}" in version "${apiVersion}"\nensure CRDs are installed first`,
    };
  }
  if (name === '') {
    const generateName = input.metadata?.generateName;
    const message = generateName
      ? `error: from ${generateName}: cannot use generate name with apply`
      : 'error: resource name may not be empty';
    return { ok: false, warnings, message };
  }

  // The builder puts namespaced objects in the current namespace (and checks an explicit -n).
  let object: KubeObject = input;
  const namespace = options.namespace ?? 'default';
  if (mapping.namespaced) {
    const declared = input.metadata?.namespace;
    if (declared && options.enforceNamespace && declared !== namespace) {
      return {
        ok: false,
        warnings,
        message: `error: the namespace from the provided object "${declared}" does not match the namespace "${namespace}". You must pass '--namespace=${declared}' to perform this operation.`,
      };
    }
    if (!declared) object = { ...input, metadata: { ...input.metadata, namespace } };
  }
  const objectNamespace = mapping.namespaced
    ? (object.metadata?.namespace ?? namespace)
    : undefined;
  const { group, version } = groupVersion(apiVersion);
  const reference = objectReference(kind, group, name);
  const collectionPath = `${mapping.pathPrefix}${objectNamespace ? `/namespaces/${objectNamespace}` : ''}/${mapping.resource}`;
  const objectPath = `${collectionPath}/${name}`;
  const { lastApplied, modified } = modifiedConfiguration(object);

  let live = await options.request({ method: 'GET', path: objectPath });
  if (live.status === 404) {
    // Create, with the annotation (CreateApplyAnnotation) and nulls pruned.
    const annotations = {
      ...(object.metadata?.annotations ?? {}),
      [LAST_APPLIED_ANNOTATION]: lastApplied,
    };
    const toCreate = pruneNulls({
      ...object,
      metadata: { ...object.metadata, annotations },
    }) as KubeObject;
    if (options.dryRun === 'client') {
      return {
        ok: true,
        object: toCreate,
        action: 'created',
        message: `${reference} created${dryRunSuffix(options)}`,
        warnings,
      };
    }
    const created = await options.request({
      method: 'POST',
      path: collectionPath,
      query: queryFor(options),
      body: toCreate,
      contentType: 'application/json',
    });
    if (created.status >= 300) {
      const status = statusOf(created);
      return {
        ok: false,
        warnings,
        status,
        message: serverError(status, `error when creating "${source}": ${status.message ?? ''}`),
      };
    }
    return {
      ok: true,
      object: created.body as KubeObject,
      action: 'created',
      message: `${reference} created${dryRunSuffix(options)}`,
      warnings,
    };
  }
  if (live.status >= 300) {
    const status = statusOf(live);
    return {
      ok: false,
      warnings,
      status,
      message: serverError(
        status,
        `error when retrieving current configuration of:\n${describeInfo(mapping, group, version, kind, name, objectNamespace)}\nfrom server for: "${source}": ${status.message ?? ''}`,
      ),
    };
  }

  if (options.dryRun === 'client') {
    return {
      ok: true,
      object: live.body as KubeObject,
      action: 'configured',
      message: `${reference} configured${dryRunSuffix(options)}`,
      warnings,
    };
  }
  if ((live.body as KubeObject).metadata?.annotations?.[LAST_APPLIED_ANNOTATION] === undefined) {
    warnings.push(
      `Warning: resource ${mapping.resource}/${name} is missing the ${LAST_APPLIED_ANNOTATION} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.`,
    );
  }

  let lastPatch: unknown;
  for (let attempt = 0; ; attempt++) {
    const current = live.body as KubeObject;
    const computed = createThreeWayMergePatch(
      originalConfiguration(current) ?? {},
      modified,
      current,
      { group, version, kind },
    );
    if (!computed.ok) {
      return {
        ok: false,
        warnings,
        message: `error: error when creating patch with:\noriginal:\n${current.metadata?.annotations?.[LAST_APPLIED_ANNOTATION] ?? ''}\nmodified:\n${goJson(modified)}\ncurrent:\n${goJson(current)}\nfor: "${source}": ${computed.message}`,
      };
    }
    lastPatch = computed.patch;
    if (Object.keys(computed.patch).length === 0) {
      return {
        ok: true,
        object: current,
        action: 'unchanged',
        message: `${reference} unchanged${dryRunSuffix(options)}`,
        warnings,
      };
    }
    const patched = await options.request({
      method: 'PATCH',
      path: objectPath,
      query: queryFor(options),
      body: computed.patch,
      contentType: contentTypeForPatchType(computed.type),
    });
    if (patched.status < 300) {
      return {
        ok: true,
        object: patched.body as KubeObject,
        action: 'configured',
        message: `${reference} configured${dryRunSuffix(options)}`,
        warnings,
        patch: computed.patch,
      };
    }
    const status = statusOf(patched);
    if (patched.status !== 409 || attempt >= MAX_PATCH_RETRY) {
      const info = describeInfo(mapping, group, version, kind, name, objectNamespace);
      return {
        ok: false,
        warnings,
        status,
        patch: lastPatch,
        message: serverError(
          status,
          `error when applying patch:\n${goJson(lastPatch)}\nto:\n${info}\nfor: "${source}": error when patching "${source}": ${status.message ?? ''}`,
        ),
      };
    }
    // Conflict: read the object again and recompute the patch against it.
    live = await options.request({ method: 'GET', path: objectPath });
    if (live.status >= 300) {
      const getStatus = statusOf(live);
      return {
        ok: false,
        warnings,
        status: getStatus,
        message: serverError(getStatus, getStatus.message ?? ''),
      };
    }
  }
}

/** resource.Info printed with %v: the resource, its kind, name and namespace. */
function describeInfo(
  mapping: ResolvedResource,
  group: string,
  version: string,
  kind: string,
  name: string,
  namespace: string | undefined,
): string {
  const gv = group ? `${group}/${version}` : version;
  return `Resource: "${gv}, Resource=${mapping.resource}", GroupVersionKind: "${gv}, Kind=${kind}"\nName: "${name}", Namespace: "${namespace ?? ''}"`;
}

/** Applies several objects in order, as `kubectl apply -f` does, continuing after errors. */
export async function applyObjects(
  objects: KubeObject[],
  options: ApplyOptions,
): Promise<ApplyResult[]> {
  const results: ApplyResult[] = [];
  for (const object of objects) results.push(await applyObject(object, options));
  return results;
}
