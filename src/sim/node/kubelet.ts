/**
 * The kubelet of one node: registers its Node, renews its Lease every 10 s (nodeLeaseDurationSeconds
 * 40 x renew fraction 0.25), posts node status when it changes and every 5 minutes
 * (nodeStatusReportFrequency), watches the pods bound to it (fieldSelector spec.nodeName) and runs
 * one PodWorker per pod. Stopping it freezes the node: no heartbeats, no status, containers keep
 * their last reported state. Starting it again re-registers and adopts the pods it finds.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/types.ts';
import { apiPath, type SimClient } from '../client.ts';
import { formatTimestamp, type TimerId } from '../clock.ts';
import type { ClusterContext, SimComponent } from '../component.ts';
import { Informer, storedObjectKey } from '../informer.ts';
import { PodCidrPool } from '../network/ipam.ts';
import type { NodeSpec } from '../topology.ts';
import { intValue } from '../scheduler/quantity.ts';
import { ContainerRuntime } from './container-runtime.ts';
import { EvictionManager, type EvictionHost } from './eviction-manager.ts';
import { PodEventRecorder, type EventType } from './kubelet-events.ts';
import type { KubeletHost } from './kubelet-host.ts';
import { healthyConditions, leaseObject, microTime, nodeObject } from './node-status.ts';
import { buildPodStatus } from './pod-status.ts';
import type { PodRuntime } from './pod-runtime.ts';
import { PodWorker } from './pod-worker.ts';
import { adoptRunningPod } from './adopt.ts';
import { fingerprint } from './status-fingerprint.ts';

export const LEASE_RENEW_MS = 10_000;
export const NODE_STATUS_REPORT_MS = 5 * 60_000;

type PodObj = Pod & KubeObject;

export interface KubeletOptions {
  /** Images already on the node (kubeadm pre-pull, kind's preloaded node image). */
  images?: string[];
  /** Static pod manifests of this node (control-plane components), given the Node's uid. */
  staticPods?: (nodeUid: string | undefined) => KubeObject[];
}

export class Kubelet implements SimComponent, KubeletHost, EvictionHost {
  readonly name: string;
  readonly node: string;
  readonly nodeName: string;
  readonly hostIP: string;
  readonly podCIDRRange: string;
  readonly client: SimClient;
  readonly runtime: ContainerRuntime;
  readonly clock: ClusterContext['clock'];
  readonly rng: ClusterContext['rng'];
  private readonly ipam: PodCidrPool;
  private readonly recorder: PodEventRecorder;
  /** Node-pressure eviction (memory.available<100Mi), driven by the 10 s housekeeping tick. */
  readonly eviction: EvictionManager;
  private readonly workers = new Map<string, PodWorker>();
  private informer: Informer<PodObj> | undefined;
  private gen = 0;
  private isRunning = false;
  private timers: TimerId[] = [];
  private dirty = new Set<PodRuntime>();
  private flushArmed = false;
  /** The fingerprint of the last status written per pod uid (unchanged statuses are not re-sent). */
  private readonly lastWritten = new Map<string, string>();
  private nodeUid: string | undefined;

  constructor(
    ctx: ClusterContext,
    readonly spec: NodeSpec,
    private readonly options: KubeletOptions = {},
  ) {
    this.node = spec.name;
    this.nodeName = spec.name;
    this.name = `kubelet/${spec.name}`;
    this.hostIP = spec.internalIP;
    this.clock = ctx.clock;
    this.rng = ctx.rng;
    this.client = ctx.client(`kubelet/${spec.name}`);
    this.runtime = new ContainerRuntime(ctx.clock, ctx.rng);
    this.ipam = new PodCidrPool(spec.podCIDR);
    const prefix = spec.podCIDR.split('.').slice(0, 3).join('.');
    this.podCIDRRange = `${prefix}.1-${prefix}.254`;
    this.recorder = new PodEventRecorder(this.client, ctx.clock, spec.name);
    for (const image of options.images ?? []) this.runtime.addImage(image);
    this.eviction = new EvictionManager(this, intValue(spec.capacity.memory));
  }

  running(): boolean {
    return this.isRunning;
  }

  generation(): number {
    return this.gen;
  }

