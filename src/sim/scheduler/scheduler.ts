/**
 * kube-scheduler: watches pods and nodes (and the volume objects VolumeBinding reads), keeps the
 * incremental cache of NodeInfos, pops pods from the scheduling queue and binds each through the
 * `pods/binding` subresource, or records why it fits nowhere (FailedScheduling event, PodScheduled
 * False/Unschedulable) and tries preemption. Every decision is kept as data (`decision()`).
 */
import type { KubeObject } from '../api/types.ts';
import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import { apiPath, type SimClient } from '../client.ts';
import type { ClusterContext, SimComponent } from '../component.ts';
import { PodEventRecorder } from '../node/kubelet-events.ts';
import { Informer, storedObjectKey } from '../informer.ts';
import type { CycleState, Snapshot } from './framework.ts';
import { fitErrorMessage } from './fit-error.ts';
import {
  newClusterCounters,
  newPodInfo,
  NodeInfo,
  podKey,
  type ClusterCounters,
} from './node-info.ts';
import { DEFAULT_FILTER_PLUGINS, DEFAULT_SCORE_PLUGINS } from './plugins/index.ts';
import { delayedClaims } from './plugins/volume-binding.ts';
import { preempt } from './preemption.ts';
import { podPriority } from './priority.ts';
import { scheduleOne, type Profile, type ScheduleOutcome } from './schedule-one.ts';
import { SchedulingQueue } from './scheduling-queue.ts';
import { evictVictim, markGated, markUnschedulable, type StatusWriter } from './pod-updates.ts';
import type { Diagnosis } from './fit-error.ts';

/** A typed API object (kubernetes-types shapes are not index-signature compatible). */
type Obj<T> = T & KubeObject;

export const SCHEDULER_NAME = 'default-scheduler';
/** Pods scheduled per clock turn before yielding to other timers (watch delivery, kubelets). */
const BATCH = 256;
/** How many decisions are kept for explanation. */
const DECISIONS_KEPT = 500;

export interface SchedulingDecision extends ScheduleOutcome {
  pod: string;
  at: number;
  /** FailedScheduling message, when the pod fit nowhere. */
  message?: string;
  nominatedNode?: string;
  victims?: string[];
}

function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

export class KubeScheduler implements SimComponent {
  readonly name = 'kube-scheduler';
  private readonly client: SimClient;
  private readonly recorder: PodEventRecorder;
  private isRunning = false;
  private informers: Informer[] = [];
  private podInformer: Informer<Obj<Pod>> | undefined;
  private pvcInformer: Informer<Obj<PersistentVolumeClaim>> | undefined;
  private pvInformer: Informer<Obj<PersistentVolume>> | undefined;
  private scInformer: Informer<Obj<StorageClass>> | undefined;
  private pcInformer: Informer<Obj<PriorityClass>> | undefined;
  private nodes = new Map<string, NodeInfo>();
  private counters: ClusterCounters = newClusterCounters();
  private nodeList: NodeInfo[] | undefined;
  /** Where each assigned (or assumed) pod sits. */
  private podNode = new Map<string, string>();
  /** Assigned pods whose node is not in the cache yet (placed when the node appears). */
  private unplaced = new Set<string>();
  private pending = new Map<string, Pod>();
  private queue: SchedulingQueue;
  private readonly cursor = { next: 0 };
  private kicked = false;
  private readonly decisions = new Map<string, SchedulingDecision>();
  readonly profile: Profile = { filters: DEFAULT_FILTER_PLUGINS, scores: DEFAULT_SCORE_PLUGINS };
  /** Counters for benchmarks and the UI. */
  readonly stats = { attempts: 0, scheduled: 0, failed: 0, preemptions: 0 };

  constructor(private readonly ctx: ClusterContext) {
    this.client = ctx.client('kube-scheduler');
    // A lean recorder: one Scheduled event per pod must stay O(1) at 150,000 pods.
    this.recorder = new PodEventRecorder(this.client, ctx.clock, { component: SCHEDULER_NAME });
    this.queue = new SchedulingQueue(ctx.clock, () => this.kick());
  }

  running(): boolean {
    return this.isRunning;
  }

