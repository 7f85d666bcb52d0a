/**
 * Plain-language explanations of what the cluster did: for a change (who wrote what) or a
 * Kubernetes Event, what happened, which component did it and the rule behind it (with the real
 * default numbers), and what it caused next (the changes that followed on the same or dependent
 * objects). Pure functions over the data the timeline already holds.
 */
import type { KubeObject } from '../../sim/api/types';
import type { ChangeSummary } from '../../worker/protocol';
import { actorOf } from './actors';

export interface Explanation {
  /** What happened, in one sentence. */
  what: string;
  /** Who did it and why: the control loop and its rule. */
  why: string;
  /** What followed (up to a handful of later changes), as short lines. */
  next: string[];
}

const objectName = (c: { kind: string; namespace?: string; name: string }) =>
  `${c.kind} ${c.namespace ? `${c.namespace}/` : ''}${c.name}`;

const has = (c: ChangeSummary, text: string) => c.details.some((d) => d.includes(text));

/** The rule behind a change, by object kind, actor and what changed. */
function changeRule(c: ChangeSummary): string {
  const actor = actorOf(c.user);
  const loop = actor.loop ?? '';
  if (c.kind === 'Pod') {
    if (c.type === 'ADDED') {
      if (loop === 'replicaset-controller')
        return 'The ReplicaSet controller (in kube-controller-manager) counted fewer pods matching its selector than spec.replicas and created one from its pod template. It creates missing pods in slow-start batches (1, 2, 4, ...) so a broken template fails fast.';
      if (loop === 'statefulset-controller')
        return 'The StatefulSet controller creates pods one at a time in ordinal order (name-0, name-1, ...) by default (podManagementPolicy OrderedReady): each waits for the previous one to be Running and Ready.';
      if (loop === 'daemonset-controller')
        return 'The DaemonSet controller runs one copy of the pod on every eligible node, and creates one when a node appears or a copy is missing.';
      if (loop === 'job-controller')
        return 'The Job controller creates pods until spec.completions pods have succeeded, at most spec.parallelism at a time; failed pods are retried with a back-off of 10 s doubling (capped at 10 min) up to backoffLimit (default 6).';
      if (actor.kind === 'user')
        return 'You created the pod directly. A bare pod has no controller: if it or its node dies, nothing recreates it.';
      return `${actor.label} created the pod.`;
    }
    if (c.type === 'DELETED') {
      if (actor.kind === 'kubelet')
        return `The kubelet on ${actor.node} stopped the containers (SIGTERM, then SIGKILL after terminationGracePeriodSeconds, 30 s by default) and removed the pod object for good.`;
      if (loop.includes('replicaset'))
        return 'The ReplicaSet controller had more pods than spec.replicas and deleted the extra ones (not-ready and unscheduled pods go first).';
      if (loop.includes('garbage'))
        return 'The garbage collector deleted the pod because its owner is gone (ownerReferences, cascading deletion).';
      return `${actor.label} deleted the pod.`;
    }
    if (actor.kind === 'kube-scheduler' || has(c, 'nodeName'))
      return 'kube-scheduler took the pod from its queue, filtered out nodes that cannot run it (not enough CPU or memory requested, untolerated taints, node selectors and affinity, cordoned nodes), scored the rest (least allocated, balanced resources, image locality, spreading) and bound it to the best node with a Binding. Until then the pod waits in the Pending lane.';
    if (actor.kind === 'kubelet') {
      if (has(c, 'CrashLoopBackOff'))
        return `The kubelet on ${actor.node} restarts a failing container with a back-off: 10 s, doubling each time, capped at 5 minutes (reset after 10 minutes of running fine).`;
      if (has(c, 'podIP'))
        return `The kubelet on ${actor.node} asked the container runtime for a pod sandbox; the network plugin gave it an IP from the node's pod CIDR (10.244.N.0/24). A replacement pod always gets a new IP, which is why clients use a Service.`;
      if (has(c, 'Running') || has(c, 'ready') || has(c, 'Ready'))
        return `The kubelet on ${actor.node} reports each container's state and the pod's conditions. Ready turns True when every container is running and passes its readinessProbe (checked every 10 s by default); only then does the endpoints controller send the pod traffic.`;
      return `The kubelet on ${actor.node} syncs the pods bound to its node: pulls images, starts containers and writes their status back to the API.`;
    }
    if (loop.includes('taint') || loop === 'node-controller' || loop.includes('eviction'))
      return 'The pod ran on a node that became NotReady or unreachable. Pods tolerate the node.kubernetes.io/unreachable and not-ready NoExecute taints for tolerationSeconds (300 s by default, added by the DefaultTolerationSeconds admission plugin); after that they are evicted so their controller can recreate them elsewhere.';
    return `${actor.label} updated the pod.`;
  }
  if (c.kind === 'Node') {
    if (loop === 'node-controller' || loop.includes('lifecycle') || has(c, 'Unknown'))
      return "The node lifecycle controller expects each kubelet to renew its Lease every 10 s. After the node-monitor grace period (50 s since Kubernetes 1.32) with no heartbeat it sets the node's Ready condition to Unknown (kubectl shows NotReady) and adds the node.kubernetes.io/unreachable NoExecute taint; pods are evicted 300 s later.";
    if (actor.kind === 'kubelet')
      return `The kubelet on ${actor.node} reports the node's conditions, capacity and allocatable resources.`;
    if (actor.kind === 'user')
      return 'You changed the node. Cordoning sets spec.unschedulable, so the scheduler places no new pods there (running pods stay); draining also evicts its pods, respecting PodDisruptionBudgets.';
    return `${actor.label} updated the node.`;
  }
  if (c.kind === 'ReplicaSet' && loop === 'deployment-controller')
    return c.type === 'ADDED'
      ? 'The Deployment controller hashes the pod template: a new template gets a new ReplicaSet named <deployment>-<hash>. It then shifts replicas from the old ReplicaSet to the new one, at most maxSurge (25 % by default, rounded up) extra pods and maxUnavailable (25 %, rounded down) missing pods at a time.'
      : 'The Deployment controller scales its ReplicaSets to roll out the current template while keeping within maxSurge and maxUnavailable (25 % each by default).';
  if (c.kind === 'EndpointSlice' || c.kind === 'Endpoints')
    return 'The endpoint slice controller lists the pods matching the Service selector and publishes their IPs, marking each ready or not ready. kube-proxy on every node watches these and rewrites its rules, so traffic only reaches ready pods.';
  if (c.kind === 'Service' && c.type === 'ADDED')
    return 'The apiserver allocated the Service a virtual ClusterIP from the service range (10.96.0.0/12). The IP stays fixed while the pods behind it come and go.';
  if (['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'].includes(c.kind)) {
    if (actor.kind === 'user')
      return `You wrote the ${c.kind}'s desired state; its controller now works to make the cluster match it.`;
    return `${actor.label} records what it observed in the ${c.kind}'s status (replicas, ready and available counts, conditions).`;
  }
  if (c.kind === 'PersistentVolumeClaim' || c.kind === 'PersistentVolume')
    return 'The PersistentVolume controller binds a claim to a volume with enough capacity and a matching access mode and storage class (or provisions one), then marks both Bound.';
  if (actor.kind === 'user')
    return `You ${c.type === 'DELETED' ? 'deleted' : c.type === 'ADDED' ? 'created' : 'changed'} the ${c.kind}.`;
  return `${actor.label} ${c.type === 'DELETED' ? 'deleted' : c.type === 'ADDED' ? 'created' : 'updated'} it.`;
}

