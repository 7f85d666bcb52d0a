/**
 * The EndpointSlice controller (pkg/controller/endpointslice, reconciler in
 * staging/src/k8s.io/endpointslice/reconciler.go): for every Service with a selector it keeps
 * EndpointSlices (at most `maxEndpointsPerSlice`, default 100, endpoints each; one set of slices
 * per distinct set of resolved ports) labelled `kubernetes.io/service-name` and
 * `endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io`, owned by the Service.
 * Unlike Endpoints, terminating pods stay listed with conditions ready/serving/terminating so
 * kube-proxy can fall back to serving-terminating endpoints.
 */
import type { Pod, Service } from 'kubernetes-types/core/v1';
import type { Endpoint, EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { KubeObject } from '../api/types.ts';
import { apiPath } from '../client.ts';
import type { ControllerContext } from './context.ts';
import { keyOf } from './util.ts';
import {
  findPort,
  isPodReady,
  podIP,
  shouldPodBeInEndpoints,
  mapSelectorMatches,
} from '../network/pod-util.ts';
import { compareIp, HEADLESS_LABEL, requeueServicesOfPods } from './endpoints.ts';

export const ENDPOINTSLICE_CONTROLLER = 'endpointslice-controller';
export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
export const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'endpointslice-controller.k8s.io';
/** kube-controller-manager `--max-endpoints-per-slice` default. */
export const DEFAULT_MAX_ENDPOINTS_PER_SLICE = 100;

/** One desired endpoint and the port set it belongs to. */
interface DesiredEndpoint {
  portsKey: string;
  ports: EndpointPort[];
  endpoint: Endpoint;
}

const portsKeyOf = (ports: EndpointPort[]) =>
  ports.map((p) => `${p.name ?? ''}:${p.port}/${p.protocol ?? 'TCP'}`).join(',');

/** The endpoint a pod contributes to a Service's slices (podToEndpoint in endpointslice utils). */
export function podToEndpoint(service: Service, pod: Pod, zone?: string): Endpoint {
  const publishNotReady = service.spec?.publishNotReadyAddresses === true;
  const serving = publishNotReady || isPodReady(pod);
  const terminating = !!pod.metadata?.deletionTimestamp;
  // A ready endpoint is serving and not terminating; publishNotReadyAddresses makes every
  // endpoint ready (endpointslice/util: podToEndpoint).
  const ready = publishNotReady || (serving && !terminating);
  const endpoint: Endpoint = {
    addresses: [podIP(pod) ?? ''],
    conditions: { ready, serving, terminating },
    targetRef: {
      kind: 'Pod',
      namespace: pod.metadata?.namespace,
      name: pod.metadata?.name,
      uid: pod.metadata?.uid,
    },
  };
  if (pod.spec?.nodeName) endpoint.nodeName = pod.spec.nodeName;
  if (zone) endpoint.zone = zone;
  if (
    pod.spec?.hostname &&
    pod.spec.subdomain === service.metadata?.name &&
    pod.metadata?.namespace === service.metadata?.namespace
  ) {
    endpoint.hostname = pod.spec.hostname;
  }
  return endpoint;
}

/** The endpoints a Service should have, grouped by their resolved port set. */
export function desiredEndpoints(
  service: Service,
  pods: Pod[],
  zoneOfNode: (node: string) => string | undefined = () => undefined,
): DesiredEndpoint[] {
  const out: DesiredEndpoint[] = [];
  for (const pod of pods) {
    // The slice controller keeps terminating pods (ShouldPodBeInEndpoints(pod, true)).
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ports: EndpointPort[] = [];
    for (const sp of service.spec?.ports ?? []) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      const ep: EndpointPort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
      if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
      ports.push(ep);
    }
    ports.sort(
      (a, b) => (a.name ?? '').localeCompare(b.name ?? '') || (a.port ?? 0) - (b.port ?? 0),
    );
    const zone = pod.spec?.nodeName ? zoneOfNode(pod.spec.nodeName) : undefined;
    out.push({ portsKey: portsKeyOf(ports), ports, endpoint: podToEndpoint(service, pod, zone) });
  }
  return out;
}

/** The labels every managed slice of `service` carries (setEndpointSliceLabels). */
export function sliceLabels(service: Service): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(service.metadata?.labels ?? {})) {
    if (k !== LABEL_SERVICE_NAME && k !== LABEL_MANAGED_BY) labels[k] = v;
  }
  if (service.spec?.clusterIP === 'None') labels[HEADLESS_LABEL] = '';
  labels[LABEL_SERVICE_NAME] = service.metadata?.name ?? '';
  labels[LABEL_MANAGED_BY] = MANAGED_BY_VALUE;
  return labels;
}