  /** Starts a fresh scheduler process: empty caches, list+watch, then schedule. */
  start(): void {
    if (this.isRunning) return;
    this.isRunning = true;
    this.nodes = new Map();
    this.counters = newClusterCounters();
    this.nodeList = undefined;
    this.podNode = new Map();
    this.unplaced = new Set();
    this.pending = new Map();
    this.queue = new SchedulingQueue(this.ctx.clock, () => this.kick());
    const { clock } = this.ctx;
    const informer = <T extends KubeObject>(path: string) => {
      const i = new Informer<T>(this.client, path, {}, clock);
      this.informers.push(i as unknown as Informer);
      return i;
    };
    this.pcInformer = informer<Obj<PriorityClass>>(
      apiPath('scheduling.k8s.io/v1', 'priorityclasses'),
    );
    this.scInformer = informer<Obj<StorageClass>>(apiPath('storage.k8s.io/v1', 'storageclasses'));
    this.pvInformer = informer<Obj<PersistentVolume>>(apiPath('v1', 'persistentvolumes'));
    this.pvcInformer = informer<Obj<PersistentVolumeClaim>>(
      apiPath('v1', 'persistentvolumeclaims'),
    );
    for (const i of [this.pvInformer, this.pvcInformer, this.scInformer]) {
      (i as Informer<KubeObject>).on({
        add: () => this.queue.moveAllToActiveOrBackoff(),
        update: () => this.queue.moveAllToActiveOrBackoff(),
      });
    }
    informer<Obj<Node>>(apiPath('v1', 'nodes')).on({
      add: (n) => this.onNode(n),
      update: (o, n) => this.onNode(n, o),
      delete: (n) => this.onNodeDelete(n),
    });
    this.podInformer = informer<Obj<Pod>>(apiPath('v1', 'pods')).on({
      add: (p) => this.onPod(p),
      update: (o, p) => {
        // A status write of a pod the cache already holds on its node (same spec, labels and
        // deletion state: what plugins read): nothing for the scheduler to do.
        if (
          o.spec === p.spec &&
          p.spec?.nodeName &&
          !isTerminal(p) &&
          !o.metadata?.deletionTimestamp === !p.metadata?.deletionTimestamp &&
          sameLabels(o.metadata?.labels, p.metadata?.labels) &&
          (this.unplaced.size === 0 || !this.unplaced.has(storedObjectKey(p)))
        )
          return;
        this.onPod(p);
      },
      delete: (p) => this.onPodDelete(p),
    });
    for (const i of this.informers) i.start();
  }

  /** Stops the process: the queue and caches are gone; pending pods stay Pending. */
  stop(): void {
    if (!this.isRunning) return;
    this.isRunning = false;
    for (const i of this.informers) i.stop();
    this.informers = [];
  }

  /** The last decision about `namespace/name`, for the "why?" panel. */
  decision(namespace: string, name: string): SchedulingDecision | undefined {
    return this.decisions.get(`${namespace}/${name}`);
  }

  /** Pods waiting to be scheduled. */
  pendingCount(): number {
    return this.pending.size;
  }

  private priorityOf(pod: Pod): number {
    return podPriority(pod, (name) => this.pcInformer?.get(name));
  }

  private onNode(node: Node, old?: Node): void {
    const name = node.metadata?.name ?? '';
    const info = this.nodes.get(name);
    if (info) info.setNode(node);
    else {
      this.nodes.set(name, new NodeInfo(node, this.counters));
      this.nodeList = undefined;
      // Pods already bound to this node (scheduler restarted before the node was listed).
      for (const key of [...this.unplaced]) {
        const pod = this.podInformer?.get(key);
        if (pod?.spec?.nodeName === name) this.onPod(pod);
      }
    }
    if (!old || nodeSchedulingChanged(old, node)) this.queue.moveAllToActiveOrBackoff();
  }

  private onNodeDelete(node: Node): void {
    const info = this.nodes.get(node.metadata?.name ?? '');
    for (const key of [...(info?.pods.keys() ?? [])]) {
      info?.removePod(key);
      // Still bound there: placed again if a node of that name comes back.
      this.unplaced.add(key);
    }
    this.nodes.delete(node.metadata?.name ?? '');
    this.nodeList = undefined;
  }

