/**
 * The node lifecycle controller (pkg/controller/nodelifecycle/node_lifecycle_controller.go) and the
 * taint-eviction controller (pkg/controller/tainteviction). Every nodeMonitorPeriod (5 s) it checks
 * each node's heartbeat (its Lease in kube-node-lease, or the Ready condition's heartbeat); after
 * nodeMonitorGracePeriod (50 s since 1.32) without one, the node's conditions become Unknown
 * ("Kubelet stopped posting node status."), its pods are marked not ready, and it gets the
 * `node.kubernetes.io/unreachable` NoSchedule and NoExecute taints (`not-ready` when the kubelet
 * reports Ready=False). Pods on a NoExecute-tainted node are deleted once their toleration runs
 * out (tolerationSeconds; 300 s from the DefaultTolerationSeconds admission plugin), immediately
 * if they do not tolerate it at all. The taints go when the node is Ready again. Pressure
 * conditions the kubelet reports (MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable
 * True) get their NoSchedule taint (`node.kubernetes.io/memory-pressure` ...) while they last.
 */
import type { Node, NodeCondition, Pod, Taint } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/types.ts';
import { apiPath, type SimClient } from '../client.ts';
import { formatTimestamp, type TimerId } from '../clock.ts';
import type { ClusterContext, SimComponent } from '../component.ts';
import { Informer, storedObjectKey } from '../informer.ts';
import { toleratesTaint } from '../scheduler/plugins/taint-toleration.ts';
import { EventRecorder } from './events.ts';

export const NODE_MONITOR_PERIOD_MS = 5_000;
export const NODE_MONITOR_GRACE_PERIOD_MS = 50_000;
export const UNREACHABLE_TAINT_KEY = 'node.kubernetes.io/unreachable';
export const NOT_READY_TAINT_KEY = 'node.kubernetes.io/not-ready';
/**
 * TaintNodesByCondition (nodeConditionToTaintKeyStatusMap): a pressure condition that is True puts
 * its NoSchedule taint on the node, so the scheduler stops placing pods there.
 */
export const CONDITION_TAINT_KEYS: Readonly<Record<string, string>> = {
  MemoryPressure: 'node.kubernetes.io/memory-pressure',
  DiskPressure: 'node.kubernetes.io/disk-pressure',
  PIDPressure: 'node.kubernetes.io/pid-pressure',
  NetworkUnavailable: 'node.kubernetes.io/network-unavailable',
};
const CONDITION_TAINTS = new Set(Object.values(CONDITION_TAINT_KEYS));

type NodeObj = Node & KubeObject;
type PodObj = Pod & KubeObject;
interface LeaseObj extends KubeObject {
  spec?: { renewTime?: string };
}

interface Health {
  /** Local time when a heartbeat was last observed to change. */
  probeAt: number;
  lastRenew?: string;
  lastHeartbeat?: string;
}

function readyCondition(node: Node): NodeCondition | undefined {
  return node.status?.conditions?.find((c) => c.type === 'Ready');
}

export class NodeLifecycleController implements SimComponent {
  readonly name = 'node-lifecycle-controller';
  private readonly client: SimClient;
  private readonly recorder: EventRecorder;
  private readonly evictionRecorder: EventRecorder;
  private isRunning = false;
  private informers: Informer[] = [];
  private nodes: Informer<NodeObj> | undefined;
  /** The pod cache: kube-controller-manager's shared informer, or an own one without it. */
  private podSource: { get(key: string): PodObj | undefined } | undefined;
  private sharedHandlers = false;
  private readonly health = new Map<string, Health>();
  /** Pods per node, from the pod informer. */
  private readonly podsByNode = new Map<string, Set<string>>();
  private readonly evictions = new Map<string, { at: number; timer: TimerId }>();
  private monitorTimer: TimerId | undefined;

  constructor(private readonly ctx: ClusterContext) {
    this.client = ctx.client('node-controller');
    this.recorder = new EventRecorder(this.client, ctx.clock, 'node-controller');
    this.evictionRecorder = new EventRecorder(
      ctx.client('taint-eviction-controller'),
      ctx.clock,
      'taint-eviction-controller',
    );
  }

