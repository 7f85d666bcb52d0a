/**
 * Wiring: `createCluster(options)` builds etcd, the apiserver and every component on one virtual
 * clock and seeded random source, and returns a running cluster.
 */
import type { ApiHandler } from './api/types.ts';
import { createApiServer, type ApiServer } from './apiserver/apiserver.ts';
import { SimClient } from './client.ts';
import { VirtualClock } from './clock.ts';
import type { ClusterContext, SimComponent } from './component.ts';
import { startControllerManager } from './controllers/index.ts';
import { InformerFactory } from './controllers/informers.ts';
import { startNetwork, type Network } from './network/index.ts';
import { servePodLogs } from './node/container-logs.ts';
import { startMetricsServer } from './node/metrics-server.ts';
import { startNodes } from './node/index.ts';
import { createRng, type Rng } from './rng.ts';
import { SimulationRunner } from './runner.ts';
import { startScheduler } from './scheduler/index.ts';
import { clusterNodes, resolveOptions, type ClusterOptions, type NodeSpec } from './topology.ts';

export interface Cluster {
  options: Required<ClusterOptions>;
  clock: VirtualClock;
  rng: Rng;
  /** The Kubernetes API: the one interface to the cluster. */
  api: ApiHandler;
  apiserver: ApiServer;
  runner: SimulationRunner;
  nodes: NodeSpec[];
  /** Components by name (`kube-scheduler`, `kubelet/worker-1`, ...), to stop and start them. */
  components: Map<string, SimComponent>;
  /** A client acting under `user`. */
  client(user: string): SimClient;
  /** kube-proxies, DNS, ingress and the traffic model. */
  network: Network;
}

/** Creates a cluster, boots every component, and runs the clock until the boot work is done. */
export function createCluster(options: ClusterOptions = {}): Cluster {
  const resolved = resolveOptions(options);
  const clock = new VirtualClock(resolved.startMs);
  const rng = createRng(resolved.seed);
  const apiserver = createApiServer({
    clock,
    rng,
    maxReplicas: resolved.maxReplicas,
    // As upstream's ServiceAccount admission: a pod naming a missing service account is refused.
    enforceServiceAccounts: true,
  });
  const components = new Map<string, SimComponent>();
  const nodes = clusterNodes(resolved);
  // Outside callers (the UI's admin, scenarios, faults) send JSON and get the decoder's checks.
  const client = (user: string) => new SimClient(apiserver, user);
  let controllerInformers: InformerFactory | undefined;
  const ctx: ClusterContext = {
    clock,
    rng,
    api: apiserver,
    options: resolved,
    nodes,
    // The cluster's own components talk protobuf, as client-go does for built-in types: such a
    // body can carry neither unknown fields nor wrongly typed values, so the apiserver skips the
    // JSON decoder's checks for them.
    client: (user: string) => new SimClient(apiserver, user, { encoding: 'protobuf' }),
    register: (component) => components.set(component.name, component),
    controllerInformers: () =>
      (controllerInformers ??= new InformerFactory(ctx.client('kube-controller-manager'), clock)),
  };
  startNodes(ctx);
  startScheduler(ctx);
  startControllerManager(ctx);
  const network = startNetwork(ctx);
  startMetricsServer(ctx, apiserver);
  servePodLogs(apiserver, clock);
  clock.runDue();
  return {
    options: resolved,
    clock,
    rng,
    api: apiserver,
    apiserver,
    runner: new SimulationRunner(clock),
    nodes,
    components,
    client,
    network,
  };
}
