/**
 * The verbs on a resource (get, list, watch, create, update, patch, delete, deletecollection):
 * request decoding, version conversion, server-side Tables and fieldValidation around the
 * generic registry.
 */
import type { ApiRequest, ApiResponse, KubeObject, Status } from '../api/types.ts';
import { groupVersion, type ResourceInfo } from './resources.ts';
import type { WriteOptions, WriteResult } from './registry.ts';
import type { WatchHub } from './watch.ts';
import { listObjects, openWatch, parseFilters } from './reads.ts';
import { deleteObject, parseDeleteOptions } from './deletion.ts';
import { badRequest, failure, notFound, respond, success } from './status.ts';
import { toServedVersion, toStorageVersion } from './conversion.ts';
import { applyPatch, patchTypeFromContentType } from './patch/index.ts';
import { buildTable } from './table/index.ts';
import { isObject } from './object-util.ts';
import type { KubeApiServer } from './apiserver.ts';

/** Whether the Accept header asks for a server-side Table (kubectl get). */
export function wantsTable(accept: string | undefined): boolean {
  return accept !== undefined && /as=Table/.test(accept);
}

const PROTOBUF = 'application/vnd.kubernetes.protobuf';

/**
 * Whether a request's body cannot carry unknown fields or wrongly typed values: a protobuf body,
 * or a patch from a client that speaks protobuf (the components: client-go builds their patches
 * from Go structs, and they patch objects the apiserver decoded into Go types).
 */
export function isTypedRequest(req: ApiRequest): boolean {
  if (req.contentType !== undefined && req.contentType.startsWith(PROTOBUF)) return true;
  return req.method === 'PATCH' && req.accept !== undefined && req.accept.startsWith(PROTOBUF);
}

function includeObjectOf(
  query: Record<string, string> | undefined,
): 'None' | 'Metadata' | 'Object' | undefined {
  const v = query?.includeObject;
  return v === 'None' || v === 'Metadata' || v === 'Object' ? v : undefined;
}

function mentionsResourceVersion(body: unknown): boolean {
  if (Array.isArray(body))
    return body.some(
      (op) => isObject(op) && typeof op.path === 'string' && op.path.includes('resourceVersion'),
    );
  return isObject(body) && isObject(body.metadata) && body.metadata.resourceVersion !== undefined;
}

/** Stores built with ReturnDeletedObject (or custom REST Delete returning the object). */
const RETURNS_DELETED_OBJECT = new Set([
  '/pods',
  '/services',
  '/namespaces',
  '/serviceaccounts',
  '/persistentvolumes',
  '/persistentvolumeclaims',
]);

export class ResourceHandlers {
  constructor(
    private readonly server: KubeApiServer,
    private readonly hub: WatchHub,
  ) {}

  /** Converts a stored object for the response, as a Table when the client asked for one. */
  present(info: ResourceInfo, obj: KubeObject, req: ApiRequest): KubeObject {
    const served = toServedVersion(obj, info);
    if (wantsTable(req.accept)) {
      return buildTable({
        printerColumns: this.server.printerColumns(info),
        group: info.group,
        resource: info.resource,
        objects: [served],
        nowMs: this.server.options.clock.now(),
        includeObject: includeObjectOf(req.query),
      });
    }
    return served;
  }

  get(
    info: ResourceInfo,
    storage: ResourceInfo,
    namespace: string | undefined,
    name: string,
    req: ApiRequest,
  ): ApiResponse {
    const kv = this.server.internalRegistry.get(storage, namespace, name);
    if (!kv) return respond(notFound(info.group, info.resource, name));
    return { status: 200, body: this.present(info, kv.value, req) };
  }