  /** Starts (or restarts) the kubelet process. */
  start(): void {
    if (this.isRunning) return;
    this.isRunning = true;
    this.gen++;
    this.register();
    this.renewLease();
    // Static pods: the kubelet publishes a mirror pod for each manifest it runs.
    for (const pod of this.options.staticPods?.(this.nodeUid) ?? [])
      this.client.create(apiPath('v1', 'pods', 'kube-system'), pod);
    const gen = this.gen;
    const every = (ms: number, first: number, fn: () => void, label: string) => {
      const tick = () => {
        if (this.gen !== gen) return;
        fn();
        this.timers.push(this.clock.setTimer(ms, tick, label));
      };
      this.timers.push(this.clock.setTimer(first, tick, label));
    };
    // Spread the heartbeats of many nodes over the period, as real kubelets drift apart. The
    // eviction manager's 10 s monitoring period rides on the same tick (no timer of its own).
    every(
      LEASE_RENEW_MS,
      LEASE_RENEW_MS - this.rng.int(2_000),
      () => {
        this.renewLease();
        this.eviction.housekeeping();
      },
      'kubelet lease',
    );
    every(
      NODE_STATUS_REPORT_MS,
      NODE_STATUS_REPORT_MS - this.rng.int(30_000),
      () => this.postNodeStatus(),
      'kubelet node status',
    );
    this.informer = new Informer<PodObj>(
      this.client,
      apiPath('v1', 'pods'),
      { fieldSelector: `spec.nodeName=${this.nodeName}` },
      this.clock,
    ).on({
      add: (p) => this.onPod(p),
      update: (_o, p) => this.onPod(p),
      delete: (p) => this.onPodDeleted(p),
    });
    this.informer.start();
  }

  /** Stops the kubelet: heartbeats and pod workers freeze where they are. */
  stop(): void {
    if (!this.isRunning) return;
    this.isRunning = false;
    this.gen++;
    for (const t of this.timers) this.clock.clearTimer(t);
    this.timers = [];
    this.informer?.stop();
    this.informer = undefined;
    for (const w of this.workers.values()) {
      for (const t of w.rt.timers) this.clock.clearTimer(t);
      for (const c of w.rt.containers) for (const t of c.timers) this.clock.clearTimer(t);
    }
    this.workers.clear();
    this.dirty.clear();
    this.eviction.reset();
  }

  /** The pod workers by `namespace/name` (for faults and inspection). */
  worker(key: string): PodWorker | undefined {
    return this.workers.get(key);
  }

  /** The pod workers (the eviction manager's active pods). */
  podWorkers(): Iterable<PodWorker> {
    return this.workers.values();
  }

  podCount(): number {
    return this.workers.size;
  }

  /** Pods whose containers all run (phase Running with every app container started). */
  runningPods(): number {
    let n = 0;
    for (const w of this.workers.values())
      if (w.rt.containers.every((c) => c.kind !== 'app' || c.running)) n++;
    return n;
  }

  private register(): void {
    const created = this.client.create(
      apiPath('v1', 'nodes'),
      nodeObject(this.spec, this.clock.now()),
    );
    if (created.ok) {
      this.nodeUid = created.value.metadata?.uid;
      return;
    }
    const existing = this.client.get<KubeObject>(apiPath('v1', 'nodes', undefined, this.nodeName));
    if (existing.ok) {
      this.nodeUid = existing.value.metadata?.uid;
      this.postNodeStatus();
    }
  }

  /** Posts healthy conditions (the heartbeat of nodeStatusReportFrequency, or after a restart). */
  private postNodeStatus(): void {
    const current = this.client.get<KubeObject>(apiPath('v1', 'nodes', undefined, this.nodeName));
    const previous = current.ok
      ? (((current.value.status as { conditions?: [] } | undefined)?.conditions ?? []) as {
          type?: string;
        }[])
      : [];
    this.client.patch(apiPath('v1', 'nodes', undefined, this.nodeName, 'status'), {
      status: {
        conditions: healthyConditions(
          this.clock.now(),
          previous,
          this.eviction.underMemoryPressure(),
        ),
      },
    });
  }

  /**
   * The eviction manager's MemoryPressure verdict changed: post the conditions now and record
   * the node event (nodestatus.MemoryPressureCondition, recordNodeStatusEvent).
   */
  memoryPressureChanged(): void {
    this.postNodeStatus();
    const reason = this.eviction.underMemoryPressure()
      ? 'NodeHasInsufficientMemory'
      : 'NodeHasSufficientMemory';
    this.nodeEvent('Normal', reason, `Node ${this.nodeName} status is now: ${reason}`);
  }

