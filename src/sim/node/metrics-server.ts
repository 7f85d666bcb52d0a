/**
 * metrics-server: the resource metrics API `metrics.k8s.io/v1beta1` (NodeMetrics, PodMetrics),
 * registered with the apiserver as an aggregated APIService, as kubernetes-sigs/metrics-server does.
 * `kubectl top` and the HPA controller read it.
 *
 * Usage is the kubelet's container model (container-behaviour.ts: the `sim.k8s-explorer.io/cpu-usage`
 * / `memory-usage` annotations, else a share of the requests), reported for running containers of
 * Running pods on Ready nodes (metrics-server scrapes each kubelet's summary; a node that stopped
 * reporting has no metrics, and `kubectl top node` shows `<unknown>` for it). Node usage is its pods'
 * usage plus the node's own system overhead (kubelet, container runtime, OS). Units as upstream: CPU
 * in nanocores (`12500000n`), memory in KiB (`10240Ki`). Figures drift smoothly around the set ones
 * (usage-drift.ts: +-5 % CPU, +-2 % memory; `sim.k8s-explorer.io/usage-drift: "0"` for exact ones),
 * evaluated at the scrape time, so every read within one 15 s resolution window gives the same
 * figures. Unlike upstream, a new pod is reported from its first running moment (metrics-server needs
 * two scrapes, ~15 s, before a pod appears).
 */
import type { Container, Pod } from 'kubernetes-types/core/v1';
import type { ApiRequest, ApiResponse, KubeObject } from '../api/types.ts';
import type { ApiServer, ApiService } from '../apiserver/apiserver-types.ts';
import type { ResourceInfo } from '../apiserver/resources.ts';
import type { ResourcePath } from '../apiserver/request-path.ts';
import { matchesLabels, parseLabelSelector } from '../apiserver/selectors.ts';
import { badRequest, methodNotSupported, notFound, respond } from '../apiserver/status.ts';
import { formatTimestamp } from '../clock.ts';
import type { ClusterContext, SimComponent } from '../component.ts';
import { containerBehaviour, type ContainerKind } from './container-behaviour.ts';
import { driftedUsage } from './usage-drift.ts';

export const METRICS_GROUP = 'metrics.k8s.io';
export const METRICS_VERSION = 'v1beta1';
const API_VERSION = `${METRICS_GROUP}/${METRICS_VERSION}`;
/** metrics-server's --metric-resolution (default 15 s): timestamps are scrape times. */
export const METRICS_RESOLUTION_MS = 15_000;
/** A node's own usage besides its pods (kubelet, containerd, systemd): a kind node's idle figure. */
export const NODE_OVERHEAD = { milliCPU: 40, memory: 256 * 1024 * 1024 };
const USER = 'system:serviceaccount:kube-system:metrics-server';

function metricsResource(resource: string, kind: string, namespaced: boolean): ResourceInfo {
  return {
    group: METRICS_GROUP,
    version: METRICS_VERSION,
    resource,
    kind,
    listKind: `${kind}List`,
    singular: '',
    namespaced,
    verbs: ['get', 'list'],
    shortNames: [],
    categories: [],
    subresources: [],
    etcdPrefix: '',
    generation: false,
    preferred: true,
  };
}

/** A container's modelled usage in millicores and bytes. */
export interface Usage {
  milliCPU: number;
  memory: number;
}

/** Quantities as metrics-server prints them: nanocores and KiB. */
export function usageQuantities(u: Usage): { cpu: string; memory: string } {
  return { cpu: `${Math.round(u.milliCPU * 1e6)}n`, memory: `${Math.round(u.memory / 1024)}Ki` };
}

interface RunningState {
  name?: string;
  state?: { running?: object };
}

/** The scrape time that serves a read at `nowMs` (the start of its resolution window). */
export function scrapeTime(nowMs: number): number {
  return Math.floor(nowMs / METRICS_RESOLUTION_MS) * METRICS_RESOLUTION_MS;
}

/**
 * Usage per running container of a Running pod, drifted at virtual time `atMs`; undefined when the
 * pod has no metrics.
 */
export function podContainerUsage(
  pod: Pod,
  atMs: number,
): { name: string; usage: Usage }[] | undefined {
  if (pod.status?.phase !== 'Running' || !pod.spec?.nodeName) return undefined;
  const running = new Set(
    [
      ...((pod.status.containerStatuses ?? []) as RunningState[]),
      ...((pod.status.initContainerStatuses ?? []) as RunningState[]),
    ]
      .filter((s) => s.state?.running)
      .map((s) => s.name),
  );
  const out: { name: string; usage: Usage }[] = [];
  const add = (c: Container, kind: ContainerKind) => {
    if (!running.has(c.name)) return;
    const b = containerBehaviour(pod, c, kind);
    const usage = driftedUsage(
      pod,
      c.name,
      { milliCPU: b.milliCPUUsage, memory: b.memoryUsage },
      { milliCPU: b.milliCPULimit, memory: b.memoryLimit },
      atMs,
    );
    out.push({ name: c.name, usage });
  };
  // Sidecars (restartable init containers) run beside the app containers and are scraped too.
  for (const c of pod.spec.initContainers ?? [])
    if (c.restartPolicy === 'Always') add(c, 'sidecar');
  for (const c of pod.spec.containers ?? []) add(c, 'app');
  return out.length > 0 ? out : undefined;
}

