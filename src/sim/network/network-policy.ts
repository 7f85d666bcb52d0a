/**
 * NetworkPolicy semantics (networking.k8s.io/v1, as CNI plugins enforce them): a pod selected by
 * any policy with policyType Ingress (Egress) accepts (sends) only what at least one of those
 * policies' rules allows; a pod selected by none is open in that direction. Rules match peers by
 * podSelector (in the policy's namespace), namespaceSelector, both (pods matching in matching
 * namespaces) or ipBlock (cidr minus except), and ports by number, named container port or range
 * (endPort). Replies of an allowed connection are always allowed (policies are stateful).
 */
import type { Namespace, Pod } from 'kubernetes-types/core/v1';
import type {
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyPort,
} from 'kubernetes-types/networking/v1';
import { matchesLabelSelector as selectorMatches } from '../scheduler/selectors.ts';

/** One end of a connection: a pod, or an address outside the pod network. */
export interface Peer {
  ip: string;
  pod?: Pod;
}

export interface PolicyVerdict {
  allowed: boolean;
  direction?: 'ingress' | 'egress';
  /** `ns/name` of the policies that isolate the denied pod. */
  policies?: string[];
  /** Human text: `denied by NetworkPolicy "default/deny-all" (egress)`. */
  reason?: string;
}

/** policyTypes as defaulted by the API: Ingress always, Egress when egress rules are present. */
export function policyTypes(policy: NetworkPolicy): ('Ingress' | 'Egress')[] {
  const declared = policy.spec?.policyTypes;
  if (declared && declared.length) return declared as ('Ingress' | 'Egress')[];
  return policy.spec?.egress ? ['Ingress', 'Egress'] : ['Ingress'];
}

/** Parses a dotted IPv4 address to a 32-bit number (NaN when it is not one). */
export function ipv4ToNumber(ip: string): number {
  const parts = ip.split('.');
  if (parts.length !== 4) return NaN;
  let n = 0;
  for (const p of parts) {
    const v = Number(p);
    if (!/^[0-9]{1,3}$/.test(p) || v > 255) return NaN;
    n = n * 256 + v;
  }
  return n;
}

/** Whether `ip` lies in `cidr` (IPv4). */
export function cidrContains(cidr: string, ip: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  const a = ipv4ToNumber(base);
  const b = ipv4ToNumber(ip);
  if (Number.isNaN(a) || Number.isNaN(b) || !(bits >= 0 && bits <= 32)) return false;
  const size = 2 ** (32 - bits);
  return Math.floor(a / size) === Math.floor(b / size);
}

function peerMatches(
  rulePeer: NetworkPolicyPeer,
  policyNamespace: string,
  other: Peer,
  namespaces: Map<string, Namespace>,
): boolean {
  if (rulePeer.ipBlock) {
    if (!cidrContains(rulePeer.ipBlock.cidr, other.ip)) return false;
    return !(rulePeer.ipBlock.except ?? []).some((c) => cidrContains(c, other.ip));
  }
  const pod = other.pod;
  if (!pod) return false;
  const podNs = pod.metadata?.namespace ?? '';
  if (rulePeer.namespaceSelector) {
    const ns = namespaces.get(podNs);
    const nsLabels = ns?.metadata?.labels ?? { 'kubernetes.io/metadata.name': podNs };
    if (!selectorMatches(rulePeer.namespaceSelector, nsLabels)) return false;
  } else if (podNs !== policyNamespace) {
    return false;
  }
  if (rulePeer.podSelector) return selectorMatches(rulePeer.podSelector, pod.metadata?.labels);
  return true;
}

function portMatches(
  rulePorts: NetworkPolicyPort[] | undefined,
  port: number,
  protocol: string,
  destination: Pod | undefined,
): boolean {
  if (!rulePorts || rulePorts.length === 0) return true;
  return rulePorts.some((rp) => {
    if ((rp.protocol ?? 'TCP') !== protocol) return false;
    if (rp.port === undefined) return true;
    if (typeof rp.port === 'string' && !/^[0-9]+$/.test(rp.port)) {
      // A named port refers to the destination pod's container port of that name.
      const named = (destination?.spec?.containers ?? [])
        .flatMap((c) => c.ports ?? [])
        .find((p) => p.name === rp.port && (p.protocol ?? 'TCP') === protocol);
      return named?.containerPort === port;
    }
    const start = Number(rp.port);
    const end = rp.endPort ?? start;
    return port >= start && port <= end;
  });
}

/**
 * Whether a connection from `source` to `destination` on `port` is allowed, checking egress of
 * the source pod and ingress of the destination pod.
 */
export function evaluateNetworkPolicies(
  policies: NetworkPolicy[],
  namespaces: Map<string, Namespace>,
  source: Peer,
  destination: Peer,
  port: number,
  protocol = 'TCP',
): PolicyVerdict {
  if (source.pod) {
    const ns = source.pod.metadata?.namespace ?? '';
    const isolating = policies.filter(
      (p) =>
        p.metadata?.namespace === ns &&
        policyTypes(p).includes('Egress') &&
        selectorMatches(p.spec?.podSelector ?? {}, source.pod?.metadata?.labels),
    );
    if (isolating.length) {
      const ok = isolating.some((p) =>
        (p.spec?.egress ?? []).some(
          (rule) =>
            portMatches(rule.ports, port, protocol, destination.pod) &&
            (!rule.to ||
              rule.to.length === 0 ||
              rule.to.some((peer) => peerMatches(peer, ns, destination, namespaces))),
        ),
      );
      if (!ok) return denial('egress', isolating);
    }
  }
  if (destination.pod) {
    const ns = destination.pod.metadata?.namespace ?? '';
    const isolating = policies.filter(
      (p) =>
        p.metadata?.namespace === ns &&
        policyTypes(p).includes('Ingress') &&
        selectorMatches(p.spec?.podSelector ?? {}, destination.pod?.metadata?.labels),
    );
    if (isolating.length) {
      const ok = isolating.some((p) =>
        (p.spec?.ingress ?? []).some(
          (rule) =>
            portMatches(rule.ports, port, protocol, destination.pod) &&
            (!rule.from ||
              rule.from.length === 0 ||
              rule.from.some((peer) => peerMatches(peer, ns, source, namespaces))),
        ),
      );
      if (!ok) return denial('ingress', isolating);
    }
  }
  return { allowed: true };
}

function denial(direction: 'ingress' | 'egress', isolating: NetworkPolicy[]): PolicyVerdict {
  const names = isolating.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`).sort();
  const list = names.map((n) => `"${n}"`).join(', ');
  const reason =
    names.length === 1
      ? `denied by NetworkPolicy ${list} (${direction}: no rule allows this connection)`
      : `denied by NetworkPolicies ${list} (${direction}: default deny, no rule allows this connection)`;
  return { allowed: false, direction, policies: names, reason };
}