/** True when `later` plausibly follows from `c`: same object, or objects named after it. */
function follows(c: ChangeSummary, later: ChangeSummary): boolean {
  if (later.revision <= c.revision) return false;
  if (later.namespace !== c.namespace) return false;
  if (later.kind === c.kind && later.name === c.name) return true;
  // Deployment -> ReplicaSet `<name>-<hash>` -> Pod `<rs>-<suffix>`; Job/StatefulSet pods likewise.
  if (later.name.startsWith(`${c.name}-`)) return true;
  // A pod's readiness or IP change is picked up by the endpoint controllers right after.
  if (c.kind === 'Pod' && (later.kind === 'EndpointSlice' || later.kind === 'Endpoints')) {
    return later.atMs - c.atMs <= 2_000;
  }
  return false;
}

/** A short line for a change: `Pod default/web-1 modified by kubelet on worker-1: phase Pending->Running`. */
export function describeChange(c: ChangeSummary): string {
  const verb = c.type === 'ADDED' ? 'created' : c.type === 'DELETED' ? 'deleted' : 'updated';
  const details = c.details.length ? `: ${c.details.join(', ')}` : '';
  return `${objectName(c)} ${verb} by ${actorOf(c.user).label}${details}`;
}

/** Explains a change, with what followed it among `all` (the timeline's changes, oldest first). */
export function explainChange(c: ChangeSummary, all: readonly ChangeSummary[]): Explanation {
  const next = all
    .filter((later) => follows(c, later))
    .slice(0, 6)
    .map(describeChange);
  return { what: describeChange(c), why: changeRule(c), next };
}