  list(
    info: ResourceInfo,
    storage: ResourceInfo,
    namespace: string | undefined,
    req: ApiRequest,
    query: Record<string, string>,
  ): ApiResponse {
    const filters = parseFilters(info, query);
    if ('kind' in filters) return respond(filters as Status);
    const prefix =
      namespace !== undefined ? `${storage.etcdPrefix}/${namespace}/` : `${storage.etcdPrefix}/`;
    const result = listObjects(this.server.etcd, storage, prefix, query, filters);
    if ('kind' in result) return respond(result);
    const listMeta: Record<string, unknown> = { resourceVersion: result.resourceVersion };
    if (result.continue) listMeta.continue = result.continue;
    if (result.remainingItemCount !== undefined)
      listMeta.remainingItemCount = result.remainingItemCount;
    const items =
      storage === info ? result.items : result.items.map((o) => toServedVersion(o, info));
    if (wantsTable(req.accept)) {
      return {
        status: 200,
        body: buildTable({
          printerColumns: this.server.printerColumns(info),
          group: info.group,
          resource: info.resource,
          objects: items,
          nowMs: this.server.options.clock.now(),
          includeObject: includeObjectOf(query),
          listMeta,
        }),
      };
    }
    return {
      status: 200,
      body: {
        kind: info.listKind,
        apiVersion: groupVersion(info.group, info.version),
        metadata: listMeta,
        items,
      },
    };
  }

  watch(
    info: ResourceInfo,
    storage: ResourceInfo,
    namespace: string | undefined,
    name: string | undefined,
    req: ApiRequest,
    query: Record<string, string>,
  ): ApiResponse {
    const q = { ...query };
    if (name !== undefined)
      q.fieldSelector = q.fieldSelector
        ? `${q.fieldSelector},metadata.name=${name}`
        : `metadata.name=${name}`;
    const filters = parseFilters(info, q);
    if ('kind' in filters) return respond(filters as Status);
    const prefix =
      namespace !== undefined ? `${storage.etcdPrefix}/${namespace}/` : `${storage.etcdPrefix}/`;
    const table = wantsTable(req.accept);
    const now = () => this.server.options.clock.now();
    const transform = (obj: KubeObject): KubeObject => {
      const served = storage === info ? obj : toServedVersion(obj, info);
      if (!table) return served;
      return buildTable({
        printerColumns: this.server.printerColumns(info),
        group: info.group,
        resource: info.resource,
        objects: [served],
        nowMs: now(),
        includeObject: includeObjectOf(query),
      });
    };
    const watch = openWatch(this.server.etcd, this.hub, `${storage.etcdPrefix}/`, {
      info,
      prefix,
      query: q,
      filters,
      transform,
      bookmarkKind: table ? 'Table' : info.kind,
      bookmarkApiVersion: table ? 'meta.k8s.io/v1' : groupVersion(info.group, info.version),
    });
    return { status: 200, body: null, watch };
  }

  /** Create with storage-version conversion and fieldValidation. */
  create(
    info: ResourceInfo,
    storage: ResourceInfo,
    namespace: string | undefined,
    body: unknown,
    query: Record<string, string>,
    opts: WriteOptions,
  ): WriteResult {
    const checked = this.checkBody(info, body, query, opts);
    if (checked) return checked;
    const stored = isObject(body) ? toStorageVersion(body as KubeObject, info, storage) : body;
    return this.server.internalRegistry.create(storage, namespace, stored, opts);
  }

  update(
    info: ResourceInfo,
    storage: ResourceInfo,
    namespace: string | undefined,
    name: string,
    body: unknown,
    query: Record<string, string>,
    opts: WriteOptions,
  ): WriteResult {
    const checked = this.checkBody(info, body, query, opts);
    if (checked) return checked;
    const stored = isObject(body) ? toStorageVersion(body as KubeObject, info, storage) : body;
    return this.server.internalRegistry.update(storage, namespace, name, stored, opts);
  }

