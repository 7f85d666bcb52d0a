/**
 * What kube-proxy knows after a sync, per node: every proxied service port with its cluster IP,
 * NodePort, load-balancer IPs and the endpoints it dispatches to (from EndpointSlices), plus the
 * iptables rules written for it. The traffic model routes through this table, so traffic follows
 * what kube-proxy has programmed (stale while kube-proxy is stopped or has not synced yet).
 */
import type { Service, ServicePort } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { compareIp } from '../controllers/endpoints.ts';
import {
  DEFAULT_STICKY_SECONDS,
  endpointChainName,
  portProtoHash,
  writeRules,
  type IptablesRule,
} from './iptables.ts';

/** One endpoint of a service port as kube-proxy sees it. */
export interface ProxyEndpoint {
  ip: string;
  port: number;
  /** `ip:port`. */
  address: string;
  chain: string;
  nodeName?: string;
  podName?: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
}

/** A service port programmed on a node. */
export interface ProxyServicePort {
  /** `namespace/name:portName` (or `namespace/name` for an unnamed port): the ServicePortName. */
  name: string;
  namespace: string;
  service: string;
  portName: string;
  protocol: string;
  clusterIP: string;
  port: number;
  nodePort?: number;
  loadBalancerIPs: string[];
  externalIPs: string[];
  externalTrafficPolicy: 'Cluster' | 'Local';
  internalTrafficPolicy: 'Cluster' | 'Local';
  svcChain: string;
  svlChain: string;
  extChain: string;
  /** ClientIP affinity timeout in seconds, when sessionAffinity is ClientIP. */
  stickySeconds?: number;
  /** Endpoints for Cluster policy, in rule order, with the probability written on each rule. */
  clusterEndpoints: ProxyEndpoint[];
  /** Endpoints on this node (Local policy). */
  localEndpoints: ProxyEndpoint[];
  /** Any usable endpoint anywhere in the cluster. */
  hasEndpoints: boolean;
}

/** The whole programmed state of one node's kube-proxy. */
export interface ProxyTable {
  node: string;
  nodeIP: string;
  /** Virtual time of the sync that produced this table. */
  syncedAt: number;
  /** Service ports by ServicePortName. */
  servicePorts: Map<string, ProxyServicePort>;
  /** Lookup: `ip:port/protocol` (cluster IP, LB IP, external IP) → ServicePortName. */
  byDestination: Map<string, string>;
  /** Lookup: `nodePort/protocol` → ServicePortName. */
  byNodePort: Map<string, string>;
  rules: IptablesRule[];
}

/** ServicePortName.String(): `ns/name` plus `:port` when the port is named. */
export function servicePortName(service: Service, port: ServicePort): string {
  const base = `${service.metadata?.namespace}/${service.metadata?.name}`;
  return port.name ? `${base}:${port.name}` : base;
}

/** Whether kube-proxy programs this Service at all (headless and ExternalName are DNS-only). */
export function isProxied(service: Service): boolean {
  const spec = service.spec;
  if (!spec || spec.type === 'ExternalName') return false;
  if (!spec.clusterIP || spec.clusterIP === 'None') return false;
  if (service.metadata?.labels?.['service.kubernetes.io/service-proxy-name']) return false;
  return true;
}

/**
 * Builds a node's table from the Services and EndpointSlices kube-proxy has seen. Endpoints of a
 * port are the union over the Service's slices, sorted by `ip:port` (endpointslicecache), using the
 * ready ones, or the serving-terminating ones when none is ready (CategorizeEndpoints).
 */
