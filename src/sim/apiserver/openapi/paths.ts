/**
 * The `paths` of an OpenAPI v3 group-version document: for every resource, the operations the
 * apiserver installs (kube-apiserver pkg/endpoints/installer.go registerResourceHandlers), each
 * tagged with `x-kubernetes-action` and `x-kubernetes-group-version-kind`, with the query
 * parameters a 1.32 apiserver declares.
 *
 * What kubectl reads here: cli-runtime's QueryParamVerifierV3 looks for a PATCH operation of the
 * object's GVK that declares the `fieldValidation` query parameter; when it finds one, kubectl
 * trusts the server and sends `fieldValidation=Strict` instead of validating client-side (which
 * would need full schemas). Go map order is random, so every PATCH of a GVK (object, status)
 * must declare it.
 *
 * One deliberate difference from a real apiserver: the PATCH request bodies do not list
 * `application/strategic-merge-patch+json`. kubectl apply's patcher
 * (pkg/cmd/apply/patcher.go gvkSupportsPatchOpenAPIV3) computes its strategic merge patch from
 * the v3 schemas when that media type is listed, and a field missing from the schemas (the
 * generated ones come from kubernetes-types 1.30) makes it print a warning. Unlisted, it falls back
 * to /openapi/v2 (404 here) and then to its compiled-in Go types, which carry the exact patch
 * metadata of 1.32. The apiserver itself accepts strategic merge patches for built-in kinds.
 */
import type { ResourceInfo, SubresourceInfo } from '../resources.ts';
import {
  DELETE_PARAMS,
  LIST_PARAMS,
  PATCH_PARAMS,
  QUERY,
  WRITE_PARAMS,
  parameter,
} from './parameters.ts';
import { schemaName } from './schema-names.ts';

export type JsonObject = Record<string, unknown>;

const JSON_TYPES = ['application/json', 'application/yaml'];
const PATCH_TYPES = [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
];

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const STATUS = 'io.k8s.apimachinery.pkg.apis.meta.v1.Status';
const PATCH = 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch';
const DELETE_OPTIONS = 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions';

function content(types: string[], schema: string): JsonObject {
  return Object.fromEntries(types.map((t) => [t, { schema: ref(schema) }]));
}

function responses(codes: number[], schema: string): JsonObject {
  const text: Record<number, string> = { 200: 'OK', 201: 'Created', 202: 'Accepted' };
  const out: JsonObject = {};
  for (const code of codes)
    out[String(code)] = { description: text[code], content: content(JSON_TYPES, schema) };
  out['401'] = { description: 'Unauthorized' };
  return out;
}

