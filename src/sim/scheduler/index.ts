/** kube-scheduler wiring: one scheduler (`kube-scheduler`) for the control plane. */
import type { ClusterContext } from '../component.ts';
import { identitySuffix, startLeaderElection } from '../controllers/leader-election.ts';
import { KubeScheduler } from './scheduler.ts';

export { KubeScheduler, SCHEDULER_NAME, type SchedulingDecision } from './scheduler.ts';

/** Starts the scheduler(s) of the control plane and registers it as `kube-scheduler`. */
export function startScheduler(ctx: ClusterContext): KubeScheduler {
  const scheduler = new KubeScheduler(ctx);
  ctx.register(scheduler);
  scheduler.start();
  // kube-scheduler runs with --leader-elect: it holds the Lease kube-system/kube-scheduler
  // (identity `<host>_<uuid>`, another process than kube-controller-manager, so another uuid)
  // and stops renewing it while stopped.
  const host = ctx.nodes.find((n) => n.role === 'control-plane')?.name ?? 'control-plane';
  startLeaderElection(
    ctx.client('kube-scheduler'),
    ctx.clock,
    'kube-scheduler',
    `${host}_${identitySuffix(ctx.options.seed + 1)}`,
    () => scheduler.running(),
  );
  return scheduler;
}
