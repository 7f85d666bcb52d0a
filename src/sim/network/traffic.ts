/**
 * The traffic model: `sendRequest` follows one HTTP request through the simulated data plane and
 * returns the hops (DNS, load balancer, node, kube-proxy's choice of endpoint with its rule
 * probability, ingress-nginx, NetworkPolicy, pod) and the outcome: served by a pod, or refused with
 * the reason a user would see. It reads only the data-plane view and kube-proxy's programmed
 * tables, and draws from the network's own seeded random stream, so it is deterministic and never
 * touches etcd.
 */
import type { Pod, Service } from 'kubernetes-types/core/v1';
import type { NetworkPolicy } from 'kubernetes-types/networking/v1';
import type { ApiHandler } from '../api/types.ts';
import { CLUSTER_DNS_IP, resolve } from './dns.ts';
import { evaluateNetworkPolicies } from './network-policy.ts';
import {
  fail,
  loadBalancerNode,
  namespaceMap,
  nodeDown,
  throughKubeProxy,
  type Outcome,
  type TrafficHop,
} from './datapath.ts';
import { ingressRequest } from './traffic-ingress.ts';
import { networkOf, type Network } from './index.ts';
import { podIP } from './pod-util.ts';
import type { Peer } from './network-policy.ts';

export type TrafficSource =
  | { external: true; via?: 'loadbalancer' | 'nodeport'; node?: string; clientIP?: string }
  | { pod: string };

export interface TrafficRequest {
  from: TrafficSource;
  /**
   * `service/<ns>/<name>`, `ingress/<ns>/<name>`, a DNS name (`web`, `web.shop`,
   * `web.shop.svc.cluster.local`), an IP, or a URL (`http://shop.example.com/api`).
   */
  to: string;
  port?: number;
  path?: string;
  host?: string;
  scheme?: 'http' | 'https';
}

export interface TrafficResult {
  at: number;
  request: TrafficRequest;
  hops: TrafficHop[];
  outcome: Outcome;
}

/** The documentation address a simulated outside client uses. */
export const DEFAULT_CLIENT_IP = '203.0.113.10';

function networkFrom(target: Network | { api: ApiHandler }): Network | undefined {
  return 'view' in target ? target : networkOf(target.api);
}

/** Sends one request and traces it hop by hop. */
export function sendRequest(
  target: Network | { api: ApiHandler },
  request: TrafficRequest,
): TrafficResult {
  const network = networkFrom(target);
  const at = network?.ctx.clock.now() ?? 0;
  const hops: TrafficHop[] = [];
  if (!network)
    return {
      at,
      request,
      hops,
      outcome: fail('unreachable', 'the cluster network is not running'),
    };
  const result = { at, request, hops, outcome: route(network, request, hops) };
  for (const listener of network.trafficListeners) listener(result);
  return result;
}

/** Subscribes to every request routed on `network` (kept in memory, never in etcd). */
export function onTraffic(network: Network, listener: (result: TrafficResult) => void): () => void {
  network.trafficListeners.add(listener);
  return () => network.trafficListeners.delete(listener);
}

/** The first worker node that is up (where an outside client's NodePort request lands by default). */
function defaultNode(network: Network): string | undefined {
  const up = network.ctx.nodes.filter((n) => !nodeDown(network, n.name));
  return (up.find((n) => n.role === 'worker') ?? up[0])?.name;
}

