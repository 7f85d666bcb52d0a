/**
 * The endpoints controller (pkg/controller/endpoint/endpoints_controller.go): for every Service
 * with a selector it keeps an Endpoints object of the same name listing the selected pods' IPs,
 * ready ones under `addresses`, the others under `notReadyAddresses`, one subset per distinct set
 * of resolved ports. Services without a selector are left alone (their Endpoints are the user's).
 */
import type {
  EndpointAddress,
  EndpointPort,
  EndpointSubset,
  Endpoints,
  Pod,
  Service,
} from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/types.ts';
import { apiPath } from '../client.ts';
import type { ControllerContext } from './context.ts';
import type { SharedInformer } from './informers.ts';
import { keyOf } from './util.ts';
import {
  findPort,
  isPodReady,
  podIP,
  shouldPodBeInEndpoints,
  mapSelectorMatches,
} from '../network/pod-util.ts';

export const ENDPOINT_CONTROLLER = 'endpoint-controller';
/** Label the controllers put on the Endpoints/EndpointSlices of headless Services. */
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';

/** The address of a pod in a Service's endpoints (podToEndpointAddressForService). */
export function podEndpointAddress(service: Service, pod: Pod): EndpointAddress {
  const address: EndpointAddress = {
    ip: podIP(pod) ?? '',
    nodeName: pod.spec?.nodeName,
    targetRef: {
      kind: 'Pod',
      namespace: pod.metadata?.namespace,
      name: pod.metadata?.name,
      uid: pod.metadata?.uid,
    },
  };
  // A pod with spec.hostname and spec.subdomain equal to the Service's name gets a DNS record
  // <hostname>.<service>.<ns>.svc: StatefulSet pods do (the governing service).
  if (
    pod.spec?.hostname &&
    pod.spec.subdomain === service.metadata?.name &&
    pod.metadata?.namespace === service.metadata?.namespace
  ) {
    address.hostname = pod.spec.hostname;
  }
  if (!address.nodeName) delete address.nodeName;
  return address;
}

const portsKey = (ports: EndpointPort[]) =>
  ports.map((p) => `${p.name ?? ''}:${p.port}/${p.protocol ?? 'TCP'}`).join(',');

/** The subsets of a Service's Endpoints for the given pods (the core of syncService + RepackSubsets). */
export function computeEndpointSubsets(service: Service, pods: Pod[]): EndpointSubset[] {
  const publishNotReady = service.spec?.publishNotReadyAddresses === true;
  const headlessNoPorts =
    service.spec?.clusterIP === 'None' && (service.spec?.ports ?? []).length === 0;
  const groups = new Map<
    string,
    { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }
  >();
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, publishNotReady)) continue;
    const ports: EndpointPort[] = [];
    if (!headlessNoPorts) {
      for (const sp of service.spec?.ports ?? []) {
        const port = findPort(pod, sp);
        // A pod without the named port is left out for that port (FindPort error, logged upstream).
        if (port === undefined) continue;
        const ep: EndpointPort = { port, protocol: sp.protocol ?? 'TCP' };
        if (sp.name) ep.name = sp.name;
        if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
        ports.push(ep);
      }
      if (ports.length === 0) continue;
    }
    ports.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.port - b.port);
    const key = portsKey(ports);
    let group = groups.get(key);
    if (!group) {
      group = { ports, ready: [], notReady: [] };
      groups.set(key, group);
    }
    const address = podEndpointAddress(service, pod);
    if (publishNotReady || isPodReady(pod)) group.ready.push(address);
    else group.notReady.push(address);
  }
  const byIp = (a: EndpointAddress, b: EndpointAddress) =>
    compareIp(a.ip, b.ip) || (a.targetRef?.name ?? '').localeCompare(b.targetRef?.name ?? '');
  const subsets: EndpointSubset[] = [];
  for (const key of [...groups.keys()].sort()) {
    const group = groups.get(key)!;
    const subset: EndpointSubset = {};
    if (group.ready.length) subset.addresses = group.ready.sort(byIp);
    if (group.notReady.length) subset.notReadyAddresses = group.notReady.sort(byIp);
    if (group.ports.length) subset.ports = group.ports;
    subsets.push(subset);
  }
  return subsets;
}

/** Endpoints hold at most 1000 addresses (endpoints_controller.go maxCapacity). */
export const MAX_ENDPOINTS_CAPACITY = 1000;
export const OVER_CAPACITY_ANNOTATION = 'endpoints.kubernetes.io/over-capacity';

/**
 * Cuts subsets down to MAX_ENDPOINTS_CAPACITY addresses in place, ready ones kept first
 * (truncateEndpoints keeps a proportional share per subset; this keeps the order instead).
 * Returns whether anything was cut.
 */
