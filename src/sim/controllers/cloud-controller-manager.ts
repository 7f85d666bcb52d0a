/**
 * The cloud-controller-manager's service controller (k8s.io/cloud-provider controllers/service),
 * backed by a simulated load-balancer pool the way MetalLB serves kind clusters: a Service of
 * type LoadBalancer gets `status.loadBalancer.ingress[0].ip` from 172.18.255.200-250 (the lowest
 * free address, or `spec.loadBalancerIP` when it is free and in the pool); the address is released
 * when the Service is deleted or stops being a LoadBalancer. Until then `kubectl get svc` shows
 * EXTERNAL-IP `<pending>`.
 */
import type { Service } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/types.ts';
import { apiPath } from '../client.ts';
import type { ClusterContext, SimComponent } from '../component.ts';
import { Informer } from '../informer.ts';
import { WorkQueue } from '../workqueue.ts';
import { informerComponent } from '../network/component-util.ts';
import { keyOf } from './util.ts';
import { EventRecorder } from './events.ts';

export const CLOUD_CONTROLLER_MANAGER = 'cloud-controller-manager';
/** The pool, as kind's MetalLB example configures it (`172.18.255.200-172.18.255.250`). */
export const LOAD_BALANCER_POOL = { prefix: '172.18.255.', first: 200, last: 250 };

/** The pool's addresses in order. */
export function poolAddresses(): string[] {
  const out: string[] = [];
  for (let i = LOAD_BALANCER_POOL.first; i <= LOAD_BALANCER_POOL.last; i++)
    out.push(`${LOAD_BALANCER_POOL.prefix}${i}`);
  return out;
}

const lbIP = (s: Service) => s.status?.loadBalancer?.ingress?.[0]?.ip;

/** Starts the cloud-controller-manager (its service controller) as its own component. */
export function startCloudControllerManager(ctx: ClusterContext): SimComponent {
  const client = ctx.client(CLOUD_CONTROLLER_MANAGER);
  // Events of the service controller carry its name, as upstream's recorder does.
  const recorder = new EventRecorder(client, ctx.clock, 'service-controller');
  const services = new Informer<KubeObject>(client, apiPath('v1', 'services'), {}, ctx.clock);
  const pool = poolAddresses();
  // Addresses handed out, by Service key: the informer may not have seen the last status write yet.
  const allocated = new Map<string, string>();

  const sync = (key: string) => {
    const [namespace, name] = key.split('/');
    const service = services.get(key) as Service | undefined;
    if (!service) {
      allocated.delete(key);
      return;
    }
    const statusPath = apiPath('v1', 'services', namespace, name, 'status');
    const current = lbIP(service);
    if (service.spec?.type !== 'LoadBalancer') {
      // No longer a LoadBalancer: release the address (EnsureLoadBalancerDeleted).
      allocated.delete(key);
      if (current) {
        recorder.event(
          service as unknown as KubeObject,
          'Normal',
          'DeletingLoadBalancer',
          'Deleting load balancer',
        );
        client.patch(statusPath, { status: { loadBalancer: {} } });
        recorder.event(
          service as unknown as KubeObject,
          'Normal',
          'DeletedLoadBalancer',
          'Deleted load balancer',
        );
      }
      return;
    }
    if (current) {
      allocated.set(key, current);
      return;
    }
    if (allocated.has(key)) return;
    const used = new Set(
      services
        .list()
        .map((s) => lbIP(s as unknown as Service))
        .filter((ip): ip is string => !!ip),
    );
    for (const ip of allocated.values()) used.add(ip);
    const wanted = service.spec.loadBalancerIP;
    const ip =
      wanted && pool.includes(wanted) && !used.has(wanted)
        ? wanted
        : pool.find((a) => !used.has(a));
    const obj = service as unknown as KubeObject;
    recorder.event(obj, 'Normal', 'EnsuringLoadBalancer', 'Ensuring load balancer');
    if (!ip || (wanted && ip !== wanted)) {
      recorder.event(
        obj,
        'Warning',
        'SyncLoadBalancerFailed',
        `Error syncing load balancer: failed to ensure load balancer: ${wanted ? `address ${wanted} is not available` : 'no available IPs in pool'}`,
      );
      queue.addAfter(key, 60_000);
      return;
    }
    const result = client.patch(statusPath, {
      status: { loadBalancer: { ingress: [{ ip, ipMode: 'VIP' }] } },
    });
    if (!result.ok) {
      queue.addRateLimited(key);
      return;
    }
    queue.forget(key);
    allocated.set(key, ip);
    recorder.event(obj, 'Normal', 'EnsuredLoadBalancer', 'Ensured load balancer');
  };
  const queue = new WorkQueue(ctx.clock, sync, CLOUD_CONTROLLER_MANAGER);
  services.on({
    add: (s) => queue.add(keyOf(s)),
    update: (o, s) => {
      const a = o as unknown as Service;
      const b = s as unknown as Service;
      if (
        a.spec?.type !== b.spec?.type ||
        lbIP(a) !== lbIP(b) ||
        a.spec?.loadBalancerIP !== b.spec?.loadBalancerIP
      )
        queue.add(keyOf(s));
    },
    // A deleted Service frees its address: waiting LoadBalancers may now get one.
    delete: (deleted) => {
      allocated.delete(keyOf(deleted));
      for (const s of services.list()) {
        const svc = s as unknown as Service;
        if (svc.spec?.type === 'LoadBalancer' && !lbIP(svc)) queue.add(keyOf(s));
      }
    },
  });
  const component = informerComponent({
    name: CLOUD_CONTROLLER_MANAGER,
    informers: [services],
    queues: [queue],
    onStart: () => services.list().forEach((s) => queue.add(keyOf(s))),
  });
  component.start();
  ctx.register(component);
  return component;
}
