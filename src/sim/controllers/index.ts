/** kube-controller-manager wiring (the controllers land with the workloads issue). */
import type { ClusterContext } from '../component.ts';

/** Starts the controllers of kube-controller-manager. */
export function startControllerManager(_ctx: ClusterContext): void {}