  running(): boolean {
    return this.isRunning;
  }

  start(): void {
    if (this.isRunning) return;
    this.isRunning = true;
    const { clock } = this.ctx;
    this.nodes = new Informer<NodeObj>(this.client, apiPath('v1', 'nodes'), {}, clock).on({
      add: (n) => this.observeNode(n),
      update: (_o, n) => this.observeNode(n),
      delete: (n) => this.health.delete(n.metadata?.name ?? ''),
    });
    const leases = new Informer<LeaseObj>(
      this.client,
      apiPath('coordination.k8s.io/v1', 'leases', 'kube-node-lease'),
      {},
      clock,
    ).on({ add: (l) => this.observeLease(l), update: (_o, l) => this.observeLease(l) });
    this.informers = [this.nodes, leases] as unknown as Informer[];
    // Pods come from kube-controller-manager's shared informer, as upstream (the node lifecycle
    // and taint eviction controllers run inside it): one cluster-wide pod cache fewer.
    const shared = this.ctx.controllerInformers?.().for<PodObj>('v1', 'pods');
    if (shared) {
      this.podSource = shared;
      if (!this.sharedHandlers) {
        this.sharedHandlers = true;
        // Registered once; idle while this controller is stopped.
        shared.on({
          add: (p) => this.isRunning && this.onPod(p),
          update: (o, p) => this.isRunning && this.onPod(p, o),
          delete: (p) => this.isRunning && this.onPodDelete(p),
        });
      }
      // A restart catches up with what the cache holds (nothing yet at boot).
      for (const p of shared.list()) this.onPod(p);
    } else {
      const own = new Informer<PodObj>(this.client, apiPath('v1', 'pods'), {}, clock).on({
        add: (p) => this.onPod(p),
        update: (o, p) => this.onPod(p, o),
        delete: (p) => this.onPodDelete(p),
      });
      this.podSource = own;
      this.informers.push(own as unknown as Informer);
    }
    for (const i of this.informers) i.start();
    this.scheduleMonitor();
  }

  stop(): void {
    if (!this.isRunning) return;
    this.isRunning = false;
    for (const i of this.informers) i.stop();
    this.informers = [];
    if (this.monitorTimer !== undefined) this.ctx.clock.clearTimer(this.monitorTimer);
    for (const e of this.evictions.values()) this.ctx.clock.clearTimer(e.timer);
    this.evictions.clear();
    this.health.clear();
    this.podsByNode.clear();
  }

  private scheduleMonitor(): void {
    this.monitorTimer = this.ctx.clock.setTimer(
      NODE_MONITOR_PERIOD_MS,
      () => {
        if (!this.isRunning) return;
        this.monitorNodeHealth();
        this.scheduleMonitor();
      },
      'node-lifecycle monitor',
    );
  }

  private observeLease(lease: LeaseObj): void {
    const name = lease.metadata?.name ?? '';
    const h = this.health.get(name) ?? { probeAt: this.ctx.clock.now() };
    if (h.lastRenew !== lease.spec?.renewTime) {
      h.lastRenew = lease.spec?.renewTime;
      h.probeAt = this.ctx.clock.now();
    }
    this.health.set(name, h);
  }

  private observeNode(node: NodeObj): void {
    const name = node.metadata?.name ?? '';
    const h = this.health.get(name) ?? { probeAt: this.ctx.clock.now() };
    const beat = readyCondition(node)?.lastHeartbeatTime;
    if (beat !== h.lastHeartbeat && readyCondition(node)?.status !== 'Unknown') {
      h.lastHeartbeat = beat;
      h.probeAt = this.ctx.clock.now();
    }
    this.health.set(name, h);
    this.reconcileTaints(node);
    this.reconcileEvictions(name);
  }

