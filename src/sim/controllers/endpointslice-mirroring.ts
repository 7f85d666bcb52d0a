/**
 * The EndpointSlice mirroring controller (pkg/controller/endpointslicemirroring): a Service without
 * selector has its Endpoints written by the user (or an operator); this controller mirrors them into
 * EndpointSlices (managed-by `endpointslicemirroring-controller.k8s.io`), one per subset, so
 * kube-proxy (which reads only slices) routes to them. Endpoints labelled
 * `endpointslice.kubernetes.io/skip-mirror: "true"` (the apiserver's own `kubernetes`) are skipped.
 */
import type { Endpoints, Service } from 'kubernetes-types/core/v1';
import type { Endpoint, EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { KubeObject } from '../api/types.ts';
import { apiPath } from '../client.ts';
import type { ControllerContext } from './context.ts';
import { LABEL_MANAGED_BY, LABEL_SERVICE_NAME, newSlice } from './endpointslice.ts';
import { keyOf } from './util.ts';

export const MIRRORING_CONTROLLER = 'endpointslicemirroring-controller';
export const MIRRORING_MANAGED_BY = 'endpointslicemirroring-controller.k8s.io';
const SKIP_MIRROR = 'endpointslice.kubernetes.io/skip-mirror';
/** Upstream mirrors at most 1000 addresses per Endpoints (maxEndpointsPerSubset). */
const MAX_MIRRORED = 1000;

/** The slices mirroring an Endpoints object (without names: they are matched by position). */
export function mirroredSlices(service: Service, endpoints: Endpoints): EndpointSlice[] {
  const labels: Record<string, string> = { ...(endpoints.metadata?.labels ?? {}) };
  delete labels['endpoints.kubernetes.io/managed-by'];
  labels[LABEL_SERVICE_NAME] = service.metadata?.name ?? '';
  labels[LABEL_MANAGED_BY] = MIRRORING_MANAGED_BY;
  let budget = MAX_MIRRORED;
  return (endpoints.subsets ?? []).map((subset) => {
    const toEndpoint =
      (ready: boolean) =>
      (a: { ip: string; hostname?: string; nodeName?: string; targetRef?: object }): Endpoint => ({
        addresses: [a.ip],
        conditions: { ready },
        ...(a.hostname ? { hostname: a.hostname } : {}),
        ...(a.nodeName ? { nodeName: a.nodeName } : {}),
        ...(a.targetRef ? { targetRef: a.targetRef } : {}),
      });
    const eps = [
      ...(subset.addresses ?? []).map(toEndpoint(true)),
      ...(subset.notReadyAddresses ?? []).map(toEndpoint(false)),
    ].slice(0, Math.max(0, budget));
    budget -= eps.length;
    return newSlice(
      service,
      labels,
      (subset.ports ?? []).map((p) => ({
        name: p.name ?? '',
        port: p.port,
        protocol: p.protocol ?? 'TCP',
      })),
      eps,
    );
  });
}

/** Starts the mirroring controller (kube-controller-manager's `endpointslicemirroring-controller`). */
export function startEndpointSliceMirroringController(ctx: ControllerContext): void {
  const client = ctx.client(MIRRORING_CONTROLLER);
  const services = ctx.informers.for<KubeObject>('v1', 'services');
  const endpoints = ctx.informers.for<KubeObject>('v1', 'endpoints');
  const slices = ctx.informers.for<KubeObject>('discovery.k8s.io/v1', 'endpointslices');
  // Slices created but not yet in the informer: syncing before they arrive would duplicate them.
  const unseen = new Map<string, Set<string>>();
  const sync = (key: string) => {
    const [namespace, name] = key.split('/');
    const waiting = unseen.get(key);
    if (waiting) {
      for (const k of [...waiting]) if (slices.get(k)) waiting.delete(k);
      if (waiting.size > 0) return queue.addAfter(key, 1);
      unseen.delete(key);
    }
    const service = services.get(key) as Service | undefined;
    const ep = endpoints.get(key) as Endpoints | undefined;
    const existing = [...slices.inNamespace(namespace)]
      .map((s) => s as unknown as EndpointSlice)
      .filter(
        (s) =>
          s.metadata?.labels?.[LABEL_SERVICE_NAME] === name &&
          s.metadata?.labels?.[LABEL_MANAGED_BY] === MIRRORING_MANAGED_BY,
      )
      .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
    const mirror =
      service &&
      ep &&
      (!service.spec?.selector || Object.keys(service.spec.selector).length === 0) &&
      ep.metadata?.labels?.[SKIP_MIRROR] !== 'true';
    const desired = mirror ? mirroredSlices(service, ep) : [];
    const path = (n?: string) => apiPath('discovery.k8s.io/v1', 'endpointslices', namespace, n);
    desired.forEach((want, i) => {
      const have = existing[i];
      if (!have) {
        const created = client.create(path(), want as unknown as KubeObject);
        if (created.ok) unseen.set(key, (unseen.get(key) ?? new Set()).add(keyOf(created.value)));
        return;
      }
      const same =
        JSON.stringify([have.endpoints, have.ports, have.metadata?.labels]) ===
        JSON.stringify([want.endpoints, want.ports, want.metadata?.labels]);
      if (!same)
        client.update(path(have.metadata?.name), {
          ...have,
          endpoints: want.endpoints,
          ports: want.ports,
          metadata: { ...have.metadata, labels: want.metadata?.labels },
        } as unknown as KubeObject);
    });
    for (const extra of existing.slice(desired.length)) client.delete(path(extra.metadata?.name));
  };
  const queue = ctx.queue(MIRRORING_CONTROLLER, sync);
  services.on({
    add: (s) => queue.add(keyOf(s)),
    update: (_o, s) => queue.add(keyOf(s)),
    delete: (s) => queue.add(keyOf(s)),
  });
  endpoints.on({
    add: (e) => queue.add(keyOf(e)),
    update: (_o, e) => queue.add(keyOf(e)),
    delete: (e) => queue.add(keyOf(e)),
  });
  slices.on({
    delete: (s) => {
      if (s.metadata?.labels?.[LABEL_MANAGED_BY] === MIRRORING_MANAGED_BY)
        queue.add(`${s.metadata?.namespace}/${s.metadata?.labels?.[LABEL_SERVICE_NAME]}`);
    },
  });
}
