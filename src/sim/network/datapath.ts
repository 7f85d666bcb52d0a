/**
 * The packet path inside the cluster, one connection at a time: a node's kube-proxy rules turn a
 * Service address into one endpoint (iptables' statistic ladder, drawn with the data plane's seeded
 * random stream, after the `recent` affinity check), then the connection reaches the pod, unless
 * the node is down, the pod is gone or not running, or a NetworkPolicy denies it.
 */
import type { Namespace, Pod, Service } from 'kubernetes-types/core/v1';
import type { NetworkPolicy } from 'kubernetes-types/networking/v1';
import type { Network } from './index.ts';
import { evaluateNetworkPolicies, type Peer } from './network-policy.ts';
import { podIP } from './pod-util.ts';
import type { ProxyEndpoint, ProxyServicePort } from './proxy-table.ts';

export type HopKind =
  | 'client'
  | 'dns'
  | 'load-balancer'
  | 'node'
  | 'kube-proxy'
  | 'ingress-controller'
  | 'service'
  | 'network-policy'
  | 'pod';

export interface TrafficHop {
  kind: HopKind;
  text: string;
  node?: string;
  pod?: string;
  service?: string;
  ip?: string;
  port?: number;
  chain?: string;
  /** The `--probability` written on the rule that matched (absent on the last, unconditional rule). */
  probability?: string;
}

export type FailureKind =
  | 'no-endpoints'
  | 'no-route'
  | 'not-found'
  | 'service-unavailable'
  | 'node-down'
  | 'connection-refused'
  | 'network-policy'
  | 'dns'
  | 'unreachable';

export interface Served {
  ok: true;
  namespace: string;
  pod: string;
  node: string;
  ip: string;
  port: number;
  status: number;
}

export interface Failed {
  ok: false;
  kind: FailureKind;
  reason: string;
  /** HTTP status when a proxy (ingress-nginx) answered instead of a pod. */
  status?: number;
}

export type Outcome = Served | Failed;

export const fail = (kind: FailureKind, reason: string, status?: number): Failed => ({
  ok: false,
  kind,
  reason,
  ...(status !== undefined ? { status } : {}),
});

interface Indexes {
  podsByIP?: Map<string, Pod>;
  namespaces?: Map<string, Namespace>;
}
const indexes = new WeakMap<Network, Indexes>();

/** Lookup tables rebuilt lazily after the pods or namespaces they index change. */
function indexesOf(network: Network): Indexes {
  let idx = indexes.get(network);
  if (!idx) {
    const fresh: Indexes = {};
    idx = fresh;
    indexes.set(network, fresh);
    const dropPods = () => (fresh.podsByIP = undefined);
    const dropNamespaces = () => (fresh.namespaces = undefined);
    network.view.pods.on({ add: dropPods, update: dropPods, delete: dropPods });
    network.view.namespaces.on({
      add: dropNamespaces,
      update: dropNamespaces,
      delete: dropNamespaces,
    });
  }
  return idx;
}