  /** monitorNodeHealth: turn silent nodes Unknown. */
  private monitorNodeHealth(): void {
    const now = this.ctx.clock.now();
    for (const node of this.nodes?.list() ?? []) {
      const name = node.metadata?.name ?? '';
      const h = this.health.get(name);
      if (!h || now - h.probeAt <= NODE_MONITOR_GRACE_PERIOD_MS) continue;
      const ready = readyCondition(node);
      if (ready?.status === 'Unknown') continue;
      const stamp = formatTimestamp(now);
      const conditions = (node.status?.conditions ?? []).map((c) => ({
        ...c,
        status: 'Unknown',
        reason: 'NodeStatusUnknown',
        message: 'Kubelet stopped posting node status.',
        lastTransitionTime: stamp,
      }));
      this.client.patch(apiPath('v1', 'nodes', undefined, name, 'status'), {
        status: { conditions },
      });
      this.recorder.event(
        node,
        'Normal',
        'NodeNotReady',
        `Node ${name} status is now: NodeNotReady`,
      );
      this.markPodsNotReady(name);
    }
  }

  /** MarkPodsNotReady (pkg/controller/util/node): Ready=False on every pod of the node. */
  private markPodsNotReady(nodeName: string): void {
    for (const key of this.podsByNode.get(nodeName) ?? []) {
      const pod = this.podSource?.get(key);
      if (!pod) continue;
      const conditions = pod.status?.conditions ?? [];
      const ready = conditions.find((c) => c.type === 'Ready');
      if (!ready || ready.status === 'False') continue;
      const now = formatTimestamp(this.ctx.clock.now());
      const updated = conditions.map((c) =>
        c.type === 'Ready' ? { ...c, status: 'False', lastTransitionTime: now } : c,
      );
      this.client.patch(
        apiPath('v1', 'pods', pod.metadata?.namespace, pod.metadata?.name, 'status'),
        { status: { conditions: updated } },
      );
      this.recorder.event(pod, 'Warning', 'NodeNotReady', 'Node is not ready');
    }
  }

  /** doNoScheduleTaintingPass + doNoExecuteTaintingPass for one node. */
  private reconcileTaints(node: NodeObj): void {
    const status = readyCondition(node)?.status;
    const key =
      status === 'Unknown'
        ? UNREACHABLE_TAINT_KEY
        : status === 'False'
          ? NOT_READY_TAINT_KEY
          : undefined;
    const taints = node.spec?.taints ?? [];
    // doNoScheduleTaintingPass: the NoSchedule taints of the pressure conditions that are True.
    let pressure: string[] | undefined;
    for (const c of node.status?.conditions ?? []) {
      const taintKey = CONDITION_TAINT_KEYS[c.type];
      if (taintKey && c.status === 'True') (pressure ??= []).push(taintKey);
    }
    const managed = (t: Taint) =>
      t.key === UNREACHABLE_TAINT_KEY ||
      t.key === NOT_READY_TAINT_KEY ||
      (t.effect === 'NoSchedule' && CONDITION_TAINTS.has(t.key));
    const kept = taints.filter(
      (t) =>
        !managed(t) || t.key === key || (t.effect === 'NoSchedule' && pressure?.includes(t.key)),
    );
    const want: Taint[] = [...kept];
    for (const taintKey of pressure ?? [])
      if (!want.some((t) => t.key === taintKey && t.effect === 'NoSchedule'))
        want.push({ key: taintKey, effect: 'NoSchedule' });
    if (key) {
      for (const effect of ['NoSchedule', 'NoExecute'] as const) {
        if (!want.some((t) => t.key === key && t.effect === effect))
          want.push({
            key,
            effect,
            ...(effect === 'NoExecute' ? { timeAdded: formatTimestamp(this.ctx.clock.now()) } : {}),
          });
      }
    }
    if (want.length === taints.length && want.every((t, i) => t === taints[i])) return;
    this.client.patch(apiPath('v1', 'nodes', undefined, node.metadata?.name), {
      spec: { taints: want.length ? want : null },
    });
  }