  /** Records an event about this Node (the kubelet's nodeRef: kind Node, uid = node name). */
  nodeEvent(type: EventType, reason: string, message: string): void {
    this.recorder.event(
      { metadata: { name: this.nodeName, uid: this.nodeName } },
      type,
      reason,
      message,
      undefined,
      'Node',
    );
  }

  private renewLease(): void {
    const path = apiPath('coordination.k8s.io/v1', 'leases', 'kube-node-lease', this.nodeName);
    const renewed = this.client.patch(path, {
      spec: { renewTime: microTime(this.clock.now()), holderIdentity: this.nodeName },
    });
    if (renewed.ok) return;
    this.client.create(
      apiPath('coordination.k8s.io/v1', 'leases', 'kube-node-lease'),
      leaseObject(this.nodeName, this.nodeUid, this.clock.now()),
    );
  }

  private onPod(pod: PodObj): void {
    const key = storedObjectKey(pod);
    const existing = this.workers.get(key);
    if (existing && existing.rt.uid === pod.metadata?.uid) {
      this.eviction.podUpdated(key, pod);
      existing.update(pod);
      return;
    }
    if (existing) {
      existing.dispose();
      this.workers.delete(key);
      this.eviction.untrack(key);
    }
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return;
    const worker = new PodWorker(this, pod);
    this.workers.set(key, worker);
    this.eviction.track(key, worker);
    // A restarted kubelet finds its running containers again instead of starting them anew.
    if (pod.status?.containerStatuses?.length && adoptRunningPod(this, worker, pod)) {
      if (pod.metadata?.deletionTimestamp) worker.terminate();
      return;
    }
    if (pod.metadata?.deletionTimestamp) {
      worker.terminate();
      return;
    }
    // Admission (lifecycle.PodAdmitHandler): the eviction manager refuses BestEffort pods under
    // memory pressure; kubelet rejectPod reports them Failed with reason Evicted.
    const refusal = this.eviction.admit(pod);
    if (refusal) {
      this.event(pod, 'Warning', 'Evicted', refusal);
      worker.reject('Evicted', `Pod was rejected: ${refusal}`);
      return;
    }
    worker.start();
  }

  private onPodDeleted(pod: PodObj): void {
    const key = storedObjectKey(pod);
    const w = this.workers.get(key);
    if (!w || w.rt.uid !== pod.metadata?.uid) return;
    w.dispose();
    this.workers.delete(key);
    this.eviction.untrack(key);
    this.lastWritten.delete(w.rt.uid);
  }

  allocateIP(): string | undefined {
    return this.ipam.allocate(this.clock.now());
  }

  releaseIP(ip: string): void {
    this.ipam.release(ip, this.clock.now());
  }

  /** Marks an IP as used (adopted pods). */
  reserveIP(ip: string): void {
    this.ipam.reserve(ip);
  }

  event(
    pod: Pod,
    type: EventType,
    reason: string,
    message: string,
    container?: { name: string; init: boolean },
  ): void {
    this.recorder.event(pod, type, reason, message, container);
  }

  writeStatus(rt: PodRuntime): void {
    this.dirty.add(rt);
    if (this.flushArmed) return;
    this.flushArmed = true;
    const gen = this.gen;
    this.clock.setTimer(
      0,
      () => {
        this.flushArmed = false;
        if (this.gen !== gen) return;
        const batch = [...this.dirty];
        this.dirty.clear();
        for (const r of batch) this.flushStatus(r);
      },
      'kubelet status',
    );
  }

  private flushStatus(rt: PodRuntime): void {
    if (this.workers.get(rt.key)?.rt !== rt) return;
    const current = (this.informer?.get(rt.key) ?? rt.pod) as Pod;
    const status = buildPodStatus(rt, this.hostIP, formatTimestamp(this.clock.now()), current);
    const text = fingerprint(status);
    if (this.lastWritten.get(rt.uid) === text) return;
    const ns = rt.pod.metadata?.namespace;
    const name = rt.pod.metadata?.name;
    const written = this.client.patch(apiPath('v1', 'pods', ns, name, 'status'), {
      metadata: { uid: rt.uid },
      status,
    });
    if (written.ok) this.lastWritten.set(rt.uid, text);
  }
}