function route(network: Network, request: TrafficRequest, hops: TrafficHop[]): Outcome {
  let source: Peer;
  let sourceNode: string | undefined;
  let namespace: string | undefined;
  if ('pod' in request.from) {
    const pod = network.view.pods.get(request.from.pod) as Pod | undefined;
    if (!pod) return fail('unreachable', `pod "${request.from.pod}" not found`);
    const ip = podIP(pod);
    if (!ip || pod.status?.phase !== 'Running' || !pod.spec?.nodeName)
      return fail('unreachable', `pod "${request.from.pod}" is not running`);
    if (nodeDown(network, pod.spec.nodeName))
      return fail('node-down', `node "${pod.spec.nodeName}" is down`);
    source = { ip, pod };
    sourceNode = pod.spec.nodeName;
    namespace = pod.metadata?.namespace;
    hops.push({
      kind: 'client',
      pod: request.from.pod,
      node: sourceNode,
      ip,
      text: `pod ${request.from.pod} on ${sourceNode} (${ip})`,
    });
  } else {
    source = { ip: request.from.clientIP ?? DEFAULT_CLIENT_IP };
    hops.push({ kind: 'client', ip: source.ip, text: `client outside the cluster (${source.ip})` });
  }
  const to = request.to;
  if (to.startsWith('service/')) {
    const [, ns, name] = to.split('/');
    const svc = network.view.services.get(`${ns}/${name}`) as Service | undefined;
    if (!svc) return fail('dns', `services "${name}" not found in namespace "${ns}"`);
    return toService(network, request, hops, svc, source, sourceNode);
  }
  if (to.startsWith('ingress/')) {
    return ingressRequest(network, request, hops, source, sourceNode, to.slice('ingress/'.length));
  }
  // A URL or a bare name/IP.
  const url = /^(https?):\/\/([^/:]+)(?::(\d+))?(\/.*)?$/.exec(to);
  const host = url ? url[2] : to;
  const req: TrafficRequest = {
    ...request,
    scheme: request.scheme ?? (url?.[1] as 'http' | 'https' | undefined),
    port: request.port ?? (url?.[3] ? Number(url[3]) : undefined),
    path: request.path ?? url?.[4],
    host: request.host ?? host,
  };
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host))
    return toAddress(network, req, hops, host, source, sourceNode);
  if (namespace !== undefined) {
    const blocked = dnsBlocked(network, source);
    if (blocked) {
      hops.push({ kind: 'network-policy', text: blocked });
      return fail(
        'network-policy',
        `dial tcp: lookup ${host} on ${CLUSTER_DNS_IP}:53: i/o timeout (${blocked})`,
      );
    }
    const answer = resolve(network.view, host, namespace);
    hops.push({
      kind: 'dns',
      text:
        answer.rcode === 'NOERROR'
          ? `DNS ${answer.name} → ${answer.cname ? `CNAME ${answer.cname}` : answer.addresses.join(', ') || '(no addresses)'}`
          : `DNS ${host}: NXDOMAIN (tried ${answer.tried.join(', ')})`,
    });
    if (answer.rcode !== 'NOERROR') return fail('dns', `dial tcp: lookup ${host}: no such host`);
    if (answer.cname)
      return fail('unreachable', `${host} is an alias for ${answer.cname}, outside the cluster`);
    if (answer.addresses.length === 0)
      return fail(
        'no-endpoints',
        `dial tcp: lookup ${host}: no such host (headless service without ready endpoints)`,
      );
    // A headless name has one A record per ready pod; clients take the first.
    return toAddress(network, req, hops, answer.addresses[0], source, sourceNode);
  }
  // From outside, names are only reachable through the ingress controller's hosts.
  return ingressRequest(network, req, hops, source, undefined, undefined);
}

function toAddress(
  network: Network,
  request: TrafficRequest,
  hops: TrafficHop[],
  ip: string,
  source: Peer,
  sourceNode?: string,
): Outcome {
  const port = request.port ?? (request.scheme === 'https' ? 443 : 80);
  if (sourceNode) return throughKubeProxy(network, hops, sourceNode, { ip, port }, source, false);
  const node = network.ctx.nodes.find((n) => n.internalIP === ip);
  if (node)
    return throughKubeProxy(network, hops, node.name, { nodePort: port, port }, source, true);
  const lbNode = loadBalancerNode(network, ip);
  if (!lbNode)
    return fail(
      'unreachable',
      `dial tcp ${ip}:${port}: i/o timeout (nothing answers for ${ip} outside the cluster)`,
    );
  hops.push({
    kind: 'load-balancer',
    node: lbNode,
    ip,
    port,
    text: `load balancer ${ip}: announced by ${lbNode} (MetalLB L2)`,
  });
  return throughKubeProxy(network, hops, lbNode, { ip, port }, source, true);
}

