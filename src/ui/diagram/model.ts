/**
 * Reading the informer cache for the diagram: which nodes and pods exist and where pods run, and
 * the little of each object the drawn elements show (readiness, phase, IPs, selectors).
 */
import type { KubeObject } from '../../sim/api/types';
import type { ClusterState } from '../store/cluster-store';
import { objectsOf } from '../store/cluster-store';

const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane';

/** True for a control-plane node (kubeadm's role label). */
export function isControlPlane(node: KubeObject): boolean {
  return node.metadata?.labels?.[CONTROL_PLANE_LABEL] !== undefined;
}

interface Condition {
  type: string;
  status: string;
}

/** `Ready`, `NotReady` or `Unknown`, plus `SchedulingDisabled` when cordoned, as kubectl prints. */
export function nodeStatus(node: KubeObject): string {
  const conditions = (node.status as { conditions?: Condition[] } | undefined)?.conditions ?? [];
  const ready = conditions.find((c) => c.type === 'Ready');
  const text = ready?.status === 'True' ? 'Ready' : ready ? 'NotReady' : 'Unknown';
  const cordoned = (node.spec as { unschedulable?: boolean } | undefined)?.unschedulable;
  return cordoned ? `${text},SchedulingDisabled` : text;
}

/** The pod's node, or '' while unscheduled. */
export function podNodeName(pod: KubeObject): string {
  return (pod.spec as { nodeName?: string } | undefined)?.nodeName ?? '';
}

/** The phase, or `Terminating` once deletion has started (kubectl's STATUS column). */
export function podPhase(pod: KubeObject): string {
  if (pod.metadata?.deletionTimestamp) return 'Terminating';
  return (pod.status as { phase?: string } | undefined)?.phase ?? 'Pending';
}

export function podIP(pod: KubeObject): string {
  return (pod.status as { podIP?: string } | undefined)?.podIP ?? '';
}

/** True when every key/value of the selector is among the labels (a Service's equality selector). */
export function selects(
  selector: Record<string, string> | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

/** CPU quantity in millicores (`250m`, `1`, `0.5`); 0 when absent or unreadable. */
export function cpuMillis(quantity: unknown): number {
  if (typeof quantity === 'number') return Math.round(quantity * 1000);
  if (typeof quantity !== 'string' || quantity === '') return 0;
  const value = quantity.endsWith('m') ? Number(quantity.slice(0, -1)) : Number(quantity) * 1000;
  return Number.isFinite(value) ? Math.round(value) : 0;
}

interface ContainerResources {
  resources?: { requests?: Record<string, unknown> };
}

/**
 * CPU requested by the pods bound to a node that still hold resources (not Succeeded or Failed),
 * as the scheduler's NodeResourcesFit counts it: the sum of the containers' requests.
 */
export function requestedCpuOn(state: ClusterState, nodeName: string): number {
  let total = 0;
  for (const pod of Object.values(objectsOf(state, 'Pod'))) {
    if (podNodeName(pod) !== nodeName) continue;
    const phase = (pod.status as { phase?: string } | undefined)?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    const containers =
      (pod.spec as { containers?: ContainerResources[] } | undefined)?.containers ?? [];
    for (const c of containers) total += cpuMillis(c.resources?.requests?.cpu);
  }
  return total;
}

/** Allocatable CPU of a node in millicores. */
export function allocatableCpu(node: KubeObject | undefined): number {
  const status = node?.status as { allocatable?: Record<string, unknown> } | undefined;
  return cpuMillis(status?.allocatable?.cpu);
}

/** `1.5` or `0.25`: millicores as cores, the way the mockup and `kubectl describe` read. */
export function formatCores(millis: number): string {
  return String(Math.round(millis / 10) / 100);
}

interface ContainerStatus {
  name: string;
  ready?: boolean;
  restartCount?: number;
  state?: { waiting?: { reason?: string }; terminated?: { reason?: string } };
}

function containerStatuses(pod: KubeObject): ContainerStatus[] {
  return (
    (pod.status as { containerStatuses?: ContainerStatus[] } | undefined)?.containerStatuses ?? []
  );
}

/** Ready containers over all containers, as kubectl's READY column (`1/1`). */
export function podReadiness(pod: KubeObject): { ready: number; total: number } {
  const total = ((pod.spec as { containers?: unknown[] } | undefined)?.containers ?? []).length;
  const ready = containerStatuses(pod).filter((c) => c.ready).length;
  return { ready, total };
}

/** Restarts summed over the containers (kubectl's RESTARTS column). */
export function podRestarts(pod: KubeObject): number {
  return containerStatuses(pod).reduce((sum, c) => sum + (c.restartCount ?? 0), 0);
}

/**
 * What kubectl's STATUS column would say: a waiting or terminated container reason
 * (`ContainerCreating`, `CrashLoopBackOff`, `ErrImagePull`, `Completed`) over the phase.
 */
export function podStatusText(pod: KubeObject): string {
  if (pod.metadata?.deletionTimestamp) return 'Terminating';
  for (const c of containerStatuses(pod)) {
    const reason = c.state?.waiting?.reason ?? c.state?.terminated?.reason;
    if (reason) return reason;
  }
  return podPhase(pod);
}

/** True when the Pod's Ready condition is True (what endpoints follow). */
export function podReady(pod: KubeObject): boolean {
  const conditions = (pod.status as { conditions?: Condition[] } | undefined)?.conditions ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

/** `Pod web-7d4b9c-x2x8q, Running, ready 1/1, IP 10.244.1.7, node worker-1`. */
export function podAccessibleName(pod: KubeObject): string {
  const { ready, total } = podReadiness(pod);
  const restarts = podRestarts(pod);
  const ip = podIP(pod);
  const node = podNodeName(pod);
  return [
    `Pod ${pod.metadata?.name ?? ''}`,
    podStatusText(pod),
    `ready ${ready}/${total}`,
    ...(restarts ? [`${restarts} restart${restarts === 1 ? '' : 's'}`] : []),
    ...(ip ? [`IP ${ip}`] : []),
    node ? `node ${node}` : 'not scheduled',
  ].join(', ');
}