  /** The body's kind/apiVersion and unknown fields (fieldValidation=Strict|Warn|Ignore). */
  checkBody(
    info: ResourceInfo,
    body: unknown,
    query: Record<string, string>,
    opts: WriteOptions,
  ): WriteResult | undefined {
    if (!isObject(body)) return undefined;
    const gv = groupVersion(info.group, info.version);
    if (
      typeof body.apiVersion === 'string' &&
      body.apiVersion !== gv &&
      info.resource !== 'horizontalpodautoscalers'
    ) {
      return {
        ok: false,
        status: badRequest(
          `the API version in the data (${body.apiVersion}) does not match the expected API version (${gv})`,
        ),
      };
    }
    if (typeof body.kind === 'string' && body.kind !== info.kind) {
      return {
        ok: false,
        status: badRequest(
          `the kind in the data (${body.kind}) does not match the expected kind (${info.kind})`,
        ),
      };
    }
    // The decoder checks types and unknown fields on every write (fieldValidation defaults to
    // Warn), unless configured to do so only when asked. A typed client's body (protobuf, or a
    // patch built from Go structs on an object decoded into Go types) has neither, so the walk
    // would find nothing: it is skipped. Custom resources are always JSON.
    const explicit = query.fieldValidation;
    if (
      explicit === undefined &&
      !info.crd &&
      (opts.typed === true || this.server.options.decodeChecks === 'whenAsked')
    ) {
      return undefined;
    }
    const mode = explicit ?? 'Warn';
    const problems = this.server.decodeProblems(info, body as KubeObject);
    const prefix = `${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: `;
    if (problems.typeErrors.length > 0)
      return { ok: false, status: badRequest(prefix + problems.typeErrors[0]) };
    if (mode === 'Ignore' || problems.unknownFields.length === 0) return undefined;
    const texts = problems.unknownFields.map((f) => `unknown field "${f}"`);
    if (mode === 'Strict')
      return {
        ok: false,
        status: badRequest(`${prefix}strict decoding error: ${texts.join(', ')}`),
      };
    for (const t of texts) opts.warnings?.push(t);
    return undefined;
  }

  /** A write's response: 201/200 with the object, or the Status; Warning headers when any. */
  writeResponse(
    info: ResourceInfo,
    result: WriteResult,
    successCode: number,
    req: ApiRequest,
    opts: WriteOptions,
  ): ApiResponse {
    if (!result.ok) return respond(result.status);
    const response: ApiResponse = {
      status: result.unchanged ? 200 : successCode,
      body: this.present(info, result.object, req),
    };
    if (opts.warnings && opts.warnings.length > 0)
      response.headers = {
        warning: opts.warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(', '),
      };
    return response;
  }

  patch(
    info: ResourceInfo,
    storage: ResourceInfo,
    namespace: string | undefined,
    name: string,
    req: ApiRequest,
    query: Record<string, string>,
    opts: WriteOptions,
  ): ApiResponse {
    const type = patchTypeFromContentType(req.contentType);
    if (!type) {
      return respond(
        failure(
          415,
          'UnsupportedMediaType',
          `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml${info.crd ? '' : ', application/strategic-merge-patch+json'}`,
        ),
      );
    }
    if (type === 'strategic' && info.crd) {
      return respond(
        failure(
          415,
          'UnsupportedMediaType',
          'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
        ),
      );
    }
    if (type === 'apply') {
      if (!query.fieldManager)
        return respond(
          badRequest(
            'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
          ),
        );
      opts.operation = 'Apply';
    }
    const result = this.patchObject(
      info,
      storage,
      namespace,
      name,
      req.body,
      type,
      query,
      opts,
      undefined,
    );
    return this.writeResponse(info, result.result, result.created ? 201 : 200, req, opts);
  }

