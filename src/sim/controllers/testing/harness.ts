/** A controller test bed: the fake apiserver, nodes, the controller manager and a fake kubelet. */
import type { KubeObject } from '../../api/types.ts';
import { apiPath, SimClient } from '../../client.ts';
import { VirtualClock } from '../../clock.ts';
import type { ClusterContext } from '../../component.ts';
import { createRng } from '../../rng.ts';
import { clusterNodes, resolveOptions } from '../../topology.ts';
import { nodeObject } from '../../node/index.ts';
import { startControllerManager, type ControllerManager } from '../index.ts';
import { FakeApiServer } from './fake-apiserver.ts';
import { startFakeKubelet, type FakeKubeletOptions } from './fake-kubelet.ts';

export interface Harness {
  clock: VirtualClock;
  api: FakeApiServer;
  client: SimClient;
  manager: ControllerManager;
  /** Objects of a resource in a namespace, sorted by name. */
  list<T extends KubeObject = KubeObject>(resource: string, namespace?: string): T[];
  get<T extends KubeObject = KubeObject>(
    resource: string,
    namespace: string,
    name: string,
  ): T | undefined;
}

/** Builds the test bed with `workers` nodes; `kubelet: false` leaves pods untouched. */
export function createHarness(
  opts: { workers?: number; kubelet?: FakeKubeletOptions | false; seed?: number } = {},
): Harness {
  const clock = new VirtualClock();
  const rng = createRng(opts.seed ?? 7);
  const api = new FakeApiServer(clock, rng);
  const options = resolveOptions({ workers: opts.workers ?? 3, seed: opts.seed ?? 7 });
  const nodes = clusterNodes(options).filter((n) => n.role === 'worker');
  const client = new SimClient(api, 'test');
  for (const n of nodes) client.create(apiPath('v1', 'nodes'), nodeObject(n, clock.now()));
  client.create(apiPath('v1', 'namespaces'), {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'default' },
  });
  const ctx: ClusterContext = {
    clock,
    rng,
    api,
    options,
    nodes,
    client: (user) => new SimClient(api, user),
    register: () => {},
  };
  if (opts.kubelet !== false) startFakeKubelet(api, clock, opts.kubelet || {});
  const manager = startControllerManager(ctx);
  clock.runDue();
  return {
    clock,
    api,
    client,
    manager,
    list<T extends KubeObject>(resource: string, namespace?: string) {
      return (api.all(resource) as T[])
        .filter((o) => !namespace || o.metadata?.namespace === namespace)
        .sort((a, b) => ((a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1));
    },
    get<T extends KubeObject>(resource: string, namespace: string, name: string) {
      return api.objects.get(resource)?.get(namespace ? `${namespace}/${name}` : name) as
        T | undefined;
    },
  };
}
