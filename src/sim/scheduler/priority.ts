/**
 * Pod priority (plugin/pkg/admission/priority): `spec.priority` when the admission plugin set it,
 * else the value of `spec.priorityClassName`, else the global default class, else 0. The two
 * built-in classes always exist (pkg/apis/scheduling: SystemCriticalPriority = 2e9).
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';

export const SYSTEM_CLUSTER_CRITICAL = 2_000_000_000;
export const SYSTEM_NODE_CRITICAL = 2_000_001_000;

/** Resolves a pod's priority from its spec and the known PriorityClasses. */
export function podPriority(
  pod: Pod,
  classes: (name: string) => PriorityClass | undefined,
): number {
  if (typeof pod.spec?.priority === 'number') return pod.spec.priority;
  const name = pod.spec?.priorityClassName;
  if (name === 'system-node-critical') return SYSTEM_NODE_CRITICAL;
  if (name === 'system-cluster-critical') return SYSTEM_CLUSTER_CRITICAL;
  if (name) return classes(name)?.value ?? 0;
  return 0;
}
