/**
 * Cluster DNS as CoreDNS's kubernetes plugin answers it (the Kubernetes DNS specification,
 * github.com/kubernetes/dns docs/specification.md): `<svc>.<ns>.svc.cluster.local` is the
 * ClusterIP (A), a headless Service's name is the IPs of its ready endpoints, a StatefulSet pod
 * behind its governing headless Service is `<hostname>.<svc>.<ns>.svc.cluster.local`, an
 * ExternalName Service is a CNAME, and `a-b-c-d.<ns>.pod.cluster.local` is a pod IP (CoreDNS
 * `pods insecure`). A pod with dnsPolicy ClusterFirst resolves short names through the search
 * list `<ns>.svc.cluster.local svc.cluster.local cluster.local` with `ndots:5`.
 */
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { ClusterView } from './view.ts';

export const CLUSTER_DOMAIN = 'cluster.local';
/** The kube-dns Service IP kubeadm derives (10th address of 10.96.0.0/12). */
export const CLUSTER_DNS_IP = '10.96.0.10';
const NDOTS = 5;

export interface DnsAnswer {
  /** The name as finally answered (after search-list expansion). */
  name: string;
  rcode: 'NOERROR' | 'NXDOMAIN';
  /** A records. */
  addresses: string[];
  /** Set for ExternalName Services. */
  cname?: string;
  /** The Service the name belongs to, if any (`ns/name`). */
  service?: string;
  /** Every name tried, in order (search list), for the trace. */
  tried: string[];
}

/** The search list of a pod in `namespace` (kubelet's resolv.conf for dnsPolicy ClusterFirst). */
export function searchDomains(namespace: string): string[] {
  return [`${namespace}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN];
}

/** The names a resolver tries for `name` (resolv.conf semantics with ndots:5). */
export function candidateNames(name: string, namespace?: string): string[] {
  const bare = name.replace(/\.$/, '');
  if (name.endsWith('.') || !namespace) return [bare];
  const dots = bare.split('.').length - 1;
  const searched = searchDomains(namespace).map((d) => `${bare}.${d}`);
  return dots >= NDOTS ? [bare, ...searched] : [...searched, bare];
}

/** Resolves one fully qualified name against the cluster's records. */
export function lookup(view: ClusterView, fqdn: string): Omit<DnsAnswer, 'tried'> {
  const name = fqdn.toLowerCase();
  const nx = { name, rcode: 'NXDOMAIN' as const, addresses: [] };
  const suffix = `.${CLUSTER_DOMAIN}`;
  if (!name.endsWith(suffix)) return nx;
  const labels = name.slice(0, -suffix.length).split('.');
  // <a-b-c-d>.<ns>.pod.cluster.local
  if (labels.length === 3 && labels[2] === 'pod') {
    const ip = labels[0].replace(/-/g, '.');
    return /^\d+\.\d+\.\d+\.\d+$/.test(ip) ? { name, rcode: 'NOERROR', addresses: [ip] } : nx;
  }
  if (labels[labels.length - 1] !== 'svc') return nx;
  if (labels.length !== 3 && labels.length !== 4) return nx;
  const [host, svcName, ns] = labels.length === 4 ? labels : [undefined, labels[0], labels[1]];
  const service = view.services.get(`${ns}/${svcName}`) as Service | undefined;
  if (!service) return nx;
  const key = `${ns}/${svcName}`;
  if (service.spec?.type === 'ExternalName') {
    return host
      ? nx
      : { name, rcode: 'NOERROR', addresses: [], cname: service.spec.externalName, service: key };
  }
  const headless = service.spec?.clusterIP === 'None';
  if (!headless) {
    return host
      ? nx
      : { name, rcode: 'NOERROR', addresses: [service.spec?.clusterIP ?? ''], service: key };
  }
  const endpoints = (view.endpointSlices.list() as unknown as EndpointSlice[])
    .filter(
      (s) =>
        s.metadata?.namespace === ns &&
        s.metadata?.labels?.['kubernetes.io/service-name'] === svcName,
    )
    .flatMap((s) => s.endpoints ?? [])
    // CoreDNS publishes ready endpoints only (publishNotReadyAddresses makes them all ready).
    .filter((e) => e.conditions?.ready !== false);
  const matching = host ? endpoints.filter((e) => e.hostname === host) : endpoints;
  const addresses = [...new Set(matching.flatMap((e) => e.addresses))].sort();
  if (addresses.length === 0)
    return host ? nx : { name, rcode: 'NOERROR', addresses: [], service: key };
  return { name, rcode: 'NOERROR', addresses, service: key };
}

/** Resolves `name` as a pod in `namespace` would (search list), or as an FQDN without namespace. */
export function resolve(view: ClusterView, name: string, namespace?: string): DnsAnswer {
  const tried: string[] = [];
  for (const candidate of candidateNames(name, namespace)) {
    tried.push(candidate);
    const answer = lookup(view, candidate);
    if (answer.rcode === 'NOERROR') return { ...answer, tried };
  }
  return { name, rcode: 'NXDOMAIN', addresses: [], tried };
}
