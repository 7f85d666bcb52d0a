/**
 * Node agents: one kubelet per node of the topology (registered as `kubelet/<node>`), the
 * kube-system add-ons kubeadm creates, and the node lifecycle controller (its own component,
 * `node-lifecycle-controller`, though upstream runs it inside kube-controller-manager).
 */
import type { ClusterContext } from '../component.ts';
import { startNodeLifecycleController } from '../controllers/node-lifecycle.ts';
import {
  bootstrapKubeSystem,
  controlPlaneImages,
  mirrorPods,
  preloadedImages,
} from '../bootstrap/index.ts';
import type { NodeSpec } from '../topology.ts';
import { Kubelet } from './kubelet.ts';

export { nodeObject } from './node-status.ts';
export { Kubelet } from './kubelet.ts';

/** Creates (and registers) the kubelet of `spec`; does not start it. */
export function createKubelet(ctx: ClusterContext, spec: NodeSpec): Kubelet {
  const controlPlanes = ctx.nodes.filter((n) => n.role === 'control-plane');
  const isControlPlane = spec.role === 'control-plane';
  const kubelet = new Kubelet(ctx, spec, {
    images: [...preloadedImages(), ...(isControlPlane ? controlPlaneImages() : [])],
    staticPods: isControlPlane
      ? (uid) => mirrorPods(spec, uid, controlPlanes, ctx.clock.now())
      : undefined,
  });
  ctx.register(kubelet);
  return kubelet;
}

/** Starts the node agents of every node in the topology, the add-ons and the node lifecycle controller. */
export function startNodes(ctx: ClusterContext): Kubelet[] {
  bootstrapKubeSystem(ctx);
  const kubelets = ctx.nodes.map((spec) => createKubelet(ctx, spec));
  for (const k of kubelets) k.start();
  startNodeLifecycleController(ctx);
  return kubelets;
}