function toService(
  network: Network,
  request: TrafficRequest,
  hops: TrafficHop[],
  svc: Service,
  source: Peer,
  sourceNode?: string,
): Outcome {
  const ports = svc.spec?.ports ?? [];
  const sp =
    request.port !== undefined
      ? ports.find((p) => p.port === request.port || p.name === String(request.port))
      : ports[0];
  const name = `${svc.metadata?.namespace}/${svc.metadata?.name}`;
  if (!sp)
    return fail('connection-refused', `service "${name}" has no port ${request.port ?? ''}`.trim());
  if (svc.spec?.type === 'ExternalName')
    return fail(
      'unreachable',
      `service "${name}" is an ExternalName (${svc.spec.externalName}): DNS only`,
    );
  if (sourceNode) {
    if (svc.spec?.clusterIP === 'None') {
      const answer = resolve(
        network.view,
        `${svc.metadata?.name}.${svc.metadata?.namespace}.svc.cluster.local`,
      );
      if (answer.addresses.length === 0)
        return fail('no-endpoints', `no endpoints available for service "${svc.metadata?.name}"`);
      return toAddress(
        network,
        { ...request, port: sp.port },
        hops,
        answer.addresses[0],
        source,
        sourceNode,
      );
    }
    return throughKubeProxy(
      network,
      hops,
      sourceNode,
      { ip: svc.spec?.clusterIP, port: sp.port },
      source,
      false,
    );
  }
  const external = request.from as { via?: string; node?: string };
  const lbIP = svc.status?.loadBalancer?.ingress?.[0]?.ip;
  const via = external.via ?? (lbIP ? 'loadbalancer' : 'nodeport');
  if (via === 'loadbalancer') {
    if (svc.spec?.type !== 'LoadBalancer')
      return fail(
        'unreachable',
        `service "${name}" is of type ${svc.spec?.type ?? 'ClusterIP'}, not LoadBalancer`,
      );
    if (!lbIP)
      return fail(
        'unreachable',
        `service "${name}" has no external IP yet (EXTERNAL-IP <pending>)`,
      );
    return toAddress(network, { ...request, port: sp.port }, hops, lbIP, source);
  }
  if (!sp.nodePort)
    return fail(
      'unreachable',
      `service "${name}" of type ${svc.spec?.type ?? 'ClusterIP'} is not reachable from outside the cluster (no NodePort)`,
    );
  const node = external.node ?? defaultNode(network);
  if (!node) return fail('node-down', 'no node is up');
  const nodeIP = network.ctx.nodes.find((n) => n.name === node)?.internalIP;
  hops.push({
    kind: 'node',
    node,
    ip: nodeIP,
    port: sp.nodePort,
    text: `node ${node} (${nodeIP}:${sp.nodePort})`,
  });
  return throughKubeProxy(
    network,
    hops,
    node,
    { nodePort: sp.nodePort, port: sp.port },
    source,
    true,
  );
}

/**
 * A name lookup is itself traffic: UDP 53 from the pod to a CoreDNS pod. A default-deny egress
 * policy that forgets DNS breaks every lookup (a classic). Undefined when DNS is reachable.
 */
function dnsBlocked(network: Network, source: Peer): string | undefined {
  // Without a kube-dns Service there is no cluster DNS to model (a bare test cluster).
  if (!source.pod || !network.view.services.get('kube-system/kube-dns')) return undefined;
  const dnsPods = (network.view.pods.list() as unknown as Pod[]).filter(
    (p) =>
      p.metadata?.namespace === 'kube-system' &&
      p.metadata?.labels?.['k8s-app'] === 'kube-dns' &&
      p.status?.phase === 'Running' &&
      !p.metadata?.deletionTimestamp &&
      !!podIP(p) &&
      !nodeDown(network, p.spec?.nodeName ?? ''),
  );
  if (dnsPods.length === 0)
    return 'no CoreDNS pod is running (service "kube-system/kube-dns" has no endpoints)';
  const policies = network.view.networkPolicies.list() as unknown as NetworkPolicy[];
  if (policies.length === 0) return undefined;
  const namespaces = namespaceMap(network);
  let reason: string | undefined;
  for (const dns of dnsPods) {
    const target = { ip: podIP(dns) ?? '', pod: dns };
    const verdict = evaluateNetworkPolicies(policies, namespaces, source, target, 53, 'UDP');
    if (verdict.allowed) return undefined;
    reason ??= `DNS query to ${dns.metadata?.name} ${verdict.reason}`;
  }
  return reason;
}
