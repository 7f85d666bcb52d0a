/**
 * Discovery documents (apiserver pkg/endpoints/discovery): `/api` (APIVersions), `/apis`
 * (APIGroupList), `/apis/{g}` (APIGroup), `/api/v1` and `/apis/{g}/{v}` (APIResourceList), and
 * aggregated discovery (apidiscovery.k8s.io/v2 APIGroupDiscoveryList on `/api` and `/apis`,
 * negotiated by the Accept header; pkg/endpoints/discovery/aggregated/wrapper.go). Removed
 * versions (batch/v1beta1, extensions/v1beta1...) are simply absent, so kubectl reports
 * `no matches for kind ... in version ...` itself.
 */
import type { ApiResponse } from '../api/types.ts';
import { groupVersion, type ResourceInfo } from './resources.ts';
import { pathNotFound, respond } from './status.ts';

interface DiscoverySource {
  resources(): ResourceInfo[];
}

const AGGREGATED_V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
const AGGREGATED_V2BETA1 =
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';

/** Which aggregated discovery version the Accept header asks for, if any (first acceptable wins). */
export function aggregatedVersion(accept: string | undefined): 'v2' | 'v2beta1' | undefined {
  if (!accept) return undefined;
  for (const clause of accept.split(',')) {
    const params = new Map<string, string>();
    for (const part of clause.split(';').slice(1)) {
      const [k, v] = part.split('=').map((s) => s.trim());
      if (k && v) params.set(k, v);
    }
    if (params.get('g') === 'apidiscovery.k8s.io' && params.get('as') === 'APIGroupDiscoveryList') {
      const v = params.get('v');
      if (v === 'v2' || v === 'v2beta1') return v;
    }
  }
  return undefined;
}

/** Groups in discovery order with their versions, preferred version first. */
export function groupsOf(
  resources: ResourceInfo[],
): { name: string; versions: string[]; preferred: string }[] {
  const out: { name: string; versions: string[]; preferred: string }[] = [];
  for (const r of resources) {
    if (r.group === '') continue;
    let g = out.find((x) => x.name === r.group);
    if (!g) out.push((g = { name: r.group, versions: [], preferred: '' }));
    if (!g.versions.includes(r.version)) {
      if (r.preferred) g.versions.unshift(r.version);
      else g.versions.push(r.version);
    }
    if (r.preferred && !g.preferred) g.preferred = r.version;
  }
  for (const g of out) if (!g.preferred) g.preferred = g.versions[0];
  return out;
}

/** Number of `/` in a path, counting no further than `limit`. */
function slashesUpTo(path: string, limit: number): number {
  let n = 0;
  for (let i = path.indexOf('/'); i >= 0 && n < limit; i = path.indexOf('/', i + 1)) n++;
  return n;
}

/** Serves a discovery path, or undefined when the path is not a discovery document. */
export function handleDiscovery(
  source: DiscoverySource,
  path: string,
  accept: string | undefined,
): ApiResponse | undefined {
  if (
    path !== '/api' &&
    path !== '/apis' &&
    // Resource paths (most requests) have more slashes than any discovery document.
    (slashesUpTo(path, 4) > 3 ||
      (!/^\/api\/[^/]+$/.test(path) && !/^\/apis\/[^/]+(\/[^/]+)?$/.test(path)))
  )
    return undefined;
  const resources = source.resources();
  const aggregated = aggregatedVersion(accept);
  if (path === '/api') {
    if (aggregated)
      return aggregatedResponse(
        resources.filter((r) => r.group === ''),
        aggregated,
      );
    return {
      status: 200,
      body: {
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '172.18.0.2:6443' }],
      },
    };
  }
  if (path === '/apis') {
    if (aggregated)
      return aggregatedResponse(
        resources.filter((r) => r.group !== ''),
        aggregated,
      );
    return {
      status: 200,
      body: {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: groupsOf(resources).map((g) => apiGroup(g.name, g.versions, g.preferred)),
      },
    };
  }
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'api') {
    const version = parts[1];
    const list = resources.filter((r) => r.group === '' && r.version === version);
    if (list.length === 0) return respond(pathNotFound());
    return { status: 200, body: resourceList('', version, list) };
  }
  const group = parts[1];
  const g = groupsOf(resources).find((x) => x.name === group);
  if (!g) return respond(pathNotFound());
  if (parts.length === 2)
    return {
      status: 200,
      body: { ...apiGroup(g.name, g.versions, g.preferred), kind: 'APIGroup', apiVersion: 'v1' },
    };
  const version = parts[2];
  const list = resources.filter((r) => r.group === group && r.version === version);
  if (list.length === 0) return respond(pathNotFound());
  return { status: 200, body: resourceList(group, version, list) };
}