/** `CoreV1`, `AppsV1`, `NetworkingV1`, `RbacAuthorizationV1`: the operationId infix. */
export function operationGroup(group: string, version: string): string {
  const words = group ? group.replace(/\.k8s\.io$/, '').split('.') : ['core'];
  return [...words, version].map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

interface Gvk {
  group: string;
  version: string;
  kind: string;
}

function operation(
  action: string,
  id: string,
  description: string,
  gvk: Gvk,
  tag: string,
  extra: JsonObject,
): JsonObject {
  return {
    tags: [tag],
    description,
    operationId: id,
    ...extra,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk,
  };
}

/** Every path of one resource (collection, item, all-namespaces list, subresources). */
export function resourcePaths(r: ResourceInfo): Record<string, JsonObject> {
  const prefix = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  const scope = r.namespaced ? '/namespaces/{namespace}' : '';
  const collection = `${prefix}${scope}/${r.resource}`;
  const item = `${collection}/{name}`;
  const gvk: Gvk = { group: r.group, version: r.version, kind: r.kind };
  const tag = `${r.group ? r.group.replace(/\.k8s\.io$/, '').replace(/\./g, '_') : 'core'}_${r.version}`;
  const infix = operationGroup(r.group, r.version);
  const ns = r.namespaced ? 'Namespaced' : '';
  const name = schemaName(r.group, r.version, r.kind, r.crd !== undefined);
  const list = schemaName(r.group, r.version, r.listKind, r.crd !== undefined);
  const can = (verb: string) => r.verbs.includes(verb);
  const patchTypes = PATCH_TYPES;
  const nsParam = {
    name: 'namespace',
    in: 'path',
    type: 'string',
    description: 'object name and auth scope, such as for teams and projects',
  } as const;
  const nameParam = (what: string) =>
    ({ name: 'name', in: 'path', type: 'string', description: `name of the ${what}` }) as const;
  const scopeParams = r.namespaced ? [parameter(nsParam)] : [];
  const paths: Record<string, JsonObject> = {};

  const collectionOps: JsonObject = {};
  if (can('list')) {
    collectionOps.get = operation(
      'list',
      `list${infix}${ns}${r.kind}`,
      `list or watch objects of kind ${r.kind}`,
      gvk,
      tag,
      {
        parameters: LIST_PARAMS.map(parameter),
        responses: responses([200], list),
      },
    );
  }
  if (can('create')) {
    collectionOps.post = operation(
      'post',
      `create${infix}${ns}${r.kind}`,
      `create ${article(r.kind)} ${r.kind}`,
      gvk,
      tag,
      {
        parameters: WRITE_PARAMS.map(parameter),
        requestBody: { content: content(JSON_TYPES, name), required: true },
        responses: responses([200, 201, 202], name),
      },
    );
  }
  if (can('deletecollection')) {
    collectionOps.delete = operation(
      'deletecollection',
      `deleteCollection${infix}${ns}${r.kind}`,
      `delete collection of ${r.kind}`,
      gvk,
      tag,
      {
        parameters: [
          ...DELETE_PARAMS,
          ...LIST_PARAMS.filter((p) => p.name !== 'watch' && p.name !== 'allowWatchBookmarks'),
        ].map(parameter),
        requestBody: { content: content(JSON_TYPES, DELETE_OPTIONS) },
        responses: responses([200], STATUS),
      },
    );
  }
  if (Object.keys(collectionOps).length > 0)
    paths[collection] = { ...collectionOps, parameters: [...scopeParams, parameter(QUERY.pretty)] };

  const itemOps: JsonObject = {};
  if (can('get')) {
    itemOps.get = operation(
      'get',
      `read${infix}${ns}${r.kind}`,
      `read the specified ${r.kind}`,
      gvk,
      tag,
      { responses: responses([200], name) },
    );
  }
  if (can('update')) {
    itemOps.put = operation(
      'put',
      `replace${infix}${ns}${r.kind}`,
      `replace the specified ${r.kind}`,
      gvk,
      tag,
      {
        parameters: WRITE_PARAMS.map(parameter),
        requestBody: { content: content(JSON_TYPES, name), required: true },
        responses: responses([200, 201], name),
      },
    );
  }
  if (can('patch')) {
    itemOps.patch = operation(
      'patch',
      `patch${infix}${ns}${r.kind}`,
      `partially update the specified ${r.kind}`,
      gvk,
      tag,
      {
        parameters: PATCH_PARAMS.map(parameter),
        requestBody: { content: content(patchTypes, PATCH), required: true },
        responses: responses([200, 201], name),
      },
    );
  }
  if (can('delete')) {
    itemOps.delete = operation(
      'delete',
      `delete${infix}${ns}${r.kind}`,
      `delete ${article(r.kind)} ${r.kind}`,
      gvk,
      tag,
      {
        parameters: DELETE_PARAMS.map(parameter),
        requestBody: { content: content(JSON_TYPES, DELETE_OPTIONS) },
        responses: responses([200, 202], STATUS),
      },
    );
  }
  if (Object.keys(itemOps).length > 0)
    paths[item] = {
      ...itemOps,
      parameters: [parameter(nameParam(r.kind)), ...scopeParams, parameter(QUERY.pretty)],
    };

  // The cross-namespace list (`kubectl get pods -A`).
  if (r.namespaced && can('list')) {
    paths[`${prefix}/${r.resource}`] = {
      get: operation(
        'list',
        `list${infix}${r.kind}ForAllNamespaces`,
        `list or watch objects of kind ${r.kind}`,
        gvk,
        tag,
        {
          parameters: LIST_PARAMS.map(parameter),
          responses: responses([200], list),
        },
      ),
      parameters: [parameter(QUERY.pretty)],
    };
  }

  for (const sub of r.subresources) {
    paths[`${item}/${sub.name}`] = {
      ...subresourceOps(r, sub, infix, ns, tag, patchTypes),
      parameters: [parameter(nameParam(sub.kind)), ...scopeParams, parameter(QUERY.pretty)],
    };
  }
  return paths;
}

function subresourceOps(
  r: ResourceInfo,
  sub: SubresourceInfo,
  infix: string,
  ns: string,
  tag: string,
  patchTypes: string[],
): JsonObject {
  const gvk: Gvk = {
    group: sub.group ?? r.group,
    version: sub.version ?? r.version,
    kind: sub.kind,
  };
  const suffix = sub.name.charAt(0).toUpperCase() + sub.name.slice(1);
  const body = schemaName(
    gvk.group,
    gvk.version,
    gvk.kind,
    r.crd !== undefined && gvk.kind === r.kind,
  );
  const ops: JsonObject = {};
  const id = (verb: string) => `${verb}${infix}${ns}${r.kind}${suffix}`;
  if (sub.verbs.includes('get'))
    ops.get = operation(
      'get',
      id('read'),
      `read ${sub.name} of the specified ${r.kind}`,
      gvk,
      tag,
      { responses: responses([200], body) },
    );
  if (sub.verbs.includes('create')) {
    ops.post = operation(
      'post',
      id('create'),
      `create ${sub.name} of ${article(r.kind)} ${r.kind}`,
      gvk,
      tag,
      {
        parameters: WRITE_PARAMS.map(parameter),
        requestBody: { content: content(JSON_TYPES, body), required: true },
        responses: responses([200, 201, 202], body),
      },
    );
  }
  if (sub.verbs.includes('update')) {
    ops.put = operation(
      'put',
      id('replace'),
      `replace ${sub.name} of the specified ${r.kind}`,
      gvk,
      tag,
      {
        parameters: WRITE_PARAMS.map(parameter),
        requestBody: { content: content(JSON_TYPES, body), required: true },
        responses: responses([200, 201], body),
      },
    );
  }
  if (sub.verbs.includes('patch')) {
    ops.patch = operation(
      'patch',
      id('patch'),
      `partially update ${sub.name} of the specified ${r.kind}`,
      gvk,
      tag,
      {
        parameters: PATCH_PARAMS.map(parameter),
        requestBody: { content: content(patchTypes, PATCH), required: true },
        responses: responses([200, 201], body),
      },
    );
  }
  return ops;
}

function article(kind: string): string {
  return /^[AEIOU]/.test(kind) ? 'an' : 'a';
}
