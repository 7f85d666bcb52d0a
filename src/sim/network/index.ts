/**
 * The cluster network: one kube-proxy per node, the cloud-controller-manager's load balancers,
 * ingress-nginx, and the data-plane view the traffic model and DNS read. `startNetwork(ctx)` boots
 * it (cluster.ts calls it once); `networkOf(api)` finds it again from anything holding the
 * cluster's API handler (the Cluster object, a worker host, the HTTP server).
 */
import type { ApiHandler } from '../api/types.ts';
import type { ClusterContext, SimComponent } from '../component.ts';
import { startCloudControllerManager } from '../controllers/cloud-controller-manager.ts';
import { KubeProxy, snapshotSource } from '../node/kube-proxy.ts';
import { createRng, type Rng } from '../rng.ts';
import { startVolumeData } from '../storage/volume-data.ts';
import { installIngressNginx, startIngressController } from './ingress-controller.ts';
import { resolve, type DnsAnswer } from './dns.ts';
import type { ProxyTable } from './proxy-table.ts';
import type { TrafficResult } from './traffic.ts';
import { createClusterView, type ClusterView } from './view.ts';

export interface NetworkOptions {
  /** Install ingress-nginx (namespace, IngressClass, Deployment, Service) at boot (default true). */
  ingressNginx?: boolean;
  /** Run the cloud-controller-manager's load-balancer pool (default true). */
  loadBalancers?: boolean;
}

export interface Network {
  ctx: ClusterContext;
  view: ClusterView;
  proxies: Map<string, KubeProxy>;
  /** Nodes whose machine is down (no forwarding, no serving), set by fault injection. */
  downNodes: Set<string>;
  /** The data plane's own random stream (endpoint choice), so traffic never perturbs the control plane's. */
  rng: Rng;
  /** ClientIP affinity entries per node's `recent` lists: `node|chain|clientIP` → last seen ms. */
  affinity: Map<string, number>;
  /** ingress-nginx's round-robin position per upstream (`ns/svc:port`). */
  roundRobin: Map<string, number>;
  components: SimComponent[];
  /** Listeners of every request the traffic model routes (the UI animates them). */
  trafficListeners: Set<(result: TrafficResult) => void>;
}

const networks = new WeakMap<ApiHandler, Network>();

/** The network started on the cluster whose API handler is `api`. */
export function networkOf(api: ApiHandler): Network | undefined {
  return networks.get(api);
}

/**
 * Starts kube-proxy on every node (each registers as `kube-proxy/<node>`), and on nodes added later
 * as soon as their Node object appears (kube-proxy runs as a DaemonSet).
 */
export function startKubeProxies(ctx: ClusterContext, view: ClusterView): Map<string, KubeProxy> {
  const proxies = new Map<string, KubeProxy>();
  const inputs = snapshotSource(view.services, view.endpointSlices);
  const ensure = (name: string) => {
    if (proxies.has(name)) return;
    const spec = ctx.nodes.find((n) => n.name === name);
    if (!spec) return;
    const proxy = new KubeProxy(spec.name, spec.internalIP, ctx.clock, inputs);
    proxies.set(spec.name, proxy);
    ctx.register(proxy);
    proxy.start();
  };
  for (const node of ctx.nodes) ensure(node.name);
  const kick = () => proxies.forEach((p) => p.requestSync());
  view.services.on({ add: kick, update: kick, delete: kick });
  view.endpointSlices.on({ add: kick, update: kick, delete: kick });
  view.nodes.on({ add: (n) => ensure(n.metadata?.name ?? '') });
  return proxies;
}

/** Boots the network parts of the cluster. */
export function startNetwork(ctx: ClusterContext, options: NetworkOptions = {}): Network {
  const existing = networks.get(ctx.api);
  if (existing) return existing;
  const view = createClusterView(ctx.client('kube-proxy'), ctx.clock);
  const proxies = startKubeProxies(ctx, view);
  // The simulated disk contents (volume counters) ride along: they are data-plane state too,
  // and read the same pod cache (registered before it lists).
  startVolumeData(ctx, view.pods);
  view.start();
  const components: SimComponent[] = [...proxies.values()];
  if (options.loadBalancers !== false) components.push(startCloudControllerManager(ctx));
  if (options.ingressNginx !== false) {
    installIngressNginx(ctx);
    components.push(startIngressController(ctx, view));
  }
  const network: Network = {
    ctx,
    view,
    proxies,
    downNodes: new Set(),
    rng: createRng((ctx.options.seed ^ 0x5eed7a1c) >>> 0),
    affinity: new Map(),
    roundRobin: new Map(),
    components,
    trafficListeners: new Set(),
  };
  networks.set(ctx.api, network);
  return network;
}

/** The rules kube-proxy last programmed on `node`. */
export function kubeProxyRules(api: ApiHandler, node: string): ProxyTable | undefined {
  return networkOf(api)?.proxies.get(node)?.rules();
}

/** `iptables-save` text of `node`'s kube-proxy rules. */
export function kubeProxyIptablesSave(api: ApiHandler, node: string): string | undefined {
  return networkOf(api)?.proxies.get(node)?.iptablesSave();
}

/** Marks a node's machine down or up for the data plane (a powered-off node forwards nothing). */
export function setNodeDown(api: ApiHandler, node: string, down: boolean): void {
  const network = networkOf(api);
  if (!network) return;
  if (down) network.downNodes.add(node);
  else network.downNodes.delete(node);
}

/** Resolves `name` as cluster DNS would for a pod in `namespace` (or as an FQDN), like nslookup. */
export function dnsLookup(
  api: ApiHandler,
  name: string,
  namespace?: string,
): DnsAnswer | undefined {
  const network = networkOf(api);
  return network ? resolve(network.view, name, namespace) : undefined;
}