  private onPod(pod: Pod): void {
    const key = storedObjectKey(pod);
    const nodeName = pod.spec?.nodeName;
    if (nodeName) {
      if (this.pending.delete(key)) this.queue.delete(key);
      if (isTerminal(pod)) {
        this.removeAssigned(key);
        return;
      }
      const was = this.podNode.get(key);
      if (was && was !== nodeName) this.nodes.get(was)?.removePod(key);
      const info = this.nodes.get(nodeName);
      const existing = info?.pods.get(key);
      // Refresh the cached object (labels matter to affinity); requests never change. Every
      // write gives the pod a new labels object, so compare the contents.
      if (info && (!existing || !sameLabels(existing.pod.metadata?.labels, pod.metadata?.labels)))
        info.addPod(newPodInfo(pod, this.priorityOf(pod)));
      else if (existing) existing.pod = pod;
      this.podNode.set(key, nodeName);
      if (!info) this.unplaced.add(key);
      else if (this.unplaced.size > 0) this.unplaced.delete(key);
      return;
    }
    const schedulerName = pod.spec?.schedulerName ?? SCHEDULER_NAME;
    if (schedulerName !== SCHEDULER_NAME || pod.metadata?.deletionTimestamp || isTerminal(pod)) {
      if (this.pending.delete(key)) this.queue.delete(key);
      return;
    }
    this.pending.set(key, pod);
    if (pod.spec?.schedulingGates?.length) {
      this.queue.delete(key);
      markGated(this.writer(), pod);
      return;
    }
    this.queue.add(key, this.priorityOf(pod));
  }

  private onPodDelete(pod: Pod): void {
    const key = storedObjectKey(pod);
    if (this.pending.delete(key)) this.queue.delete(key);
    if (this.removeAssigned(key)) this.queue.moveAllToActiveOrBackoff();
  }

  private removeAssigned(key: string): boolean {
    this.unplaced.delete(key);
    const node = this.podNode.get(key);
    if (node === undefined) return false;
    this.podNode.delete(key);
    this.nodes.get(node)?.removePod(key);
    return true;
  }

  private kick(): void {
    if (this.kicked || !this.isRunning) return;
    this.kicked = true;
    this.ctx.clock.setTimer(0, () => this.drain(), 'kube-scheduler');
  }

  private drain(): void {
    this.kicked = false;
    if (!this.isRunning) return;
    for (let i = 0; i < BATCH; i++) {
      const key = this.queue.pop();
      if (key === undefined) return;
      const pod = this.pending.get(key);
      if (pod) this.schedule(key, pod);
    }
    if (this.queue.activeCount() > 0) this.kick();
  }

  private snapshot(): Snapshot {
    if (!this.nodeList) this.nodeList = [...this.nodes.values()];
    return {
      nodes: this.nodeList,
      byName: this.nodes,
      podsWithRequiredAntiAffinity: this.counters.podsWithRequiredAntiAffinity,
      pvc: this.volumeLookups.pvc,
      pv: this.volumeLookups.pv,
      storageClass: this.volumeLookups.storageClass,
    };
  }

  /** The volume objects' lookups of every snapshot (made once: the informers outlive cycles). */
  private readonly volumeLookups: Pick<Snapshot, 'pvc' | 'pv' | 'storageClass'> = {
    pvc: (ns, name) => this.pvcInformer?.get(`${ns}/${name}`) as PersistentVolumeClaim | undefined,
    pv: (name) => this.pvInformer?.get(name) as PersistentVolume | undefined,
    storageClass: (name) => this.scInformer?.get(name) as StorageClass | undefined,
  };

