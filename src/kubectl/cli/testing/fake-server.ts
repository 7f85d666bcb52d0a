/**
 * A tiny in-memory Kubernetes API for the command layer's unit tests: discovery from the built-in
 * catalogue, get/list/create/update/delete/merge-patch of objects, label selectors (equality
 * only), and Tables with Name/Age columns plus any extra columns a test registers.
 */
import { BUILTIN_RESOURCES } from '../../../sim/apiserver/resources';
import type { ApiRequest, ApiResponse, KubeObject } from '../../../sim/api/types';
import type { KubectlEnv } from '../types';
import type { TableColumn } from '../printers';

function status(
  code: number,
  reason: string,
  message: string,
  details?: Record<string, unknown>,
): ApiResponse {
  return {
    status: code,
    body: {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      code,
      details,
    },
  };
}

export interface FakeServer {
  objects: Map<string, KubeObject>;
  requests: ApiRequest[];
  env(extra?: Partial<KubectlEnv>): KubectlEnv;
  add(obj: KubeObject): void;
  /** Extra table columns per resource: cells computed from the object. */
  columns: Map<string, { def: TableColumn; cell(o: KubeObject): unknown }[]>;
}

const NOW = Date.parse('2026-01-01T12:00:00Z');

/** Creates a fake API server with virtual time fixed at 2026-01-01T12:00:00Z. */
export function createFakeServer(): FakeServer {
  const objects = new Map<string, KubeObject>();
  const requests: ApiRequest[] = [];
  const columns = new Map<string, { def: TableColumn; cell(o: KubeObject): unknown }[]>();
  let rv = 100;
  const info = (group: string, version: string, resource: string) =>
    BUILTIN_RESOURCES.find(
      (r) => r.group === group && r.version === version && r.resource === resource,
    );
  const key = (resource: string, ns: string | undefined, name: string) =>
    `${resource}/${ns ?? ''}/${name}`;

  function handle(req: ApiRequest): ApiResponse {
    requests.push(req);
    const p = req.path;
    if (p === '/api') return { status: 200, body: { kind: 'APIVersions', versions: ['v1'] } };
    if (p === '/apis') {
      const groups: string[] = [];
      for (const r of BUILTIN_RESOURCES)
        if (r.group && !groups.includes(r.group)) groups.push(r.group);
      return {
        status: 200,
        body: {
          kind: 'APIGroupList',
          groups: groups.map((g) => {
            const versions = [
              ...new Set(BUILTIN_RESOURCES.filter((r) => r.group === g).map((r) => r.version)),
            ];
            const preferred =
              BUILTIN_RESOURCES.find((r) => r.group === g && r.preferred)?.version ?? versions[0];
            return {
              name: g,
              versions: versions.map((v) => ({ groupVersion: `${g}/${v}`, version: v })),
              preferredVersion: { groupVersion: `${g}/${preferred}`, version: preferred },
            };
          }),
        },
      };
    }
    const m =
      /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?(?:\/([^/]+))?(?:\/([^/]+))?(?:\/([^/]+))?$/.exec(
        p,
      );
    if (!m) return status(404, 'NotFound', 'the server could not find the requested resource');
    const group = m[2] ?? '';
    const version = m[1] ?? m[3];
    let ns: string | undefined = m[4];
    const resource = m[5];
    let name = m[6];
    const sub = m[7];
    if (!resource) {
      const rs = BUILTIN_RESOURCES.filter((r) => r.group === group && r.version === version);
      return {
        status: 200,
        body: {
          kind: 'APIResourceList',
          groupVersion: group ? `${group}/${version}` : version,
          resources: rs.flatMap((r) => [
            {
              name: r.resource,
              singularName: r.singular,
              namespaced: r.namespaced,
              kind: r.kind,
              verbs: r.verbs,
              shortNames: r.shortNames.length ? r.shortNames : undefined,
              categories: r.categories.length ? r.categories : undefined,
            },
            ...r.subresources.map((s) => ({
              name: `${r.resource}/${s.name}`,
              namespaced: r.namespaced,
              kind: s.kind,
              verbs: s.verbs,
            })),
          ]),
        },
      };
    }
    const ri = info(group, version, resource);
    if (!ri) return status(404, 'NotFound', 'the server could not find the requested resource');
    if (!ri.namespaced) ns = undefined;
    const gr = group ? `${resource}.${group}` : resource;
    if (sub) return status(404, 'NotFound', `subresource ${sub} not served by the fake`);
    const toTable = (items: KubeObject[]) => ({
      kind: 'Table',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { resourceVersion: String(rv) },
      columnDefinitions: [
        { name: 'Name', type: 'string', format: 'name', priority: 0 },
        ...(columns.get(resource) ?? []).map((c) => c.def),
        { name: 'Age', type: 'string', priority: 0 },
      ],
      rows: items.map((o) => ({
        cells: [o.metadata?.name, ...(columns.get(resource) ?? []).map((c) => c.cell(o)), ageOf(o)],
        object: {
          kind: 'PartialObjectMetadata',
          apiVersion: 'meta.k8s.io/v1',
          metadata: o.metadata,
        },
      })),
    });
    const wantsTable = (req.accept ?? '').includes('as=Table');
    if (req.method === 'GET' && name) {
      const o = objects.get(key(resource, ns, name));
      if (!o)
        return status(404, 'NotFound', `${gr} "${name}" not found`, {
          name,
          kind: resource,
          group,
        });
      return { status: 200, body: wantsTable ? toTable([o]) : o };
    }
    if (req.method === 'GET') {
      const sel = req.query?.labelSelector;
      const items = [...objects.entries()]
        .filter(([k]) => k.startsWith(`${resource}/${ns === undefined ? '' : `${ns}/`}`))
        .map(([, o]) => o)
        .filter(
          (o) =>
            !sel ||
            sel.split(',').every((t) => {
              const [k, v] = t.split('=');
              return o.metadata?.labels?.[k] === v;
            }),
        )
        .sort((a, b) =>
          `${a.metadata?.namespace}/${a.metadata?.name}`.localeCompare(
            `${b.metadata?.namespace}/${b.metadata?.name}`,
          ),
        );
      if (wantsTable) return { status: 200, body: toTable(items) };
      return {
        status: 200,
        body: {
          kind: `${ri.kind}List`,
          apiVersion: group ? `${group}/${version}` : version,
          metadata: { resourceVersion: String(rv) },
          items,
        },
      };
    }
    if (req.method === 'POST') {
      const o = structuredClone(req.body) as KubeObject;
      name = o.metadata?.name ?? '';
      const k = key(resource, ns, name);
      if (objects.has(k))
        return status(409, 'AlreadyExists', `${gr} "${name}" already exists`, {
          name,
          kind: resource,
          group,
        });
      o.metadata = {
        ...o.metadata,
        namespace: ns,
        uid: `uid-${name}`,
        resourceVersion: String(++rv),
        creationTimestamp: new Date(NOW - 60_000).toISOString().replace('.000', ''),
      };
      objects.set(k, o);
      return { status: 201, body: o };
    }
    const k = key(resource, ns, name ?? '');
    const cur = objects.get(k);
    if (!cur)
      return status(404, 'NotFound', `${gr} "${name}" not found`, { name, kind: resource, group });
    if (req.method === 'DELETE') {
      objects.delete(k);
      return { status: 200, body: cur };
    }
    if (req.method === 'PUT') {
      const o = structuredClone(req.body) as KubeObject;
      o.metadata = { ...o.metadata, resourceVersion: String(++rv) };
      objects.set(k, o);
      return { status: 200, body: o };
    }
    if (req.method === 'PATCH') {
      const merged = mergePatch(cur, req.body) as KubeObject;
      merged.metadata = { ...merged.metadata, resourceVersion: String(++rv) };
      objects.set(k, merged);
      return { status: 200, body: merged };
    }
    return status(405, 'MethodNotAllowed', 'not allowed');
  }

  const ageOf = (o: KubeObject) => {
    const t = Date.parse(o.metadata?.creationTimestamp ?? '');
    const s = Math.trunc((NOW - t) / 1000);
    return s < 120 ? `${s}s` : `${Math.trunc(s / 60)}m`;
  };

  return {
    objects,
    requests,
    columns,
    add(obj) {
      const r = BUILTIN_RESOURCES.find(
        (x) =>
          x.kind === obj.kind &&
          (x.group ? `${x.group}/${x.version}` : x.version) === obj.apiVersion,
      );
      if (!r) throw new Error(`unknown kind ${obj.kind}`);
      const o = structuredClone(obj);
      o.metadata = {
        creationTimestamp: '2026-01-01T11:55:00Z',
        uid: `uid-${obj.metadata?.name}`,
        ...o.metadata,
        ...(r.namespaced ? { namespace: o.metadata?.namespace ?? 'default' } : {}),
      };
      objects.set(
        key(r.resource, r.namespaced ? o.metadata?.namespace : undefined, o.metadata?.name ?? ''),
        o,
      );
    },
    env(extra = {}) {
      return { request: async (req) => handle(req), nowMs: () => NOW, ...extra };
    },
  };
}

function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> =
    typeof target === 'object' && target !== null && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}