  /** Applies a patch to the current object (or an empty one for server-side apply) and writes it. */
  patchObject(
    info: ResourceInfo,
    storage: ResourceInfo,
    namespace: string | undefined,
    name: string,
    body: unknown,
    type: ReturnType<typeof patchTypeFromContentType> & string,
    query: Record<string, string>,
    opts: WriteOptions,
    subresource: string | undefined,
  ): { result: WriteResult; created: boolean } {
    const current = this.server.internalRegistry.get(storage, namespace, name);
    const gvk = { group: info.group, version: info.version, kind: info.kind };
    if (!current && !(type === 'apply' && !subresource))
      return {
        result: { ok: false, status: notFound(info.group, info.resource, name) },
        created: false,
      };
    const base: KubeObject = current
      ? toServedVersion(current.value, info)
      : {
          apiVersion: groupVersion(info.group, info.version),
          kind: info.kind,
          metadata: { name, ...(namespace !== undefined ? { namespace } : {}) },
        };
    const patched = applyPatch(base, body, type, gvk);
    if (!patched.ok) {
      const code = patched.code ?? 422;
      // The patch layer names the upstream reason; a 500 is a plain Go error (reason "").
      const reason =
        patched.reason ??
        (code === 400 ? 'BadRequest' : code === 422 ? 'Invalid' : code === 500 ? '' : 'BadRequest');
      const status = failure(code, reason, patched.message);
      if (!reason) delete status.reason;
      return { result: { ok: false, status }, created: false };
    }
    const checked = this.checkBody(info, patched.object, query, opts);
    if (checked) return { result: checked, created: false };
    const obj = toStorageVersion(patched.object, info, storage);
    if (!current)
      return {
        result: this.server.internalRegistry.create(
          storage,
          namespace,
          { ...obj, metadata: { ...obj.metadata, name } },
          opts,
        ),
        created: true,
      };
    const meta = { ...(obj.metadata ?? {}) };
    // A patch that does not mention resourceVersion is unconditional.
    if (
      meta.resourceVersion === current.value.metadata?.resourceVersion &&
      !mentionsResourceVersion(body)
    )
      delete meta.resourceVersion;
    return {
      result: this.server.internalRegistry.updateFrom(
        storage,
        current,
        { ...obj, metadata: meta },
        { ...opts, subresource },
        // A merge patch's result shares only stored (never mutated) values and fresh copies of
        // the patch, and a status write only reads the new status: no second copy is needed.
        type === 'merge' && subresource === 'status',
      ),
      created: false,
    };
  }

  delete(
    info: ResourceInfo,
    storage: ResourceInfo,
    namespace: string | undefined,
    name: string,
    req: ApiRequest,
    query: Record<string, string>,
    opts: WriteOptions,
  ): ApiResponse {
    const options = parseDeleteOptions(req.body, query);
    if (typeof options === 'string') return respond(badRequest(options));
    const refusal = this.server.refuseDelete(info, name);
    if (refusal) return respond(refusal);
    const { result, removed } = deleteObject(
      this.server.internalRegistry,
      storage,
      namespace,
      name,
      options,
      opts,
    );
    if (!result.ok) return respond(result.status);
    // endpoints/handlers/delete.go: 200 unless orphanDependents=false left the object behind.
    const code = !removed && options.orphanDependents === false ? 202 : 200;
    if (removed && !RETURNS_DELETED_OBJECT.has(`${info.group}/${info.resource}`)) {
      const meta = result.object.metadata ?? {};
      return {
        status: code,
        body: success({
          name: meta.name,
          ...(info.group ? { group: info.group } : {}),
          kind: info.resource,
          uid: meta.uid,
        }),
      };
    }
    return { status: code, body: this.present(info, result.object, req) };
  }

  deleteCollection(
    info: ResourceInfo,
    storage: ResourceInfo,
    namespace: string | undefined,
    req: ApiRequest,
    query: Record<string, string>,
    opts: WriteOptions,
  ): ApiResponse {
    const options = parseDeleteOptions(req.body, query);
    if (typeof options === 'string') return respond(badRequest(options));
    const filters = parseFilters(info, query);
    if ('kind' in filters) return respond(filters as Status);
    const prefix =
      namespace !== undefined ? `${storage.etcdPrefix}/${namespace}/` : `${storage.etcdPrefix}/`;
    const listed = listObjects(
      this.server.etcd,
      storage,
      prefix,
      { ...query, limit: '', continue: '' },
      filters,
    );
    if ('kind' in listed) return respond(listed);
    const items: KubeObject[] = [];
    for (const obj of listed.items) {
      const { result } = deleteObject(
        this.server.internalRegistry,
        storage,
        obj.metadata?.namespace,
        obj.metadata?.name ?? '',
        options,
        opts,
      );
      if (result.ok) items.push(toServedVersion(result.object, info));
    }
    return {
      status: 200,
      body: {
        kind: info.listKind,
        apiVersion: groupVersion(info.group, info.version),
        metadata: { resourceVersion: String(this.server.etcd.revision()) },
        items,
      },
    };
  }
}
