/**
 * kube-controller-manager: the controllers on shared informers, registered as one component.
 * Stopping it pauses every work queue (nothing reconciles, nothing is lost); starting it again
 * resumes them, as a restarted controller manager catches up from its caches.
 */
import type { ClusterContext, SimComponent } from '../component.ts';
import type { WorkQueue } from '../workqueue.ts';
import { createControllerContext, type ControllerContext } from './context.ts';
import { startCronJobController } from './cronjob.ts';
import { startDaemonSetController } from './daemonset.ts';
import { startDeploymentController } from './deployment.ts';
import { startDisruptionController } from './disruption.ts';
import { startEndpointsController } from './endpoints.ts';
import { startEndpointSliceController } from './endpointslice.ts';
import { startHorizontalPodAutoscalerController } from './horizontal-pod-autoscaler.ts';
import { InformerFactory } from './informers.ts';
import { startJobController } from './job.ts';
import { identitySuffix, startLeaderElection } from './leader-election.ts';
import { startPersistentVolumeBinder } from './persistentvolume-binder.ts';
import { startPodGcController } from './podgc.ts';
import { startReplicaSetController, startReplicationController } from './replicaset.ts';
import { startRootCaCertPublisher } from './root-ca-cert-publisher.ts';
import { startServiceAccountController } from './serviceaccount.ts';
import { startStatefulSetController } from './statefulset.ts';
import { startTtlAfterFinishedController } from './ttl-after-finished.ts';

/** The controllers started by default (kube-controller-manager's `--controllers=*`), by name. */
export const CONTROLLERS: readonly (readonly [string, (ctx: ControllerContext) => void])[] = [
  ['cronjob-controller', startCronJobController],
  ['daemonset-controller', startDaemonSetController],
  ['deployment-controller', startDeploymentController],
  ['disruption-controller', startDisruptionController],
  ['endpoints-controller', startEndpointsController],
  ['endpointslice-controller', (ctx) => startEndpointSliceController(ctx)],
  ['horizontal-pod-autoscaler-controller', startHorizontalPodAutoscalerController],
  ['job-controller', startJobController],
  ['persistentvolume-binder-controller', startPersistentVolumeBinder],
  ['pod-garbage-collector-controller', startPodGcController],
  ['replicaset-controller', startReplicaSetController],
  ['replicationcontroller-controller', startReplicationController],
  ['root-ca-certificate-publisher-controller', startRootCaCertPublisher],
  ['serviceaccount-controller', startServiceAccountController],
  ['statefulset-controller', startStatefulSetController],
  ['ttl-after-finished-controller', startTtlAfterFinishedController],
];

export interface ControllerManager extends SimComponent {
  readonly context: ControllerContext;
  readonly informers: InformerFactory;
}

/** Starts the controllers of kube-controller-manager and registers the component. */
export function startControllerManager(ctx: ClusterContext): ControllerManager {
  const queues: WorkQueue[] = [];
  const informers =
    ctx.controllerInformers?.() ??
    new InformerFactory(ctx.client('kube-controller-manager'), ctx.clock);
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
  const host = ctx.nodes.find((n) => n.role === 'control-plane')?.name ?? 'control-plane';
  startLeaderElection(
    ctx.client('kube-controller-manager'),
    ctx.clock,
    'kube-controller-manager',
    `${host}_${identitySuffix(ctx.options.seed)}`,
    () => running,
  );
  ctx.register(manager);
  return manager;
}