export interface SlicePlan {
  create: EndpointSlice[];
  update: EndpointSlice[];
  delete: EndpointSlice[];
}

const epKey = (e: Endpoint) => `${e.targetRef?.uid ?? ''}|${e.addresses[0]}`;
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Plans the slice changes for a Service (the reconciler): endpoints stay in the slice that already
 * holds them, changed ones are updated in place, new ones fill slices with room before a new slice
 * is created, and slices left empty are deleted (all but one, if the Service has no endpoints at
 * all: upstream keeps a placeholder slice).
 */
export function planSlices(
  service: Service,
  existing: EndpointSlice[],
  desired: DesiredEndpoint[],
  maxPerSlice = DEFAULT_MAX_ENDPOINTS_PER_SLICE,
): SlicePlan {
  const labels = sliceLabels(service);
  const plan: SlicePlan = { create: [], update: [], delete: [] };
  const byPorts = new Map<string, DesiredEndpoint[]>();
  for (const d of desired) {
    const list = byPorts.get(d.portsKey) ?? [];
    list.push(d);
    byPorts.set(d.portsKey, list);
  }
  const sorted = [...existing].sort((a, b) =>
    (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''),
  );
  const unused: EndpointSlice[] = [];
  const keep = new Map<string, EndpointSlice[]>();
  for (const slice of sorted) {
    const key = portsKeyOf(slice.ports ?? []);
    if (!byPorts.has(key) || slice.addressType !== 'IPv4') unused.push(slice);
    else keep.set(key, [...(keep.get(key) ?? []), slice]);
  }
  for (const [portsKey, wanted] of [...byPorts].sort(([a], [b]) => a.localeCompare(b))) {
    const want = new Map(wanted.map((d) => [epKey(d.endpoint), d.endpoint]));
    const placed = new Set<string>();
    const slices = keep.get(portsKey) ?? [];
    const next: { slice: EndpointSlice; endpoints: Endpoint[]; changed: boolean }[] = [];
    for (const slice of slices) {
      const endpoints: Endpoint[] = [];
      let changed = !same(slice.metadata?.labels, { ...slice.metadata?.labels, ...labels });
      for (const ep of slice.endpoints ?? []) {
        const key = epKey(ep);
        const w = want.get(key);
        if (!w || placed.has(key)) {
          changed = true;
          continue;
        }
        placed.add(key);
        if (!same(w, ep)) changed = true;
        endpoints.push(w);
      }
      next.push({ slice, endpoints, changed });
    }
    const fresh = wanted
      .map((d) => d.endpoint)
      .filter((e) => !placed.has(epKey(e)))
      .sort((a, b) => compareIp(a.addresses[0], b.addresses[0]));
    for (const entry of next) {
      while (fresh.length && entry.endpoints.length < maxPerSlice) {
        entry.endpoints.push(fresh.shift()!);
        entry.changed = true;
      }
    }
    const ports = wanted[0].ports;
    while (fresh.length) {
      const chunk = fresh.splice(0, maxPerSlice);
      plan.create.push(newSlice(service, labels, ports, chunk));
    }
    for (const entry of next) {
      if (entry.endpoints.length === 0) plan.delete.push(entry.slice);
      else if (entry.changed)
        plan.update.push({
          ...entry.slice,
          metadata: {
            ...entry.slice.metadata,
            labels: { ...entry.slice.metadata?.labels, ...labels },
          },
          endpoints: entry.endpoints,
        });
    }
  }
  if (desired.length === 0) {
    // A Service with no endpoints keeps one empty slice (the reconciler's placeholder).
    const placeholder = unused.find(
      (s) => (s.endpoints ?? []).length === 0 && same(s.ports ?? [], []),
    );
    for (const s of unused) if (s !== placeholder) plan.delete.push(s);
    if (!placeholder) plan.create.push(newSlice(service, labels, [], []));
  } else {
    plan.delete.push(...unused);
  }
  return plan;
}

