/**
 * Discovery and resource resolution, as kubectl's RESTMapper and shortcut expander do it
 * (client-go discovery, restmapper/shortcut.go, cli-runtime resource builder): `/api`, `/apis`,
 * then each group version; a user's word (`deploy`, `deployments.apps`, `Deployment`,
 * `deployments.v1.apps`) resolves to the group's preferred version. Categories (`all`) expand to
 * every resource that lists them, in discovery order.
 */
import { ApiClient, type ResourceRef } from './api';
import { noResourceType } from './errors';
import type { KubectlEnv } from './types';

export interface ResourceMapping extends ResourceRef {
  kind: string;
  singular: string;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  /** Subresource names served (`status`, `scale`, `log`, `eviction`). */
  subresources: string[];
  /** Whether this is the group's preferred version. */
  preferred: boolean;
}

interface APIResource {
  name: string;
  singularName?: string;
  namespaced: boolean;
  kind: string;
  verbs?: string[];
  shortNames?: string[];
  categories?: string[];
}

interface GroupList {
  groups?: {
    name: string;
    versions: { groupVersion: string; version: string }[];
    preferredVersion?: { version: string };
  }[];
}

/** Lower-case Kind plus group, as printers and messages name a type: `deployment.apps`, `pod`. */
export function kindString(m: { kind: string; group: string }): string {
  return m.group ? `${m.kind.toLowerCase()}.${m.group}` : m.kind.toLowerCase();
}

/** Resource plus group: `deployments.apps`, `pods` (how NotFound errors name a type). */
export function groupResource(m: { resource: string; group: string }): string {
  return m.group ? `${m.resource}.${m.group}` : m.resource;
}

const caches = new WeakMap<object, Promise<ResourceMapping[]>>();

/** Loads (and caches per host env) every resource the server advertises. */
export class Discovery {
  private readonly api: ApiClient;
  constructor(private readonly env: KubectlEnv) {
    this.api = new ApiClient(env);
  }

  /** All resources, preferred versions first within each group, groups in discovery order. */
  resources(refresh = false): Promise<ResourceMapping[]> {
    let cached = caches.get(this.env);
    if (!cached || refresh) {
      cached = this.load();
      caches.set(this.env, cached);
      cached.catch(() => caches.delete(this.env));
    }
    return cached;
  }

  private async load(): Promise<ResourceMapping[]> {
    const gvs: { group: string; version: string; preferred: boolean }[] = [];
    const core = await this.api.get<{ versions?: string[] }>('/api', undefined, 'application/json');
    for (const v of core.versions ?? [])
      gvs.push({ group: '', version: v, preferred: v === core.versions?.[0] });
    const groups = await this.api.get<GroupList>('/apis', undefined, 'application/json');
    for (const g of groups.groups ?? []) {
      const preferred = g.preferredVersion?.version ?? g.versions[0]?.version;
      const ordered = [...g.versions].sort(
        (a, b) => Number(b.version === preferred) - Number(a.version === preferred),
      );
      for (const v of ordered)
        gvs.push({ group: g.name, version: v.version, preferred: v.version === preferred });
    }
    const lists = await Promise.all(
      gvs.map((gv) =>
        this.api
          .get<{ resources?: APIResource[] }>(
            gv.group ? `/apis/${gv.group}/${gv.version}` : `/api/${gv.version}`,
            undefined,
            'application/json',
          )
          .catch(() => ({ resources: [] as APIResource[] })),
      ),
    );
    const out: ResourceMapping[] = [];
    gvs.forEach((gv, i) => {
      const all = lists[i].resources ?? [];
      for (const r of all) {
        if (r.name.includes('/')) continue;
        out.push({
          group: gv.group,
          version: gv.version,
          resource: r.name,
          namespaced: r.namespaced,
          kind: r.kind,
          singular: r.singularName || r.kind.toLowerCase(),
          shortNames: r.shortNames ?? [],
          categories: r.categories ?? [],
          verbs: r.verbs ?? [],
          subresources: all
            .filter((s) => s.name.startsWith(`${r.name}/`))
            .map((s) => s.name.slice(r.name.length + 1)),
          preferred: gv.preferred,
        });
      }
    });
    return out;
  }

  /** Resolves one resource word; throws `the server doesn't have a resource type "x"`. */
  async resolve(word: string): Promise<ResourceMapping> {
    const found = match(await this.resources(), word) ?? match(await this.resources(true), word);
    if (!found) throw noResourceType(word);
    return found;
  }

  /** Expands a word that may be a category (`all`) into its resources; else resolves it. */
  async expand(word: string): Promise<ResourceMapping[]> {
    const all = await this.resources();
    const direct = match(all, word);
    if (direct) return [direct];
    const lower = word.toLowerCase();
    const inCategory = all.filter((r) => r.preferred && r.categories.includes(lower));
    if (inCategory.length > 0) {
      // One version per group/resource (autoscaling v2 and v1 both list `all`).
      const seen = new Set<string>();
      return inCategory.filter(
        (r) => !seen.has(`${r.group}/${r.resource}`) && seen.add(`${r.group}/${r.resource}`),
      );
    }
    return [await this.resolve(word)];
  }

  /** The mapping for a Kind in an apiVersion (`apps/v1`, `Deployment`), for manifests. */
  async forKind(apiVersion: string, kind: string): Promise<ResourceMapping | undefined> {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    const find = (rs: ResourceMapping[]) =>
      rs.find((r) => r.group === group && r.version === version && r.kind === kind);
    return find(await this.resources()) ?? find(await this.resources(true));
  }
}

function matchesName(r: ResourceMapping, word: string): boolean {
  return (
    r.resource === word ||
    r.singular === word ||
    r.shortNames.includes(word) ||
    r.kind.toLowerCase() === word
  );
}

/** RESTMapper-style match: `resource[.version].group` forms, then bare names; preferred versions win. */
function match(all: ResourceMapping[], raw: string): ResourceMapping | undefined {
  const word = raw.toLowerCase();
  const ranked = [...all.filter((r) => r.preferred), ...all.filter((r) => !r.preferred)];
  const dot = word.indexOf('.');
  if (dot > 0) {
    const name = word.slice(0, dot);
    const rest = word.slice(dot + 1);
    const second = rest.indexOf('.');
    if (second > 0) {
      const version = rest.slice(0, second);
      const group = rest.slice(second + 1);
      const gvr = ranked.find(
        (r) => r.group === group && r.version === version && matchesName(r, name),
      );
      if (gvr) return gvr;
    }
    const gr = ranked.find((r) => r.group === rest && matchesName(r, name));
    if (gr) return gr;
  }
  // Short names first (the shortcut expander runs before the RESTMapper), then plural/singular/kind.
  return (
    ranked.find((r) => r.shortNames.includes(word)) ?? ranked.find((r) => matchesName(r, word))
  );
}
