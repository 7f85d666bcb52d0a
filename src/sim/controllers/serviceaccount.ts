/**
 * The ServiceAccount controller (pkg/controller/serviceaccount/serviceaccounts_controller.go):
 * every active namespace has a ServiceAccount named `default`; it is created with the namespace
 * and again whenever someone deletes it.
 */
import type { KubeObject } from '../api/types.ts';
import { apiPath } from '../client.ts';
import type { ControllerContext } from './context.ts';

const USER = 'serviceaccount-controller';

/** Starts the ServiceAccount controller. */
export function startServiceAccountController(ctx: ControllerContext): void {
  const client = ctx.client(USER);
  const namespaces = ctx.informers.for<KubeObject>('v1', 'namespaces');
  const accounts = ctx.informers.for<KubeObject>('v1', 'serviceaccounts');
  const queue = ctx.queue(USER, sync);
  namespaces.on({
    add: (ns) => queue.add(ns.metadata?.name ?? ''),
    update: (_o, ns) => queue.add(ns.metadata?.name ?? ''),
  });
  accounts.on({
    delete: (sa) => sa.metadata?.name === 'default' && queue.add(sa.metadata?.namespace ?? ''),
  });

  function sync(namespace: string): void {
    const ns = namespaces.get(namespace);
    if (!ns || ns.metadata?.deletionTimestamp) return;
    if ((ns.status as { phase?: string } | undefined)?.phase === 'Terminating') return;
    if (accounts.get(`${namespace}/default`)) return;
    const res = client.create(apiPath('v1', 'serviceaccounts', namespace), {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'default', namespace },
    });
    if (!res.ok && res.status.code !== 409 && res.status.code !== 403)
      queue.addRateLimited(namespace);
  }
}
