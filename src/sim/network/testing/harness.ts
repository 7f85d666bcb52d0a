/**
 * Test harness for the network and storage parts while they run without the real apiserver,
 * scheduler and kubelet: H6's in-memory fake apiserver, a controller context, nodes, and helpers
 * that act as a kubelet (give a pod an IP and readiness through pods/status).
 */
import type { KubeObject } from '../../api/types.ts';
import { apiPath, SimClient } from '../../client.ts';
import { VirtualClock, formatTimestamp } from '../../clock.ts';
import type { ClusterContext, SimComponent } from '../../component.ts';
import { createControllerContext, type ControllerContext } from '../../controllers/context.ts';
import { InformerFactory } from '../../controllers/informers.ts';
import { FakeApiServer } from '../../controllers/testing/fake-apiserver.ts';
import { createRng } from '../../rng.ts';
import { clusterNodes, resolveOptions } from '../../topology.ts';
import { nodeObject } from '../../node/index.ts';
import type { WorkQueue } from '../../workqueue.ts';

export interface Harness {
  clock: VirtualClock;
  api: FakeApiServer;
  admin: SimClient;
  cluster: ClusterContext;
  controllers: ControllerContext;
  components: Map<string, SimComponent>;
  /** Starts the shared informers (after the controllers registered their handlers). */
  startInformers(): void;
  /** Creates an object through the API as `admin`. */
  create(obj: KubeObject): KubeObject;
  /** A pod in `namespace` with labels, optionally already scheduled. */
  pod(name: string, labels: Record<string, string>, extra?: Partial<PodExtra>): KubeObject;
  /** Acts as the kubelet: sets phase Running, the pod IP and the Ready condition. */
  setPodStatus(namespace: string, name: string, ip: string, ready: boolean): void;
  settle(ms?: number): void;
}

export interface PodExtra {
  namespace: string;
  nodeName: string;
  ports: { name?: string; containerPort: number; protocol?: string }[];
  hostname: string;
  subdomain: string;
}

/** Builds a harness with `workers` worker nodes (plus the control plane). */
export function createHarness(workers = 2): Harness {
  const options = resolveOptions({ workers });
  const clock = new VirtualClock(options.startMs);
  const rng = createRng(options.seed);
  const api = new FakeApiServer(clock, rng);
  const client = (user: string) => new SimClient(api, user);
  const admin = client('kubernetes-admin');
  const components = new Map<string, SimComponent>();
  const nodes = clusterNodes(options);
  for (const spec of nodes) admin.create(apiPath('v1', 'nodes'), nodeObject(spec, clock.now()));
  for (const ns of ['default', 'kube-system']) {
    admin.create(apiPath('v1', 'namespaces'), {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels: { 'kubernetes.io/metadata.name': ns } },
    });
  }
  const cluster: ClusterContext = {
    clock,
    rng,
    api,
    options,
    nodes,
    client,
    register: (c) => components.set(c.name, c),
  };
  const factory = new InformerFactory(client('kube-controller-manager'), clock);
  const queues: WorkQueue[] = [];
  const controllers = createControllerContext(clock, rng, factory, client, queues);
  const create = (obj: KubeObject): KubeObject => {
    const ns = obj.metadata?.namespace;
    const [group, version] = (obj.apiVersion ?? 'v1').includes('/')
      ? (obj.apiVersion as string).split('/')
      : ['', obj.apiVersion ?? 'v1'];
    const resource = pluralOf(obj.kind ?? '');
    const r = admin.create(apiPath(group ? `${group}/${version}` : version, resource, ns), obj);
    if (!r.ok) throw new Error(`create ${obj.kind} failed: ${r.status.message}`);
    return r.value;
  };
  return {
    clock,
    api,
    admin,
    cluster,
    controllers,
    components,
    startInformers: () => factory.start(),
    create,
    pod(name, labels, extra = {}) {
      const ports = extra.ports ?? [{ name: 'http', containerPort: 8080 }];
      return create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: extra.namespace ?? 'default', labels },
        spec: {
          ...(extra.nodeName ? { nodeName: extra.nodeName } : {}),
          ...(extra.hostname ? { hostname: extra.hostname } : {}),
          ...(extra.subdomain ? { subdomain: extra.subdomain } : {}),
          containers: [{ name: 'app', image: 'nginx:1.27', ports }],
        },
      });
    },
    setPodStatus(namespace, name, ip, ready) {
      const now = formatTimestamp(clock.now());
      const r = admin.patch(apiPath('v1', 'pods', namespace, name, 'status'), {
        status: {
          phase: 'Running',
          podIP: ip,
          podIPs: [{ ip }],
          conditions: [
            { type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: now },
          ],
        },
      });
      if (!r.ok) throw new Error(`status of ${name}: ${r.status.message}`);
    },
    settle(ms = 0) {
      clock.advance(ms);
      clock.runDue();
    },
  };
}

/** Plural resource name of a kind (enough for the kinds these tests create). */
export function pluralOf(kind: string): string {
  const special: Record<string, string> = {
    Endpoints: 'endpoints',
    Ingress: 'ingresses',
    IngressClass: 'ingressclasses',
    NetworkPolicy: 'networkpolicies',
    StorageClass: 'storageclasses',
    PersistentVolume: 'persistentvolumes',
    PersistentVolumeClaim: 'persistentvolumeclaims',
  };
  return special[kind] ?? `${kind.toLowerCase()}s`;
}
