/**
 * How an Ingress controller picks a backend (networking.k8s.io/v1 semantics, as ingress-nginx
 * implements them): rules match the request host exactly or by a leading `*.` wildcard (one
 * label); within the matching rules the longest path wins, Exact before Prefix at equal length;
 * Prefix matches whole path elements (`/api` matches `/api` and `/api/x`, not `/apix`);
 * ImplementationSpecific is treated as Prefix. No match: the Ingress's defaultBackend, else the
 * controller's default backend answers 404.
 */
import type { Ingress, IngressBackend } from 'kubernetes-types/networking/v1';

export interface IngressRoute {
  ingress: string;
  host: string;
  path: string;
  pathType: string;
  backend: IngressBackend;
}

export interface IngressMatch {
  route: IngressRoute;
  /** Whether the Ingress's defaultBackend (not a rule) matched. */
  isDefaultBackend: boolean;
}

/** Whether a Prefix path matches a request path element-wise. */
export function prefixMatches(prefix: string, path: string): boolean {
  const p = prefix === '/' ? [] : prefix.replace(/\/+$/, '').split('/').filter(Boolean);
  const r = path.split('?')[0].split('/').filter(Boolean);
  if (p.length > r.length) return false;
  return p.every((element, i) => element === r[i]);
}

/** Whether a rule host (maybe `*.example.com`) matches the request host. */
export function hostMatches(ruleHost: string | undefined, host: string): boolean {
  if (!ruleHost) return true;
  const h = host.toLowerCase().replace(/:\d+$/, '');
  if (ruleHost.startsWith('*.')) {
    const rest = ruleHost.slice(2);
    const dot = h.indexOf('.');
    return dot > 0 && h.slice(dot + 1) === rest;
  }
  return ruleHost.toLowerCase() === h;
}

/** Picks the route for host+path among the Ingresses a controller serves. */
export function matchIngress(
  ingresses: Ingress[],
  host: string,
  path: string,
): IngressMatch | undefined {
  const candidates: { route: IngressRoute; specificity: number }[] = [];
  const requestPath = path.split('?')[0] || '/';
  const serverRanks: number[] = [];
  for (const ing of ingresses) {
    const key = `${ing.metadata?.namespace}/${ing.metadata?.name}`;
    for (const rule of ing.spec?.rules ?? []) {
      if (!hostMatches(rule.host, host)) continue;
      // An exact host beats a wildcard, which beats a rule without host.
      const hostRank = !rule.host ? 0 : rule.host.startsWith('*.') ? 1 : 2;
      serverRanks.push(hostRank);
      for (const p of rule.http?.paths ?? []) {
        const pathType = p.pathType ?? 'ImplementationSpecific';
        const rulePath = p.path ?? '/';
        const ok =
          pathType === 'Exact' ? rulePath === requestPath : prefixMatches(rulePath, requestPath);
        if (!ok) continue;
        const specificity = hostRank * 1e6 + rulePath.length * 2 + (pathType === 'Exact' ? 1 : 0);
        candidates.push({
          route: {
            ingress: key,
            host: rule.host ?? '*',
            path: rulePath,
            pathType,
            backend: p.backend,
          },
          specificity,
        });
      }
    }
  }
  // nginx picks the server (host) first, then a location in it: a request for a host that has
  // rules never falls through to another host's or the catch-all server's paths.
  const bestHost = Math.max(-1, ...serverRanks);
  const inServer = candidates.filter((c) => Math.floor(c.specificity / 1e6) === bestHost);
  inServer.sort((a, b) => b.specificity - a.specificity);
  if (inServer.length) return { route: inServer[0].route, isDefaultBackend: false };
  for (const ing of ingresses) {
    if (ing.spec?.defaultBackend) {
      return {
        route: {
          ingress: `${ing.metadata?.namespace}/${ing.metadata?.name}`,
          host: '*',
          path: '/',
          pathType: 'Prefix',
          backend: ing.spec.defaultBackend,
        },
        isDefaultBackend: true,
      };
    }
  }
  return undefined;
}

/** The IngressClass name an Ingress asks for (spec, then the legacy annotation). */
export function ingressClassOf(ingress: Ingress): string | undefined {
  return (
    ingress.spec?.ingressClassName ?? ingress.metadata?.annotations?.['kubernetes.io/ingress.class']
  );
}
