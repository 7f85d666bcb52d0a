/**
 * Pod facts the endpoint controllers, kube-proxy, DNS and the traffic model share: readiness,
 * whether a pod belongs in a Service's endpoints, and named targetPort resolution.
 */
import type { Pod, ServicePort } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/types.ts';

/** A KubeObject viewed as a Pod (the apiserver returns plain JSON). */
export function asPod(obj: KubeObject): Pod {
  return obj as unknown as Pod;
}

/** The pod's Ready condition is True (podutil.IsPodReady). */
export function isPodReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** The pod's primary IP, if the kubelet has reported one. */
export function podIP(pod: Pod): string | undefined {
  return pod.status?.podIP || pod.status?.podIPs?.[0]?.ip || undefined;
}

/**
 * Whether a pod belongs in endpoints at all (pkg/api/v1/endpoints ShouldPodBeInEndpoints): it has
 * an IP; it is not terminating unless `includeTerminating`; and it has not reached a terminal
 * phase its restart policy will not leave (Never: Failed/Succeeded; OnFailure: Succeeded).
 */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  if (!podIP(pod)) return false;
  if (!includeTerminating && pod.metadata?.deletionTimestamp) return false;
  const phase = pod.status?.phase;
  const policy = pod.spec?.restartPolicy ?? 'Always';
  if (policy === 'Never') return phase !== 'Failed' && phase !== 'Succeeded';
  if (policy === 'OnFailure') return phase !== 'Succeeded';
  return true;
}

/**
 * The container port a service port targets on this pod (podutil.FindPort): a named targetPort is
 * looked up among the containers' ports with the same protocol; a number is used as is; an unset
 * targetPort means the service port. Undefined when a name is not found.
 */
export function findPort(pod: Pod, servicePort: ServicePort): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  const protocol = servicePort.protocol ?? 'TCP';
  if (typeof target === 'number') return target;
  if (/^[0-9]+$/.test(target)) return Number(target);
  for (const container of pod.spec?.containers ?? []) {
    for (const port of container.ports ?? []) {
      if (port.name === target && (port.protocol ?? 'TCP') === protocol) return port.containerPort;
    }
  }
  return undefined;
}

/**
 * Whether a Service's equality selector (a plain map) selects `labels`. An absent or empty map
 * selects nothing here: the endpoint controllers skip Services without selector.
 */
export function mapSelectorMatches(
  selector: Record<string, string> | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  const have = labels ?? {};
  for (const [key, value] of Object.entries(selector)) if (have[key] !== value) return false;
  return true;
}
