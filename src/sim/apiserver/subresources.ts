/**
 * Subresources: `status` (get, update, patch: only status changes), `scale` (autoscaling/v1
 * Scale over spec.replicas; pkg/registry/apps/deployment/storage ScaleREST), `binding` (the
 * scheduler's POST; pkg/registry/core/pod/storage BindingREST), `eviction` (policy/v1, checked
 * against PodDisruptionBudgets; EvictionREST) and `finalize` for namespaces.
 */
import type { ApiRequest, ApiResponse, KubeObject } from '../api/types.ts';
import type { ResourceInfo, SubresourceInfo } from './resources.ts';
import type { KubeApiServer } from './apiserver.ts';
import { UNKNOWN_BODY_FORMAT, type WriteOptions } from './registry.ts';
import {
  badRequest,
  conflict,
  failure,
  invalid,
  methodNotSupported,
  notFound,
  respond,
  success,
  tooManyRequests,
} from './status.ts';
import { patchTypeFromContentType, applyPatch } from './patch/index.ts';
import { deleteObject, parseDeleteOptions } from './deletion.ts';
import { fromLabelSelectorObject, matchesLabels } from './selectors.ts';
import { isObject, timestamp } from './object-util.ts';

export interface SubresourceRequest {
  info: ResourceInfo;
  storage: ResourceInfo;
  namespace: string | undefined;
  name: string;
  subresource: string;
  req: ApiRequest;
  query: Record<string, string>;
  write: WriteOptions;
}

/** Routes a subresource request. */
export function handleSubresource(server: KubeApiServer, r: SubresourceRequest): ApiResponse {
  const sub = r.info.subresources.find((s) => s.name === r.subresource);
  if (!sub) return respond(notFoundPath());
  const verb =
    r.req.method === 'GET'
      ? 'get'
      : r.req.method === 'PUT'
        ? 'update'
        : r.req.method === 'PATCH'
          ? 'patch'
          : r.req.method === 'POST'
            ? 'create'
            : 'delete';
  if (!sub.verbs.includes(verb))
    return respond(methodNotSupported(r.info.group, `${r.info.resource}/${r.subresource}`, verb));
  if (server.etcd.quorumLost)
    return respond(
      failure(500, 'InternalError', 'Internal error occurred: etcdserver: request timed out'),
    );
  r.write.subresource = r.subresource;
  switch (r.subresource) {
    case 'status':
      return status(server, r, verb);
    case 'scale':
      return scale(server, r, verb);
    case 'binding':
      return binding(server, r);
    case 'eviction':
      return eviction(server, r);
    case 'finalize':
      return finalize(server, r);
    case 'log':
      return podLog(server, r);
  }
  return respond(notFoundPath());
}

function notFoundPath() {
  return failure(404, 'NotFound', 'the server could not find the requested resource', {});
}

function status(server: KubeApiServer, r: SubresourceRequest, verb: string): ApiResponse {
  const registry = server.internalRegistry;
  if (verb === 'get') {
    const kv = registry.get(r.storage, r.namespace, r.name);
    if (!kv) return respond(notFound(r.info.group, r.info.resource, r.name));
    return { status: 200, body: server.present(r.info, kv.value, r.req) };
  }
  if (verb === 'update') {
    const kv = registry.get(r.storage, r.namespace, r.name);
    if (!kv) return respond(notFound(r.info.group, r.info.resource, r.name));
    if (!isObject(r.req.body)) return respond(badRequest(UNKNOWN_BODY_FORMAT));
    const body = r.req.body as KubeObject;
    if (body.metadata?.name !== undefined && body.metadata.name !== r.name) {
      return respond(
        badRequest(
          `the name of the object (${body.metadata.name}) does not match the name on the URL (${r.name})`,
        ),
      );
    }
    return server.writeResponse(
      r.info,
      registry.updateFrom(r.storage, kv, body, r.write),
      200,
      r.req,
      r.write,
    );
  }
  const type = patchTypeFromContentType(r.req.contentType);
  if (!type)
    return respond(
      failure(415, 'UnsupportedMediaType', 'the body of the request was in an unknown format'),
    );
  const result = server.patchObject(
    r.info,
    r.storage,
    r.namespace,
    r.name,
    r.req.body,
    type,
    r.query,
    r.write,
    'status',
  );
  return server.writeResponse(r.info, result.result, 200, r.req, r.write);
}

