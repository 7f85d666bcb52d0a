/**
 * Parses REST paths the way the apiserver's installer registers them
 * (apiserver pkg/endpoints/installer.go): `/api/v1/...` and `/apis/{group}/{version}/...`,
 * namespaced `namespaces/{ns}/{resource}[/{name}[/{subresource}]]` and cluster-scoped
 * `{resource}[/{name}[/{subresource}]]`, plus the deprecated `/watch/` prefix.
 */

export interface ResourcePath {
  group: string;
  version: string;
  /** Plural resource, e.g. `pods`. */
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** True for the deprecated `/api/v1/watch/...` form. */
  watchPrefix: boolean;
}

export type ParsedPath =
  | { type: 'resource'; path: ResourcePath }
  /** `/api/v1` or `/apis/{g}/{v}`: a resource list. */
  | { type: 'groupVersion'; group: string; version: string }
  /** `/apis/{g}`: one APIGroup. */
  | { type: 'group'; group: string }
  | { type: 'none' };

/** Splits a path into its REST parts; `isNamespacedResource` tells `namespaces/x/pods` from `namespaces/x/status`. */
export function parsePath(
  path: string,
  isNamespacedResource: (group: string, version: string, resource: string) => boolean,
): ParsedPath {
  // One pass over the path (this runs on every request): non-empty segments, percent-decoded.
  const segments = splitSegments(path);
  let group: string;
  let version: string;
  let at: number;
  if (segments[0] === 'api') {
    if (segments.length < 2) return { type: 'none' };
    group = '';
    version = segments[1];
    at = 2;
  } else if (segments[0] === 'apis') {
    if (segments.length < 2) return { type: 'none' };
    if (segments.length === 2) return { type: 'group', group: segments[1] };
    group = segments[1];
    version = segments[2];
    at = 3;
  } else return { type: 'none' };
  if (at === segments.length) return { type: 'groupVersion', group, version };
  let watchPrefix = false;
  if (segments[at] === 'watch') {
    watchPrefix = true;
    at++;
    if (at === segments.length) return { type: 'none' };
  }
  const rest = segments.length - at;
  if (
    segments[at] === 'namespaces' &&
    rest >= 3 &&
    isNamespacedResource(group, version, segments[at + 2])
  ) {
    if (rest > 5) return { type: 'none' };
    return {
      type: 'resource',
      path: {
        group,
        version,
        namespace: segments[at + 1],
        resource: segments[at + 2],
        name: segments[at + 3],
        subresource: segments[at + 4],
        watchPrefix,
      },
    };
  }
  if (rest > 3) return { type: 'none' };
  return {
    type: 'resource',
    path: {
      group,
      version,
      resource: segments[at],
      name: segments[at + 1],
      subresource: segments[at + 2],
      watchPrefix,
    },
  };
}

/** The non-empty `/`-separated segments of a path, each percent-decoded. */
function splitSegments(path: string): string[] {
  const out: string[] = [];
  let from = 0;
  while (from <= path.length) {
    let to = path.indexOf('/', from);
    if (to < 0) to = path.length;
    if (to > from) out.push(safeDecode(path.slice(from, to)));
    from = to + 1;
  }
  return out;
}

function safeDecode(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