export function buildProxyTable(
  node: string,
  nodeIP: string,
  services: Service[],
  slices: EndpointSlice[],
  now: number,
): ProxyTable {
  const table: ProxyTable = {
    node,
    nodeIP,
    syncedAt: now,
    servicePorts: new Map(),
    byDestination: new Map(),
    byNodePort: new Map(),
    rules: [],
  };
  const slicesByService = new Map<string, EndpointSlice[]>();
  for (const slice of slices) {
    const svc = slice.metadata?.labels?.['kubernetes.io/service-name'];
    if (!svc || slice.addressType !== 'IPv4') continue;
    const key = `${slice.metadata?.namespace}/${svc}`;
    slicesByService.set(key, [...(slicesByService.get(key) ?? []), slice]);
  }
  const ports: ProxyServicePort[] = [];
  for (const service of services) {
    if (!isProxied(service)) continue;
    const key = `${service.metadata?.namespace}/${service.metadata?.name}`;
    for (const sp of service.spec?.ports ?? []) {
      ports.push(servicePortInfo(node, service, sp, slicesByService.get(key) ?? []));
    }
  }
  ports.sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : a.protocol < b.protocol ? -1 : 1,
  );
  for (const sp of ports) {
    table.servicePorts.set(`${sp.name}/${sp.protocol}`, sp);
    const proto = sp.protocol;
    table.byDestination.set(`${sp.clusterIP}:${sp.port}/${proto}`, `${sp.name}/${sp.protocol}`);
    for (const ip of [...sp.loadBalancerIPs, ...sp.externalIPs])
      table.byDestination.set(`${ip}:${sp.port}/${proto}`, `${sp.name}/${sp.protocol}`);
    if (sp.nodePort) table.byNodePort.set(`${sp.nodePort}/${proto}`, `${sp.name}/${sp.protocol}`);
  }
  table.rules = writeRules(ports);
  return table;
}

function servicePortInfo(
  node: string,
  service: Service,
  sp: ServicePort,
  slices: EndpointSlice[],
): ProxyServicePort {
  const name = servicePortName(service, sp);
  const protocol = sp.protocol ?? 'TCP';
  const lower = protocol.toLowerCase();
  const all = new Map<string, ProxyEndpoint>();
  for (const slice of slices) {
    const port = (slice.ports ?? []).find(
      (p) => (p.name ?? '') === (sp.name ?? '') && (p.protocol ?? 'TCP') === protocol,
    );
    if (!port || port.port === undefined) continue;
    for (const ep of slice.endpoints ?? []) {
      const ip = ep.addresses[0];
      const address = `${ip}:${port.port}`;
      if (all.has(address)) continue;
      // A nil ready condition means ready; nil serving means "same as ready" (discovery/v1 docs).
      const ready = ep.conditions?.ready !== false;
      all.set(address, {
        ip,
        port: port.port,
        address,
        chain: endpointChainName(name, lower, address),
        nodeName: ep.nodeName,
        podName: ep.targetRef?.kind === 'Pod' ? ep.targetRef.name : undefined,
        ready,
        serving: ep.conditions?.serving ?? ready,
        terminating: ep.conditions?.terminating === true,
      });
    }
  }
  const sorted = [...all.values()].sort((a, b) => compareIp(a.ip, b.ip) || a.port - b.port);
  let usable = sorted.filter((e) => e.ready);
  // ProxyTerminatingEndpoints (GA 1.28): with no ready endpoint, serving-terminating ones are used.
  if (usable.length === 0) usable = sorted.filter((e) => e.serving && e.terminating);
  const spec = service.spec!;
  const external = spec.type === 'NodePort' || spec.type === 'LoadBalancer';
  const lbIPs = (service.status?.loadBalancer?.ingress ?? [])
    .map((i) => i.ip)
    .filter((ip): ip is string => !!ip);
  return {
    name,
    namespace: service.metadata?.namespace ?? '',
    service: service.metadata?.name ?? '',
    portName: sp.name ?? '',
    protocol,
    clusterIP: spec.clusterIP ?? '',
    port: sp.port,
    nodePort: external ? sp.nodePort : undefined,
    loadBalancerIPs: spec.type === 'LoadBalancer' ? lbIPs : [],
    externalIPs: spec.externalIPs ?? [],
    externalTrafficPolicy: spec.externalTrafficPolicy === 'Local' ? 'Local' : 'Cluster',
    internalTrafficPolicy: spec.internalTrafficPolicy === 'Local' ? 'Local' : 'Cluster',
    svcChain: 'KUBE-SVC-' + portProtoHash(name, lower),
    svlChain: 'KUBE-SVL-' + portProtoHash(name, lower),
    extChain: 'KUBE-EXT-' + portProtoHash(name, lower),
    stickySeconds:
      spec.sessionAffinity === 'ClientIP'
        ? (spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? DEFAULT_STICKY_SECONDS)
        : undefined,
    clusterEndpoints: usable,
    localEndpoints: usable.filter((e) => e.nodeName === node),
    hasEndpoints: usable.length > 0,
  };
}