  private schedule(key: string, pod: Pod): void {
    this.stats.attempts++;
    const state: CycleState = {
      pod,
      podInfo: newPodInfo(pod, this.priorityOf(pod)),
      snapshot: this.snapshot(),
      data: new Map(),
    };
    const outcome = scheduleOne(state, this.profile, this.ctx.rng, this.cursor);
    // The outcome itself becomes the decision (a copy would build its score records now).
    const decision: SchedulingDecision = Object.assign(outcome, {
      pod: key,
      at: this.ctx.clock.now(),
    });
    this.remember(key, decision);
    if (outcome.node) {
      this.bind(key, pod, outcome.node, state);
      return;
    }
    this.stats.failed++;
    const diagnosis: Diagnosis = outcome.diagnosis ?? { numAllNodes: 0, nodeToStatus: new Map() };
    const result = preempt(state, this.profile.filters, diagnosis.nodeToStatus);
    if (result.node) {
      this.stats.preemptions++;
      decision.nominatedNode = result.node;
      decision.victims = result.victims.map((v) => v.key);
      for (const victim of result.victims) {
        // The cache keeps a pod's object from its last spec or label change: write the condition
        // over its current status.
        const current = this.podInformer?.get(victim.key) ?? victim.pod;
        evictVictim(this.writer(), current, pod, result.node);
      }
    }
    diagnosis.postFilterMsg = result.message;
    const message = fitErrorMessage(diagnosis);
    decision.message = message;
    this.queue.failed(key);
    this.recorder.event(pod, 'Warning', 'FailedScheduling', message);
    markUnschedulable(
      this.writer(),
      this.podInformer?.get(podKey(pod)) ?? pod,
      message,
      result.node,
    );
  }

  private bind(key: string, pod: Pod, nodeName: string, state: CycleState): void {
    const ns = pod.metadata?.namespace ?? 'default';
    const name = pod.metadata?.name ?? '';
    // Assume first (as the scheduler cache does) so the next pod sees the node's new load.
    const info = this.nodes.get(nodeName);
    info?.addPod(state.podInfo);
    this.podNode.set(key, nodeName);
    // VolumeBinding PreBind: delayed claims learn their node.
    for (const pvc of delayedClaims(state)) {
      this.client.patch(
        apiPath('v1', 'persistentvolumeclaims', pvc.metadata?.namespace, pvc.metadata?.name),
        { metadata: { annotations: { 'volume.kubernetes.io/selected-node': nodeName } } },
      );
    }
    const bound = this.client.create(apiPath('v1', 'pods', ns, name, 'binding'), {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name, namespace: ns, uid: pod.metadata?.uid },
      target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
    } as KubeObject);
    if (!bound.ok) {
      // Forget the assumption; a conflict means the pod is gone or already bound.
      info?.removePod(key);
      this.podNode.delete(key);
      if (bound.status.code === 404 || bound.status.code === 409) {
        this.pending.delete(key);
        this.queue.delete(key);
      } else this.queue.retryLater(key);
      return;
    }
    this.stats.scheduled++;
    this.pending.delete(key);
    this.queue.delete(key);
    this.recorder.event(
      pod,
      'Normal',
      'Scheduled',
      `Successfully assigned ${ns}/${name} to ${nodeName}`,
    );
  }

  private writer(): StatusWriter {
    return { client: this.client, clock: this.ctx.clock, recorder: this.recorder };
  }

  private remember(key: string, decision: SchedulingDecision): void {
    this.decisions.delete(key);
    this.decisions.set(key, decision);
    if (this.decisions.size > DECISIONS_KEPT) {
      const oldest = this.decisions.keys().next().value;
      if (oldest !== undefined) this.decisions.delete(oldest);
    }
  }
}

/** Whether two label maps hold the same pairs. */
function sameLabels(
  a: Record<string, string> | undefined,
  b: Record<string, string> | undefined,
): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  let count = 0;
  for (const k in a) {
    if (a[k] !== b[k]) return false;
    count++;
  }
  for (const k in b) if (k) count--;
  return count === 0;
}

/** Whether a node update can change what fits (upstream's node update events). */
function nodeSchedulingChanged(old: Node, node: Node): boolean {
  return (
    old.spec?.unschedulable !== node.spec?.unschedulable ||
    JSON.stringify(old.spec?.taints ?? []) !== JSON.stringify(node.spec?.taints ?? []) ||
    JSON.stringify(old.metadata?.labels ?? {}) !== JSON.stringify(node.metadata?.labels ?? {}) ||
    JSON.stringify(old.status?.allocatable ?? {}) !== JSON.stringify(node.status?.allocatable ?? {})
  );
}