function nodeReady(node: KubeObject): boolean {
  const status = node.status as { conditions?: { type?: string; status?: string }[] } | undefined;
  const conditions = status?.conditions ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

/** The metrics.k8s.io APIService over an apiserver (reads pods and nodes through it). */
export function metricsApiService(api: ApiServer, now: () => number): ApiService {
  const list = (path: string): KubeObject[] => {
    const res = api.handle({ method: 'GET', path, user: USER });
    return res.status === 200 ? ((res.body as { items?: KubeObject[] }).items ?? []) : [];
  };
  const stamp = () => ({
    timestamp: formatTimestamp(scrapeTime(now())),
    window: `${METRICS_RESOLUTION_MS / 1000}s`,
  });
  const meta = (o: KubeObject) => ({
    name: o.metadata?.name,
    ...(o.metadata?.namespace ? { namespace: o.metadata.namespace } : {}),
    creationTimestamp: formatTimestamp(now()),
    ...(o.metadata?.labels ? { labels: o.metadata.labels } : {}),
  });
  const podMetrics = (pod: KubeObject): KubeObject | undefined => {
    const containers = podContainerUsage(pod as Pod, scrapeTime(now()));
    if (!containers) return undefined;
    return {
      kind: 'PodMetrics',
      apiVersion: API_VERSION,
      metadata: meta(pod),
      ...stamp(),
      containers: containers.map((c) => ({ name: c.name, usage: usageQuantities(c.usage) })),
    };
  };
  const nodeMetrics = (nodes: KubeObject[]): KubeObject[] => {
    const ready = nodes.filter(nodeReady);
    const at = scrapeTime(now());
    const usage = new Map<string, Usage>(
      ready.map((n) => [n.metadata?.name ?? '', { ...NODE_OVERHEAD }]),
    );
    for (const pod of list('/api/v1/pods')) {
      const u = usage.get(((pod as Pod).spec?.nodeName as string | undefined) ?? '');
      if (!u) continue;
      for (const c of podContainerUsage(pod as Pod, at) ?? []) {
        u.milliCPU += c.usage.milliCPU;
        u.memory += c.usage.memory;
      }
    }
    return ready.map((n) => ({
      kind: 'NodeMetrics',
      apiVersion: API_VERSION,
      metadata: meta(n),
      ...stamp(),
      usage: usageQuantities(usage.get(n.metadata?.name ?? '') ?? NODE_OVERHEAD),
    }));
  };

  function handle(req: ApiRequest, path: ResourcePath): ApiResponse {
    const query = req.query ?? {};
    if (path.resource !== 'pods' && path.resource !== 'nodes')
      return respond(notFound(METRICS_GROUP, path.resource, path.name ?? ''));
    if (path.subresource) return respond(notFound(METRICS_GROUP, path.resource, path.name ?? ''));
    if (req.method !== 'GET' || query.watch === 'true' || query.watch === '1')
      return respond(
        methodNotSupported(
          METRICS_GROUP,
          path.resource,
          req.method === 'GET' ? 'watch' : req.method.toLowerCase(),
        ),
      );
    const kind = path.resource === 'pods' ? 'PodMetrics' : 'NodeMetrics';
    if (path.name !== undefined) {
      const source =
        path.resource === 'pods'
          ? api.handle({
              method: 'GET',
              path: `/api/v1/namespaces/${path.namespace ?? ''}/pods/${path.name}`,
              user: USER,
            })
          : api.handle({ method: 'GET', path: `/api/v1/nodes/${path.name}`, user: USER });
      const obj = source.status === 200 ? (source.body as KubeObject) : undefined;
      const found = !obj
        ? undefined
        : path.resource === 'pods'
          ? podMetrics(obj)
          : nodeMetrics([obj])[0];
      if (!found) return respond(notFound(METRICS_GROUP, path.resource, path.name));
      return { status: 200, body: found };
    }
    let items: KubeObject[];
    if (path.resource === 'pods') {
      const base = path.namespace ? `/api/v1/namespaces/${path.namespace}/pods` : '/api/v1/pods';
      items = list(base)
        .map(podMetrics)
        .filter((m): m is KubeObject => m !== undefined);
    } else items = nodeMetrics(list('/api/v1/nodes'));
    if (query.labelSelector) {
      const parsed = parseLabelSelector(query.labelSelector);
      if (!parsed.ok) return respond(badRequest(parsed.message));
      items = items.filter((m) => matchesLabels(parsed.value, m.metadata?.labels));
    }
    return {
      status: 200,
      body: { kind: `${kind}List`, apiVersion: API_VERSION, metadata: {}, items },
    };
  }

  return {
    group: METRICS_GROUP,
    version: METRICS_VERSION,
    resources: [
      metricsResource('nodes', 'NodeMetrics', false),
      metricsResource('pods', 'PodMetrics', true),
    ],
    handle,
  };
}

/** Starts metrics-server: registers the metrics API (component `metrics-server`; stopping it unregisters). */
export function startMetricsServer(ctx: ClusterContext, apiserver: ApiServer): SimComponent {
  const service = metricsApiService(apiserver, () => ctx.clock.now());
  let unregister: (() => void) | undefined;
  const component: SimComponent = {
    name: 'metrics-server',
    start() {
      unregister ??= apiserver.registerApiService(service);
    },
    stop() {
      unregister?.();
      unregister = undefined;
    },
    running: () => unregister !== undefined,
  };
  component.start();
  ctx.register(component);
  return component;
}