/** Live pod by IP (pods that are not terminal), from the data-plane view. */
export function podByIP(network: Network, ip: string): Pod | undefined {
  const idx = indexesOf(network);
  if (!idx.podsByIP) {
    idx.podsByIP = new Map();
    for (const obj of network.view.pods.list()) {
      const pod = obj as unknown as Pod;
      const address = podIP(pod);
      if (!address || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
      // Host-network pods share the node's IP: keep the first (the address answers either way).
      if (!idx.podsByIP.has(address)) idx.podsByIP.set(address, pod);
    }
  }
  return idx.podsByIP.get(ip);
}

/** Namespaces by name (for namespaceSelector), from the data-plane view. */
export function namespaceMap(network: Network): Map<string, Namespace> {
  const idx = indexesOf(network);
  if (!idx.namespaces) {
    idx.namespaces = new Map();
    for (const ns of network.view.namespaces.list())
      idx.namespaces.set(ns.metadata?.name ?? '', ns as unknown as Namespace);
  }
  return idx.namespaces;
}

/** Whether the node's machine is down (fault injected, or its Node object is gone). */
export function nodeDown(network: Network, node: string): boolean {
  return network.downNodes.has(node) || !network.view.nodes.get(node);
}

/**
 * Picks the endpoint kube-proxy's rules would: first a live ClientIP affinity entry (`recent
 * --rcheck --seconds N --reap`), then rule i matches with its probability 1/(n-i), the last
 * always. Records the affinity entry (`recent --set`) when affinity is on.
 */
export function chooseEndpoint(
  network: Network,
  node: string,
  sp: ProxyServicePort,
  endpoints: ProxyEndpoint[],
  clientIP: string,
): { endpoint: ProxyEndpoint; probability?: string; sticky: boolean } {
  const now = network.ctx.clock.now();
  if (sp.stickySeconds !== undefined) {
    for (const e of endpoints) {
      const seen = network.affinity.get(`${node}|${e.chain}|${clientIP}`);
      if (seen !== undefined && now - seen <= sp.stickySeconds * 1000) {
        network.affinity.set(`${node}|${e.chain}|${clientIP}`, now);
        return { endpoint: e, sticky: true };
      }
    }
  }
  let chosen = endpoints[endpoints.length - 1];
  let probability: string | undefined;
  for (let i = 0; i < endpoints.length - 1; i++) {
    const p = 1 / (endpoints.length - i);
    if (network.rng.next() < p) {
      chosen = endpoints[i];
      probability = p.toFixed(10);
      break;
    }
  }
  if (sp.stickySeconds !== undefined)
    network.affinity.set(`${node}|${chosen.chain}|${clientIP}`, now);
  return { endpoint: chosen, probability, sticky: false };
}

/**
 * Sends a connection into `node`'s kube-proxy rules for `ip:port`: Service addresses are DNATed
 * to an endpoint; other addresses go straight to the pod network.
 */
export function throughKubeProxy(
  network: Network,
  hops: TrafficHop[],
  node: string,
  target: { ip?: string; nodePort?: number; port: number },
  source: Peer,
  external: boolean,
): Outcome {
  if (nodeDown(network, node)) return fail('node-down', `node "${node}" is down`);
  const proxy = network.proxies.get(node);
  const table = proxy?.rules();
  const key =
    target.nodePort !== undefined
      ? table?.byNodePort.get(`${target.nodePort}/TCP`)
      : table?.byDestination.get(`${target.ip}:${target.port}/TCP`);
  const sp = key ? table?.servicePorts.get(key) : undefined;
  if (!sp) {
    if (target.nodePort !== undefined)
      return fail(
        'connection-refused',
        `dial tcp ${network.ctx.nodes.find((n) => n.name === node)?.internalIP}:${target.nodePort}: connect: connection refused (no NodePort ${target.nodePort} on ${node})`,
      );
    return deliverToPod(network, hops, target.ip ?? '', target.port, source);
  }
  const isExternalAddress =
    external || target.nodePort !== undefined || sp.loadBalancerIPs.includes(target.ip ?? '');
  const local = isExternalAddress
    ? sp.externalTrafficPolicy === 'Local'
    : sp.internalTrafficPolicy === 'Local';
  // Pods reaching an external address of a Local service short-circuit to the cluster chain.
  const endpoints =
    local && !(source.pod && isExternalAddress) ? sp.localEndpoints : sp.clusterEndpoints;
  const svcText = `${sp.namespace}/${sp.service}`;
  hops.push({
    kind: 'service',
    service: svcText,
    ip: target.nodePort !== undefined ? undefined : target.ip,
    port: target.nodePort ?? target.port,
    text:
      target.nodePort !== undefined
        ? `NodePort ${target.nodePort} of service "${svcText}" on ${node}`
        : `${isExternalAddress && target.ip !== sp.clusterIP ? 'load-balancer IP' : 'service VIP'} ${target.ip}:${target.port} of "${svcText}"`,
  });
  if (!sp.hasEndpoints)
    return fail('no-endpoints', `no endpoints available for service "${sp.service}"`);
  if (endpoints.length === 0)
    return fail(
      'no-endpoints',
      `${sp.name} has no local endpoints on node "${node}" (externalTrafficPolicy: Local): dropped`,
    );
  const clientIP = source.ip;
  const pick = chooseEndpoint(network, node, sp, endpoints, clientIP);
  const e = pick.endpoint;
  const stale = proxy && !proxy.running() ? ' (kube-proxy is stopped: these rules are stale)' : '';
  hops.push({
    kind: 'kube-proxy',
    node,
    chain: e.chain,
    probability: pick.probability,
    ip: e.ip,
    port: e.port,
    pod: e.podName,
    text: pick.sticky
      ? `kube-proxy on ${node}: ${sp.svcChain} → ${e.chain} (ClientIP affinity for ${clientIP}) → DNAT ${e.address}${stale}`
      : `kube-proxy on ${node}: ${local ? sp.svlChain : sp.svcChain} → ${e.chain} ${pick.probability ? `(--probability ${pick.probability})` : '(last rule, unconditional)'} of ${endpoints.length} endpoint(s) → DNAT ${e.address}${stale}`,
  });
  // Traffic from outside with Cluster policy is masqueraded to the node's IP (KUBE-MARK-MASQ).
  const seenSource =
    external && !local
      ? { ip: network.ctx.nodes.find((n) => n.name === node)?.internalIP ?? source.ip }
      : source;
  return deliverToPod(network, hops, e.ip, e.port, seenSource);
}

/** The last hop: the pod with `ip` answers on `port`, if it can and policies allow it. */
export function deliverToPod(
  network: Network,
  hops: TrafficHop[],
  ip: string,
  port: number,
  source: Peer,
): Outcome {
  const pod = podByIP(network, ip);
  if (!pod)
    return fail(
      'unreachable',
      `dial tcp ${ip}:${port}: connect: no route to host (no pod has IP ${ip})`,
    );
  const ns = pod.metadata?.namespace ?? '';
  const name = pod.metadata?.name ?? '';
  const node = pod.spec?.nodeName ?? '';
  if (node && nodeDown(network, node))
    return fail(
      'node-down',
      `dial tcp ${ip}:${port}: i/o timeout (node "${node}" of pod "${ns}/${name}" is down)`,
    );
  if (pod.status?.phase !== 'Running')
    return fail(
      'connection-refused',
      `dial tcp ${ip}:${port}: connect: connection refused (pod "${ns}/${name}" is ${pod.status?.phase ?? 'Pending'})`,
    );
  const policies = network.view.networkPolicies.list() as unknown as NetworkPolicy[];
  const verdict = evaluateNetworkPolicies(
    policies,
    namespaceMap(network),
    source,
    { ip, pod },
    port,
  );
  if (!verdict.allowed) {
    hops.push({ kind: 'network-policy', pod: `${ns}/${name}`, text: verdict.reason ?? 'denied' });
    return fail('network-policy', verdict.reason ?? 'denied by NetworkPolicy');
  }
  hops.push({
    kind: 'pod',
    pod: `${ns}/${name}`,
    node,
    ip,
    port,
    text: `pod ${ns}/${name} on ${node} (${ip}:${port}) answers`,
  });
  return { ok: true, namespace: ns, pod: name, node, ip, port, status: 200 };
}

/**
 * The node that answers ARP for a load-balancer IP (MetalLB layer-2 mode: one speaker per address;
 * with externalTrafficPolicy Local only nodes with a ready local endpoint may announce it).
 */
export function loadBalancerNode(network: Network, ip: string): string | undefined {
  const svc = (network.view.services.list() as unknown as Service[]).find((s) =>
    (s.status?.loadBalancer?.ingress ?? []).some((i) => i.ip === ip),
  );
  if (!svc) return undefined;
  let candidates = network.ctx.nodes
    .filter(
      (n) =>
        !nodeDown(network, n.name) &&
        n.labels['node.kubernetes.io/exclude-from-external-load-balancers'] === undefined,
    )
    .map((n) => n.name);
  if (svc.spec?.externalTrafficPolicy === 'Local') {
    const table = network.proxies.values().next().value?.rules();
    const local = new Set(
      [...(table?.servicePorts.values() ?? [])]
        .filter(
          (sp) => sp.namespace === svc.metadata?.namespace && sp.service === svc.metadata?.name,
        )
        .flatMap((sp) => sp.clusterEndpoints.map((e) => e.nodeName)),
    );
    candidates = candidates.filter((n) => local.has(n));
  }
  if (candidates.length === 0) return undefined;
  // Deterministic election: hash of the address over the sorted candidate nodes.
  let h = 0;
  for (const ch of ip) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return candidates.sort()[h % candidates.length];
}