function apiGroup(name: string, versions: string[], preferred: string): Record<string, unknown> {
  return {
    name,
    versions: versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v })),
    preferredVersion: { groupVersion: `${name}/${preferred}`, version: preferred },
  };
}

/** metav1.APIResourceList for one group/version, with subresources as `pods/status` entries. */
export function resourceList(
  group: string,
  version: string,
  list: ResourceInfo[],
): Record<string, unknown> {
  const resources: Record<string, unknown>[] = [];
  for (const r of list) {
    const entry: Record<string, unknown> = {
      name: r.resource,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
    };
    if (r.shortNames.length > 0) entry.shortNames = r.shortNames;
    if (r.categories.length > 0) entry.categories = r.categories;
    resources.push(entry);
    for (const s of r.subresources) {
      const sub: Record<string, unknown> = {
        name: `${r.resource}/${s.name}`,
        singularName: '',
        namespaced: r.namespaced,
        kind: s.kind,
        verbs: s.verbs,
      };
      if (s.group !== undefined) sub.group = s.group;
      if (s.version !== undefined) sub.version = s.version;
      resources.push(sub);
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersion(group, version),
    resources,
  };
}

function aggregatedResponse(resources: ResourceInfo[], version: 'v2' | 'v2beta1'): ApiResponse {
  const items: Record<string, unknown>[] = [];
  const groups = new Map<string, Map<string, ResourceInfo[]>>();
  const order: string[] = [];
  for (const r of resources) {
    if (!groups.has(r.group)) {
      groups.set(r.group, new Map());
      order.push(r.group);
    }
    const versions = groups.get(r.group) as Map<string, ResourceInfo[]>;
    if (!versions.has(r.version)) versions.set(r.version, []);
    (versions.get(r.version) as ResourceInfo[]).push(r);
  }
  for (const group of order) {
    const versions = groups.get(group) as Map<string, ResourceInfo[]>;
    const ordered = [...versions.entries()].sort(
      (a, b) => Number(b[1][0].preferred) - Number(a[1][0].preferred),
    );
    items.push({
      metadata: group ? { name: group } : {},
      versions: ordered.map(([v, list]) => ({
        version: v,
        resources: list.map((r) => {
          const entry: Record<string, unknown> = {
            resource: r.resource,
            responseKind: { group: r.group, version: r.version, kind: r.kind },
            scope: r.namespaced ? 'Namespaced' : 'Cluster',
            singularResource: r.singular,
            verbs: r.verbs,
          };
          if (r.shortNames.length > 0) entry.shortNames = r.shortNames;
          if (r.categories.length > 0) entry.categories = r.categories;
          if (r.subresources.length > 0) {
            entry.subresources = r.subresources.map((s) => ({
              subresource: s.name,
              responseKind: {
                group: s.group ?? r.group,
                version: s.version ?? r.version,
                kind: s.kind,
              },
              verbs: s.verbs,
            }));
          }
          return entry;
        }),
        freshness: 'Current',
      })),
    });
  }
  const contentType = version === 'v2' ? AGGREGATED_V2 : AGGREGATED_V2BETA1;
  return {
    status: 200,
    body: {
      kind: 'APIGroupDiscoveryList',
      apiVersion: `apidiscovery.k8s.io/${version}`,
      metadata: {},
      items,
    },
    headers: { 'content-type': contentType },
  };
}
