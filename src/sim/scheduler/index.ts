/** kube-scheduler wiring (the scheduler itself lands with the workloads issue). */
import type { ClusterContext } from '../component.ts';

/** Starts the scheduler(s) of the control plane. */
export function startScheduler(_ctx: ClusterContext): void {}
