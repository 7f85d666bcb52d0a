/** Cluster bootstrap (what `kubeadm init` leaves in the API besides the control-plane pods). */
import { apiPath } from '../client.ts';
import type { ClusterContext } from '../component.ts';
import { kubeSystemObjects } from './kube-system.ts';

export { mirrorPods, controlPlaneImages } from './static-pods.ts';
export { preloadedImages, CLUSTER_DNS_IP } from './kube-system.ts';

/** Creates the kube-system add-ons through the API as `kubeadm`; returns failures as messages. */
export function bootstrapKubeSystem(ctx: ClusterContext): string[] {
  const client = ctx.client('kubeadm');
  const failures: string[] = [];
  for (const o of kubeSystemObjects()) {
    const r = client.create(apiPath(o.apiVersion, o.resource, o.namespace), o.object);
    if (!r.ok && r.status.code !== 409)
      failures.push(
        `${o.resource}/${o.object.metadata?.name}: ${r.status.message ?? r.status.reason}`,
      );
  }
  return failures;
}
