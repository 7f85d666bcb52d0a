/**
 * The ingress leg of a request: the client reaches ingress-nginx through its LoadBalancer Service
 * (kube-proxy picks a controller pod), nginx picks the server by Host and the location by path,
 * terminates TLS with the certificate from the Ingress's `tls` Secret (or its fake default one),
 * and proxies to an endpoint of the backend Service. Like ingress-nginx by default, it balances
 * over the Service's ready endpoints itself (round robin, from EndpointSlices), not through the
 * ClusterIP; a Service without ready endpoints answers 503, an unmatched request 404.
 */
import type { Secret, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { Ingress } from 'kubernetes-types/networking/v1';
import {
  deliverToPod,
  fail,
  loadBalancerNode,
  throughKubeProxy,
  type Outcome,
  type TrafficHop,
} from './datapath.ts';
import type { Network } from './index.ts';
import {
  controllerAddress,
  INGRESS_CONTROLLER_NAME,
  INGRESS_NAMESPACE,
  servedIngresses,
} from './ingress-controller.ts';
import { matchIngress } from './ingress-rules.ts';
import type { Peer } from './network-policy.ts';
import { compareIp } from '../controllers/endpoints.ts';
import type { TrafficRequest } from './traffic.ts';

/** Routes a request through ingress-nginx; `ingressKey` (`ns/name`) picks the host when none is given. */
export function ingressRequest(
  network: Network,
  request: TrafficRequest,
  hops: TrafficHop[],
  source: Peer,
  sourceNode: string | undefined,
  ingressKey: string | undefined,
): Outcome {
  const served = servedIngresses(network.view);
  let host = request.host;
  if (ingressKey) {
    const ing = network.view.ingresses.get(ingressKey) as Ingress | undefined;
    if (!ing)
      return fail(
        'not-found',
        `ingresses.networking.k8s.io "${ingressKey.split('/')[1]}" not found`,
      );
    if (!served.some((i) => `${i.metadata?.namespace}/${i.metadata?.name}` === ingressKey))
      return fail(
        'unreachable',
        `ingress "${ingressKey}" is not served by ingress-nginx (class "${ing.spec?.ingressClassName}")`,
      );
    host ??= ing.spec?.rules?.find((r) => r.host)?.host;
  }
  const lbIP = controllerAddress(network.view);
  const scheme = request.scheme ?? 'http';
  const port = scheme === 'https' ? 443 : 80;
  host ??= lbIP ?? '';
  const path = request.path ?? '/';
  if (
    !ingressKey &&
    !served.some((i) =>
      (i.spec?.rules ?? []).some(
        (r) => r.host === host || (r.host?.startsWith('*.') && host?.endsWith(r.host.slice(1))),
      ),
    )
  ) {
    // An outside client only finds cluster names published through an Ingress host (DNS points at the LB).
    if (!served.some((i) => (i.spec?.rules ?? []).some((r) => !r.host)) && host !== lbIP)
      return fail('dns', `could not resolve host: ${host} (no Ingress publishes it)`);
  }
  // 1. Reach an ingress-nginx pod through its Service.
  const controllerSvc = network.view.services.get(
    `${INGRESS_NAMESPACE}/${INGRESS_CONTROLLER_NAME}`,
  ) as Service | undefined;
  if (!controllerSvc) return fail('unreachable', 'ingress-nginx is not installed');
  let reached: Outcome;
  const before = hops.length;
  if (sourceNode) {
    reached = throughKubeProxy(
      network,
      hops,
      sourceNode,
      { ip: controllerSvc.spec?.clusterIP, port },
      source,
      false,
    );
  } else if (lbIP) {
    const node = loadBalancerNode(network, lbIP);
    if (!node)
      return fail(
        'unreachable',
        `dial tcp ${lbIP}:${port}: i/o timeout (no node announces ${lbIP}: no ready ingress-nginx pod)`,
      );
    hops.push({
      kind: 'load-balancer',
      node,
      ip: lbIP,
      port,
      text: `load balancer ${lbIP}: announced by ${node} (MetalLB L2)`,
    });
    reached = throughKubeProxy(network, hops, node, { ip: lbIP, port }, source, true);
  } else {
    return fail(
      'unreachable',
      `service "${INGRESS_NAMESPACE}/${INGRESS_CONTROLLER_NAME}" has no external IP yet (EXTERNAL-IP <pending>)`,
    );
  }
  if (!reached.ok) return reached;
  // The pod hop is the controller itself: relabel it.
  const last = hops[hops.length - 1];
  if (last?.kind === 'pod' && hops.length > before) {
    last.kind = 'ingress-controller';
    last.text = `ingress-nginx controller ${reached.namespace}/${reached.pod} on ${reached.node}: Host "${host}", path "${path}"`;
  }
  const controllerPod = network.view.pods.get(`${reached.namespace}/${reached.pod}`);
  // 2. nginx picks server and location.
  const match = matchIngress(served, host ?? '', path);
  if (!match) {
    hops.push({
      kind: 'ingress-controller',
      text: `no rule matches Host "${host}" path "${path}": default backend answers 404`,
    });
    return fail(
      'not-found',
      `404 Not Found: no ingress rule matches host "${host}" path "${path}" (ingress-nginx default backend)`,
      404,
    );
  }
  const ing = network.view.ingresses.get(match.route.ingress) as Ingress | undefined;
  if (scheme === 'https') {
    const tls = (ing?.spec?.tls ?? []).find((t) => (t.hosts ?? []).includes(host ?? ''));
    const secret = tls?.secretName
      ? (network.view.secrets.get(`${ing?.metadata?.namespace}/${tls.secretName}`) as
          Secret | undefined)
      : undefined;
    hops.push({
      kind: 'ingress-controller',
      text:
        secret && secret.type === 'kubernetes.io/tls'
          ? `TLS for ${host} terminated with the certificate of Secret ${secret.metadata?.namespace}/${secret.metadata?.name}`
          : `TLS for ${host} terminated with "Kubernetes Ingress Controller Fake Certificate"${tls?.secretName ? ` (Secret "${tls.secretName}" missing or not kubernetes.io/tls)` : ' (no tls entry for this host)'}`,
    });
  }
  const backend = match.route.backend.service;
  if (!backend)
    return fail(
      'service-unavailable',
      '503 Service Temporarily Unavailable: resource backends are not routed',
      503,
    );
  const ns = ing?.metadata?.namespace ?? '';
  const svc = network.view.services.get(`${ns}/${backend.name}`) as Service | undefined;
  const rule = `${match.isDefaultBackend ? 'defaultBackend' : `rule ${match.route.host}${match.route.path} (${match.route.pathType})`} of ingress ${match.route.ingress}`;
  if (!svc) {
    hops.push({
      kind: 'ingress-controller',
      text: `${rule} → service "${ns}/${backend.name}" does not exist`,
    });
    return fail(
      'service-unavailable',
      `503 Service Temporarily Unavailable: service "${ns}/${backend.name}" not found`,
      503,
    );
  }
  const servicePort = (svc.spec?.ports ?? []).find((p) =>
    backend.port?.name ? p.name === backend.port.name : p.port === backend.port?.number,
  );
  if (!servicePort)
    return fail(
      'service-unavailable',
      `503 Service Temporarily Unavailable: service "${ns}/${backend.name}" has no port ${backend.port?.name ?? backend.port?.number}`,
      503,
    );
  // 3. The upstream: ready endpoints of that Service port, round robin.
  const upstream = `${ns}/${backend.name}:${servicePort.name ?? servicePort.port}`;
  const endpoints: { ip: string; port: number }[] = [];
  for (const s of network.view.endpointSlices.list() as unknown as EndpointSlice[]) {
    if (
      s.metadata?.namespace !== ns ||
      s.metadata?.labels?.['kubernetes.io/service-name'] !== backend.name
    )
      continue;
    const p = (s.ports ?? []).find((x) => (x.name ?? '') === (servicePort.name ?? ''));
    if (!p?.port) continue;
    for (const e of s.endpoints ?? [])
      if (e.conditions?.ready !== false) endpoints.push({ ip: e.addresses[0], port: p.port });
  }
  endpoints.sort((a, b) => compareIp(a.ip, b.ip) || a.port - b.port);
  if (endpoints.length === 0) {
    hops.push({
      kind: 'ingress-controller',
      service: `${ns}/${backend.name}`,
      text: `${rule} → service "${ns}/${backend.name}" has no ready endpoints`,
    });
    return fail(
      'service-unavailable',
      `503 Service Temporarily Unavailable: no endpoints available for service "${backend.name}"`,
      503,
    );
  }
  const n = network.roundRobin.get(upstream) ?? 0;
  network.roundRobin.set(upstream, n + 1);
  const target = endpoints[n % endpoints.length];
  hops.push({
    kind: 'service',
    service: `${ns}/${backend.name}`,
    ip: target.ip,
    port: target.port,
    text: `${rule} → upstream ${upstream}: endpoint ${target.ip}:${target.port} (round robin over ${endpoints.length})`,
  });
  const from: Peer = {
    ip: (controllerPod?.status as { podIP?: string } | undefined)?.podIP ?? reached.ip,
    pod: controllerPod as never,
  };
  return deliverToPod(network, hops, target.ip, target.port, from);
}
