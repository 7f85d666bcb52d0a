/**
 * kube-controller-manager: the workload controllers on shared informers, registered as one
 * component. Stopping it pauses every work queue (nothing reconciles, nothing is lost); starting it
 * again resumes them, as a restarted controller manager catches up from its caches.
 */
import type { ClusterContext, SimComponent } from '../component.ts';
import type { WorkQueue } from '../workqueue.ts';
import { createControllerContext, type ControllerContext } from './context.ts';
import { startDeploymentController } from './deployment.ts';
import { InformerFactory } from './informers.ts';
import { startReplicaSetController, startReplicationController } from './replicaset.ts';

/** The controllers started by default (kube-controller-manager's `--controllers=*`). */
export const CONTROLLERS: [string, (ctx: ControllerContext) => void][] = [
  ['replicaset', startReplicaSetController],
  ['replicationcontroller', startReplicationController],
  ['deployment', startDeploymentController],
];

export interface ControllerManager extends SimComponent {
  readonly context: ControllerContext;
  readonly informers: InformerFactory;
}

/** Starts the controllers of kube-controller-manager and registers the component. */
export function startControllerManager(ctx: ClusterContext): ControllerManager {
  const queues: WorkQueue[] = [];
  const informers = new InformerFactory(ctx.client('kube-controller-manager'), ctx.clock);
  const context = createControllerContext(ctx.clock, ctx.rng, informers, ctx.client, queues);
  for (const [, start] of CONTROLLERS) start(context);
  informers.start();
  let running = true;
  const manager: ControllerManager = {
    name: 'kube-controller-manager',
    context,
    informers,
    start() {
      running = true;
      for (const q of queues) q.resume();
    },
    stop() {
      running = false;
      for (const q of queues) q.pause();
    },
    running: () => running,
  };
  ctx.register(manager);
  return manager;
}