  private onPod(pod: PodObj, old?: PodObj): void {
    const nodeName = pod.spec?.nodeName;
    const oldNode = old?.spec?.nodeName;
    // A status update of a pod already indexed on the same node, same tolerations: nothing to do.
    if (oldNode && oldNode === nodeName && old?.spec?.tolerations === pod.spec?.tolerations) return;
    const key = storedObjectKey(pod);
    if (oldNode && oldNode !== nodeName) this.podsByNode.get(oldNode)?.delete(key);
    if (!nodeName) return;
    let set = this.podsByNode.get(nodeName);
    if (!set) this.podsByNode.set(nodeName, (set = new Set()));
    const added = !set.has(key);
    set.add(key);
    if (added || old?.spec?.tolerations !== pod.spec?.tolerations) this.reconcilePod(key);
  }

  private onPodDelete(pod: PodObj): void {
    const key = storedObjectKey(pod);
    const nodeName = pod.spec?.nodeName;
    if (nodeName) this.podsByNode.get(nodeName)?.delete(key);
    this.cancelEviction(key);
  }

  private reconcileEvictions(nodeName: string): void {
    for (const key of this.podsByNode.get(nodeName) ?? []) this.reconcilePod(key);
  }

  /** taint-eviction: when (if ever) must this pod go, given its node's NoExecute taints? */
  private reconcilePod(key: string): void {
    const pod = this.podSource?.get(key);
    const node = pod?.spec?.nodeName ? this.nodes?.get(pod.spec.nodeName) : undefined;
    if (!pod || !node || pod.metadata?.deletionTimestamp) return this.cancelEviction(key);
    const noExecute = (node.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');
    if (noExecute.length === 0) return this.cancelEviction(key);
    const tolerations = pod.spec?.tolerations ?? [];
    let deadline = Infinity;
    for (const taint of noExecute) {
      const matching = tolerations.filter((t) => toleratesTaint(t, taint));
      if (matching.length === 0) {
        deadline = this.ctx.clock.now();
        break;
      }
      // getMinTolerationTime: the smallest tolerationSeconds among matching tolerations.
      const seconds = Math.min(...matching.map((t) => t.tolerationSeconds ?? Infinity));
      if (Number.isFinite(seconds)) {
        // Parsing a timestamp, not reading the wall clock.
        // eslint-disable-next-line no-restricted-globals
        const added = taint.timeAdded ? Date.parse(taint.timeAdded) : this.ctx.clock.now();
        deadline = Math.min(deadline, added + Math.max(0, seconds) * 1000);
      }
    }
    if (!Number.isFinite(deadline)) return this.cancelEviction(key);
    const existing = this.evictions.get(key);
    if (existing && existing.at === deadline) return;
    this.cancelEviction(key);
    const delay = Math.max(0, deadline - this.ctx.clock.now());
    const timer = this.ctx.clock.setTimer(delay, () => this.evict(key), 'taint eviction');
    this.evictions.set(key, { at: deadline, timer });
  }

  private cancelEviction(key: string): void {
    const e = this.evictions.get(key);
    if (!e) return;
    this.ctx.clock.clearTimer(e.timer);
    this.evictions.delete(key);
  }

  private evict(key: string): void {
    this.evictions.delete(key);
    if (!this.isRunning) return;
    const pod = this.podSource?.get(key);
    if (!pod || pod.metadata?.deletionTimestamp) return;
    this.evictionRecorder.event(
      pod,
      'Normal',
      'TaintManagerEviction',
      `Marking for deletion Pod ${key}`,
    );
    this.ctx
      .client('taint-eviction-controller')
      .delete(apiPath('v1', 'pods', pod.metadata?.namespace, pod.metadata?.name), {
        preconditions: { uid: pod.metadata?.uid },
      });
  }
}

/** Starts the node lifecycle controller as its own component (`node-lifecycle-controller`). */
export function startNodeLifecycleController(ctx: ClusterContext): NodeLifecycleController {
  const controller = new NodeLifecycleController(ctx);
  ctx.register(controller);
  controller.start();
  return controller;
}