export function truncateSubsets(subsets: EndpointSubset[]): boolean {
  let total = 0;
  for (const s of subsets) total += (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0);
  if (total <= MAX_ENDPOINTS_CAPACITY) return false;
  let room = MAX_ENDPOINTS_CAPACITY;
  for (const s of subsets) {
    if (s.addresses) s.addresses = s.addresses.slice(0, room);
    room -= s.addresses?.length ?? 0;
  }
  for (const s of subsets) {
    if (s.notReadyAddresses) s.notReadyAddresses = s.notReadyAddresses.slice(0, Math.max(0, room));
    room -= s.notReadyAddresses?.length ?? 0;
    if (s.addresses?.length === 0) delete s.addresses;
    if (s.notReadyAddresses?.length === 0) delete s.notReadyAddresses;
  }
  return true;
}

/** Numeric order of dotted IPv4 addresses (strings otherwise). */
export function compareIp(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  if (pa.length === 4 && pb.length === 4) {
    for (let i = 0; i < 4; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
    return 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Labels of a Service's Endpoints: the Service's own, plus the headless marker. */
function endpointsLabels(service: Service): Record<string, string> {
  const labels: Record<string, string> = { ...(service.metadata?.labels ?? {}) };
  if (service.spec?.clusterIP === 'None') labels[HEADLESS_LABEL] = '';
  else delete labels[HEADLESS_LABEL];
  return labels;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Starts the endpoints controller (kube-controller-manager's `endpoint-controller`). */
export function startEndpointsController(ctx: ControllerContext): void {
  const client = ctx.client(ENDPOINT_CONTROLLER);
  const services = ctx.informers.for<KubeObject>('v1', 'services');
  const pods = ctx.informers.for<KubeObject>('v1', 'pods');
  const endpoints = ctx.informers.for<KubeObject>('v1', 'endpoints');

  const sync = (key: string) => {
    const [namespace, name] = key.split('/');
    const service = services.get(key) as Service | undefined;
    const existing = endpoints.get(key) as Endpoints | undefined;
    const path = apiPath('v1', 'endpoints', namespace, name);
    if (!service) {
      // The Service is gone: its Endpoints go too (the controller deletes them, not the GC).
      if (existing) client.delete(path);
      return;
    }
    if (!service.spec?.selector || Object.keys(service.spec.selector).length === 0) return;
    const selected = [...pods.inNamespace(namespace)]
      .map((p) => p as unknown as Pod)
      .filter((p) => mapSelectorMatches(service.spec?.selector, p.metadata?.labels));
    const subsets = computeEndpointSubsets(service, selected);
    const truncated = truncateSubsets(subsets);
    const labels = endpointsLabels(service);
    const annotations: Record<string, string> = { ...(existing?.metadata?.annotations ?? {}) };
    if (truncated) annotations[OVER_CAPACITY_ANNOTATION] = 'truncated';
    else delete annotations[OVER_CAPACITY_ANNOTATION];
    if (
      existing &&
      same(existing.subsets ?? [], subsets) &&
      same(existing.metadata?.labels ?? {}, labels) &&
      same(existing.metadata?.annotations ?? {}, annotations)
    )
      return;
    const meta = { ...(existing?.metadata ?? { name, namespace }), labels } as Record<
      string,
      unknown
    >;
    if (Object.keys(annotations).length) meta.annotations = annotations;
    else delete meta.annotations;
    const body = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: meta,
      subsets,
    } as unknown as KubeObject;
    const result = existing
      ? client.update(path, body)
      : client.create(apiPath('v1', 'endpoints', namespace), body);
    if (!result.ok) queue.addRateLimited(key);
    else queue.forget(key);
  };
  const queue = ctx.queue(ENDPOINT_CONTROLLER, sync);

  services.on({
    add: (s) => queue.add(keyOf(s)),
    update: (_o, s) => queue.add(keyOf(s)),
    delete: (s) => queue.add(keyOf(s)),
  });
  requeueServicesOfPods(pods, services, (key) => queue.add(key));
  endpoints.on({
    // Someone else changed or deleted the Endpoints of a selecting Service: put them back.
    update: (_o, e) => {
      if (services.get(keyOf(e))) queue.add(keyOf(e));
    },
    delete: (e) => {
      if (services.get(keyOf(e))) queue.add(keyOf(e));
    },
  });
}

/**
 * Requeues the Services selecting a pod when it is added, changed (under its old and its new
 * labels, so a Service it left is updated too) or deleted (endpoints_controller.go updatePod).
 */
export function requeueServicesOfPods(
  pods: SharedInformer,
  services: SharedInformer,
  add: (key: string) => void,
): void {
  const requeue = (pod: KubeObject) => {
    for (const key of servicesSelectingPod(services, pod)) add(key);
  };
  pods.on({
    add: requeue,
    update: (o, n) => {
      requeue(o);
      requeue(n);
    },
    delete: requeue,
  });
}

/** Keys of the Services in the pod's namespace whose selector matches its labels (to requeue). */
export function servicesSelectingPod(
  services: { inNamespace(namespace: string): Iterable<KubeObject> },
  pod: KubeObject,
): string[] {
  const keys: string[] = [];
  for (const svc of services.inNamespace(pod.metadata?.namespace ?? '')) {
    const s = svc as unknown as Service;
    if (mapSelectorMatches(s.spec?.selector, pod.metadata?.labels)) keys.push(keyOf(svc));
  }
  return keys;
}