/** The Scale object of a workload (autoscaling/v1). */
/** Reads a simple `.a.b` JSONPath (the form CRD scale paths take). */
function readPath(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const key of path.split('.').filter(Boolean)) {
    if (!isObject(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

/** A copy of `obj` with `.a.b` set to `value`, copying only the objects on the path. */
function writePath(obj: KubeObject, path: string, value: unknown): KubeObject {
  const keys = path.split('.').filter(Boolean);
  const set = (node: unknown, i: number): unknown => {
    const copy: Record<string, unknown> = isObject(node) ? { ...node } : {};
    copy[keys[i]] = i === keys.length - 1 ? value : set(copy[keys[i]], i + 1);
    return copy;
  };
  return set(obj, 0) as KubeObject;
}

/** The Scale of a custom resource, through the CRD's scale paths. */
function toCustomScale(
  obj: KubeObject,
  paths: NonNullable<SubresourceInfo['scalePaths']>,
): KubeObject {
  const selector = paths.labelSelectorPath ? readPath(obj, paths.labelSelectorPath) : undefined;
  return scaleOf(obj, (readPath(obj, paths.specReplicasPath) as number | undefined) ?? 0, {
    replicas: (readPath(obj, paths.statusReplicasPath) as number | undefined) ?? 0,
    ...(typeof selector === 'string' ? { selector } : {}),
  });
}

/** An autoscaling/v1 Scale carrying the object's identity (scaleFromDeployment and its kin). */
function scaleOf(obj: KubeObject, replicas: number, status: Record<string, unknown>): KubeObject {
  const meta = obj.metadata ?? {};
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: meta.name,
      namespace: meta.namespace,
      uid: meta.uid,
      resourceVersion: meta.resourceVersion,
      creationTimestamp: meta.creationTimestamp,
    },
    spec: { replicas },
    status,
  };
}

function toScale(obj: KubeObject): KubeObject {
  const spec = (obj.spec ?? {}) as {
    replicas?: number;
    selector?: { matchLabels?: Record<string, string> } | Record<string, string>;
  };
  const st = (obj.status ?? {}) as { replicas?: number };
  let selector = '';
  const sel = spec.selector as Record<string, unknown> | undefined;
  if (sel && (isObject(sel.matchLabels) || Array.isArray(sel.matchExpressions))) {
    const parts: string[] = [];
    for (const [k, v] of Object.entries((sel.matchLabels as Record<string, string>) ?? {}))
      parts.push(`${k}=${v}`);
    for (const e of (sel.matchExpressions as {
      key: string;
      operator: string;
      values?: string[];
    }[]) ?? []) {
      if (e.operator === 'In') parts.push(`${e.key} in (${(e.values ?? []).join(',')})`);
      else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${(e.values ?? []).join(',')})`);
      else if (e.operator === 'Exists') parts.push(e.key);
      else parts.push(`!${e.key}`);
    }
    selector = parts.join(',');
  } else if (sel) {
    // ReplicationController: a plain map selector.
    selector = Object.entries(sel as Record<string, string>)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
  }
  return scaleOf(obj, spec.replicas ?? 0, {
    replicas: st.replicas ?? 0,
    ...(selector ? { selector } : {}),
  });
}

function scale(server: KubeApiServer, r: SubresourceRequest, verb: string): ApiResponse {
  const registry = server.internalRegistry;
  const kv = registry.get(r.storage, r.namespace, r.name);
  if (!kv) return respond(notFound(r.info.group, r.info.resource, r.name));
  const paths = r.info.subresources.find((x) => x.name === 'scale')?.scalePaths;
  const current = paths ? toCustomScale(kv.value, paths) : toScale(kv.value);
  if (verb === 'get') return { status: 200, body: current };
  let desired: KubeObject;
  if (verb === 'update') {
    if (!isObject(r.req.body))
      return respond(badRequest('the body of the request was in an unknown format'));
    desired = r.req.body as KubeObject;
  } else {
    const type = patchTypeFromContentType(r.req.contentType);
    if (!type)
      return respond(
        failure(415, 'UnsupportedMediaType', 'the body of the request was in an unknown format'),
      );
    const patched = applyPatch(current, r.req.body, type, {
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
    });
    if (!patched.ok) return respond(badRequest(patched.message));
    desired = patched.object;
  }
  const replicas = (desired.spec as { replicas?: unknown } | undefined)?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    return respond(
      invalid('autoscaling', 'Scale', r.name, [
        {
          type: 'FieldValueInvalid',
          field: 'spec.replicas',
          value: replicas,
          detail: 'must be greater than or equal to 0',
        },
      ]),
    );
  }
  const rv = desired.metadata?.resourceVersion;
  if (rv && rv !== String(kv.modRevision)) {
    return respond(
      conflict(
        r.info.group,
        r.info.resource,
        r.name,
        'the object has been modified; please apply your changes to the latest version and try again',
      ),
    );
  }
  const obj = paths
    ? writePath(kv.value, paths.specReplicasPath, replicas)
    : { ...kv.value, spec: { ...(kv.value.spec as Record<string, unknown>), replicas } };
  obj.metadata = { ...kv.value.metadata };
  const result = registry.updateFrom(r.storage, kv, obj, { ...r.write, subresource: 'scale' });
  if (!result.ok) {
    // Errors are reported against the parent kind (e.g. the replicas limit on Deployment.apps).
    return respond(result.status);
  }
  return {
    status: 200,
    body: paths ? toCustomScale(result.object, paths) : toScale(result.object),
  };
}

function binding(server: KubeApiServer, r: SubresourceRequest): ApiResponse {
  const registry = server.internalRegistry;
  const body = r.req.body as
    | {
        target?: { name?: string; kind?: string };
        metadata?: { name?: string; annotations?: Record<string, string> };
      }
    | undefined;
  const nodeName = body?.target?.name;
  if (!nodeName)
    return respond(
      invalid('', 'Binding', r.name, [
        { type: 'FieldValueRequired', field: 'target.name', detail: '' },
      ]),
    );
  const kv = registry.get(r.storage, r.namespace, r.name);
  if (!kv) return respond(notFound('', 'pods', r.name));
  const pod = kv.value;
  const spec = (pod.spec ?? {}) as { nodeName?: string };
  if (pod.metadata?.deletionTimestamp !== undefined) {
    return respond(
      conflict(
        '',
        'pods/binding',
        r.name,
        `pod ${r.name} is being deleted, cannot be assigned to a host`,
      ),
    );
  }
  if (spec.nodeName)
    return respond(
      conflict(
        '',
        'pods/binding',
        r.name,
        `pod ${r.name} is already assigned to node "${spec.nodeName}"`,
      ),
    );
  const status = (pod.status ?? {}) as { conditions?: { type: string }[] };
  const now = timestamp(server.options.clock.now());
  const conditions = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
  conditions.push({
    type: 'PodScheduled',
    status: 'True',
    lastProbeTime: null,
    lastTransitionTime: now,
  } as { type: string });
  const annotations = {
    ...(pod.metadata?.annotations ?? {}),
    ...(body?.metadata?.annotations ?? {}),
  };
  const meta = { ...pod.metadata };
  if (Object.keys(annotations).length > 0) meta.annotations = annotations;
  const updated: KubeObject = {
    ...pod,
    metadata: meta,
    spec: { ...spec, nodeName },
    status: { ...status, conditions },
  };
  if (r.write.dryRun) return { status: 201, body: { ...success(), code: 201 } };
  const result = registry.store(r.storage, kv.key, updated, kv.modRevision, pod, r.write);
  if (!result.ok) return respond(result.status);
  return { status: 201, body: { ...success(), code: 201 } };
}

function eviction(server: KubeApiServer, r: SubresourceRequest): ApiResponse {
  const registry = server.internalRegistry;
  const kv = registry.get(r.storage, r.namespace, r.name);
  if (!kv) return respond(notFound('', 'pods', r.name));
  const pod = kv.value;
  const body = isObject(r.req.body) ? r.req.body : {};
  const options = parseDeleteOptions(body.deleteOptions, {});
  if (typeof options === 'string') return respond(badRequest(options));
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  // Terminal or already-deleting pods are deleted without consulting budgets (eviction.go).
  const checkBudgets =
    phase !== 'Succeeded' && phase !== 'Failed' && pod.metadata?.deletionTimestamp === undefined;
  if (checkBudgets) {
    const ctx = registry.context(r.storage, false);
    const pdbs = ctx.list('policy', 'poddisruptionbudgets', r.namespace).filter((pdb) => {
      const sel = (pdb.spec as { selector?: Record<string, unknown> } | undefined)?.selector;
      if (!sel) return false;
      return matchesLabels(fromLabelSelectorObject(sel), pod.metadata?.labels);
    });
    if (pdbs.length > 1) {
      return respond(
        failure(
          500,
          'InternalError',
          'Internal error occurred: This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
        ),
      );
    }
    const pdb = pdbs[0];
    if (pdb) {
      const st = (pdb.status ?? {}) as {
        disruptionsAllowed?: number;
        currentHealthy?: number;
        desiredHealthy?: number;
      };
      if ((st.disruptionsAllowed ?? 0) <= 0) {
        return respond(
          tooManyRequests("Cannot evict pod as it would violate the pod's disruption budget.", [
            {
              reason: 'DisruptionBudget',
              message: `The disruption budget ${pdb.metadata?.name ?? ''} needs ${st.desiredHealthy ?? 0} healthy pods and has ${st.currentHealthy ?? 0} currently`,
            },
          ]),
        );
      }
      const pdbInfo = server.storageInfo('policy', 'poddisruptionbudgets');
      const pdbKv = pdbInfo
        ? registry.get(pdbInfo, r.namespace, pdb.metadata?.name ?? '')
        : undefined;
      if (pdbInfo && pdbKv && !r.write.dryRun) {
        const disrupted = {
          ...((st as Record<string, unknown>).disruptedPods as Record<string, string> | undefined),
          [r.name]: timestamp(server.options.clock.now()),
        };
        registry.store(
          pdbInfo,
          pdbKv.key,
          {
            ...pdb,
            status: {
              ...st,
              disruptionsAllowed: (st.disruptionsAllowed ?? 0) - 1,
              disruptedPods: disrupted,
            },
          },
          pdbKv.modRevision,
          pdb,
          { ...r.write, subresource: 'status' },
        );
      }
    }
  }
  const { result } = deleteObject(registry, r.storage, r.namespace, r.name, options, r.write);
  if (!result.ok) return respond(result.status);
  return { status: 201, body: { ...success(), code: 201 } };
}

function finalize(server: KubeApiServer, r: SubresourceRequest): ApiResponse {
  const registry = server.internalRegistry;
  const kv = registry.get(r.storage, undefined, r.name);
  if (!kv) return respond(notFound('', 'namespaces', r.name));
  const body = isObject(r.req.body) ? (r.req.body as KubeObject) : {};
  const finalizers = (
    (body.spec as { finalizers?: string[] } | undefined)?.finalizers ?? []
  ).slice();
  const updated: KubeObject = {
    ...kv.value,
    spec: { ...(kv.value.spec as Record<string, unknown>), finalizers },
  };
  const result = registry.updateFrom(
    r.storage,
    kv,
    { ...updated, metadata: { ...updated.metadata } },
    r.write,
  );
  if (!result.ok) return respond(result.status);
  return { status: 200, body: result.object };
}

/** pods/{name}/log: plain text from the registered provider (the kubelet model). */
function podLog(server: KubeApiServer, r: SubresourceRequest): ApiResponse {
  const kv = server.internalRegistry.get(r.storage, r.namespace, r.name);
  if (!kv) return respond(notFound('', 'pods', r.name));
  const provider = server.podLogs;
  if (!provider) return respond(badRequest(`container logs are not available for pod ${r.name}`));
  const text = provider(r.namespace ?? '', r.name, r.query);
  if (typeof text !== 'string') return respond(text);
  return { status: 200, body: text, headers: { 'content-type': 'text/plain' } };
}
