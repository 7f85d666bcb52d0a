/** kube-scheduler wiring: one scheduler (`kube-scheduler`) for the control plane. */
import type { ClusterContext } from '../component.ts';
import { KubeScheduler } from './scheduler.ts';

export { KubeScheduler, SCHEDULER_NAME, type SchedulingDecision } from './scheduler.ts';

/** Starts the scheduler(s) of the control plane and registers it as `kube-scheduler`. */
export function startScheduler(ctx: ClusterContext): KubeScheduler {
  const scheduler = new KubeScheduler(ctx);
  ctx.register(scheduler);
  scheduler.start();
  return scheduler;
}