/** Reasons Kubernetes components emit, and the rule behind each. */
const EVENT_RULES: Record<string, string> = {
  Scheduled:
    "kube-scheduler found a node with room for the pod (its resource requests against the node's allocatable, minus what other pods request) and no blocking taint or affinity rule, and bound the pod to it.",
  FailedScheduling:
    'No node passed the scheduler\'s filters. The message counts nodes per reason (e.g. "3 Insufficient cpu"). The pod stays Pending and is retried with a back-off (1 s doubling to 10 s) and whenever the cluster changes.',
  Pulling:
    'The kubelet pulls the image the first time it is needed on this node; later pods on the same node start without pulling (imagePullPolicy IfNotPresent for tagged images).',
  Pulled: 'The image is on the node now.',
  Created: 'The container runtime (containerd) created the container from the image.',
  Started:
    'The container is running. The pod turns Ready once every container passes its readiness probe.',
  Killing:
    'The kubelet stops the container: SIGTERM first, SIGKILL after terminationGracePeriodSeconds (30 s by default).',
  BackOff:
    'The container keeps exiting, so the kubelet waits before restarting it: 10 s, doubling up to 5 minutes (CrashLoopBackOff).',
  Unhealthy:
    "A probe failed. A failing readinessProbe takes the pod out of its Services' endpoints; a failing livenessProbe restarts the container (after failureThreshold, 3 by default).",
  SuccessfulCreate: 'The controller created a pod (or Job) to reach the desired count.',
  SuccessfulDelete: 'The controller deleted a pod because there were more than desired.',
  ScalingReplicaSet:
    'The Deployment controller scaled a ReplicaSet during a rollout, within maxSurge and maxUnavailable (25 % each by default).',
  NodeNotReady:
    'The node lifecycle controller saw no kubelet heartbeat for the node-monitor grace period (50 s) and marked the node and its pods not ready.',
  TaintManagerEviction:
    'The node has a NoExecute taint the pod tolerates only for tolerationSeconds (300 s by default for not-ready/unreachable), so the pod is deleted and its controller recreates it elsewhere.',
  RegisteredNode: 'The node registered with the control plane.',
  NodeReady: 'The kubelet reports the node Ready again.',
  SawCompletedJob: 'The CronJob controller saw one of its Jobs finish.',
  Completed: "All the Job's pods completed successfully.",
  FailedMount:
    'The kubelet could not mount a volume (a missing ConfigMap, Secret or unbound claim); the pod stays in ContainerCreating and the kubelet keeps retrying.',
};

/** Explains a Kubernetes Event by its reason (and the component that reported it). */
export function explainEvent(event: KubeObject): Explanation {
  const involved = (event.involvedObject ?? event.regarding ?? {}) as {
    kind?: string;
    name?: string;
    namespace?: string;
  };
  const source =
    (event.reportingComponent as string | undefined) ||
    (event.source as { component?: string } | undefined)?.component ||
    'a component';
  const reason = String(event.reason ?? '');
  const message = String(event.message ?? event.note ?? '');
  return {
    what: `${source} reported ${reason} on ${involved.kind ?? ''} ${involved.namespace ? `${involved.namespace}/` : ''}${involved.name ?? ''}: ${message}`,
    why:
      EVENT_RULES[reason] ??
      `${String(event.type ?? 'Normal')} event from ${source}. Events are notes components leave on objects; kubectl describe lists them.`,
    next: [],
  };
}
