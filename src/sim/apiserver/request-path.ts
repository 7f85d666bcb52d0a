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
  const segments = path
    .split('/')
    .filter((s) => s !== '')
    .map(safeDecode);
  let group: string;
  let version: string;
  let rest: string[];
  if (segments[0] === 'api') {
    if (segments.length < 2) return { type: 'none' };
    group = '';
    version = segments[1];
    rest = segments.slice(2);
  } else if (segments[0] === 'apis') {
    if (segments.length < 2) return { type: 'none' };
    if (segments.length === 2) return { type: 'group', group: segments[1] };
    group = segments[1];
    version = segments[2];
    rest = segments.slice(3);
  } else return { type: 'none' };
  if (rest.length === 0) return { type: 'groupVersion', group, version };
  let watchPrefix = false;
  if (rest[0] === 'watch') {
    watchPrefix = true;
    rest = rest.slice(1);
    if (rest.length === 0) return { type: 'none' };
  }
  if (
    rest[0] === 'namespaces' &&
    rest.length >= 3 &&
    isNamespacedResource(group, version, rest[2])
  ) {
    if (rest.length > 5) return { type: 'none' };
    return {
      type: 'resource',
      path: {
        group,
        version,
        namespace: rest[1],
        resource: rest[2],
        name: rest[3],
        subresource: rest[4],
        watchPrefix,
      },
    };
  }
  if (rest.length > 3) return { type: 'none' };
  return {
    type: 'resource',
    path: { group, version, resource: rest[0], name: rest[1], subresource: rest[2], watchPrefix },
  };
}

function safeDecode(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