/** A new IPv4 slice owned (controller: true) by the Service, named by generateName. */
export function newSlice(
  service: Service,
  labels: Record<string, string>,
  ports: EndpointPort[],
  endpoints: Endpoint[],
): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: `${service.metadata?.name}-`,
      namespace: service.metadata?.namespace,
      labels,
      ownerReferences: [
        {
          apiVersion: 'v1',
          kind: 'Service',
          name: service.metadata?.name ?? '',
          uid: service.metadata?.uid ?? '',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    addressType: 'IPv4',
    endpoints,
    ports,
  };
}

export interface EndpointSliceControllerOptions {
  maxEndpointsPerSlice?: number;
}

/** Starts the EndpointSlice controller (kube-controller-manager's `endpointslice-controller`). */
export function startEndpointSliceController(
  ctx: ControllerContext,
  options: EndpointSliceControllerOptions = {},
): void {
  const maxPerSlice = options.maxEndpointsPerSlice ?? DEFAULT_MAX_ENDPOINTS_PER_SLICE;
  const client = ctx.client(ENDPOINTSLICE_CONTROLLER);
  const services = ctx.informers.for<KubeObject>('v1', 'services');
  const pods = ctx.informers.for<KubeObject>('v1', 'pods');
  const nodes = ctx.informers.for<KubeObject>('v1', 'nodes');
  const slices = ctx.informers.for<KubeObject>('discovery.k8s.io/v1', 'endpointslices');
  const zoneOfNode = (node: string) =>
    nodes.get(node)?.metadata?.labels?.['topology.kubernetes.io/zone'];

  // Slices created but not yet seen by the informer (the reconciler's endpointSliceTracker):
  // syncing before they arrive would create duplicates.
  const unseen = new Map<string, Set<string>>();
  const sync = (key: string) => {
    const [namespace, name] = key.split('/');
    if ((unseen.get(key)?.size ?? 0) > 0) {
      queue.addAfter(key, 1);
      return;
    }
    const service = services.get(key) as Service | undefined;
    // Deleted Services' slices go with the garbage collector (ownerReferences).
    if (!service || !service.spec?.selector || Object.keys(service.spec.selector).length === 0)
      return;
    const existing = [...slices.inNamespace(namespace)]
      .map((s) => s as unknown as EndpointSlice)
      .filter(
        (s) =>
          s.metadata?.namespace === namespace &&
          s.metadata?.labels?.[LABEL_SERVICE_NAME] === name &&
          s.metadata?.labels?.[LABEL_MANAGED_BY] === MANAGED_BY_VALUE,
      );
    const selected = [...pods.inNamespace(namespace)]
      .map((p) => p as unknown as Pod)
      .filter((p) => mapSelectorMatches(service.spec?.selector, p.metadata?.labels));
    const plan = planSlices(
      service,
      existing,
      desiredEndpoints(service, selected, zoneOfNode),
      maxPerSlice,
    );
    const path = (n?: string) => apiPath('discovery.k8s.io/v1', 'endpointslices', namespace, n);
    let failed = false;
    for (const s of plan.create) {
      const created = client.create(path(), s as unknown as KubeObject);
      if (!created.ok) failed = true;
      else if (!slices.get(keyOf(created.value))) {
        const set = unseen.get(key) ?? new Set<string>();
        set.add(keyOf(created.value));
        unseen.set(key, set);
      }
    }
    for (const s of plan.update)
      failed ||= !client.update(path(s.metadata?.name), s as unknown as KubeObject).ok;
    for (const s of plan.delete) failed ||= !client.delete(path(s.metadata?.name)).ok;
    if (failed) queue.addRateLimited(key);
    else queue.forget(key);
  };
  const queue = ctx.queue(ENDPOINTSLICE_CONTROLLER, sync);
  services.on({
    add: (s) => queue.add(keyOf(s)),
    update: (_o, s) => queue.add(keyOf(s)),
  });
  requeueServicesOfPods(pods, services, (key) => queue.add(key));
  const queueSliceService = (s: KubeObject) => {
    const svc = s.metadata?.labels?.[LABEL_SERVICE_NAME];
    if (svc && s.metadata?.labels?.[LABEL_MANAGED_BY] === MANAGED_BY_VALUE)
      queue.add(`${s.metadata?.namespace}/${svc}`);
  };
  slices.on({
    add: (s) => {
      const svc = s.metadata?.labels?.[LABEL_SERVICE_NAME];
      if (svc) unseen.get(`${s.metadata?.namespace}/${svc}`)?.delete(keyOf(s));
    },
    update: (_o, s) => queueSliceService(s),
    delete: queueSliceService,
  });
}
