/**
 * Connects the UI to a cluster: starts the cluster Worker, a client over its message port, and
 * one informer per kind the UI draws, all feeding the cluster store.
 */
import { createKubeClient, type KubeClient } from '../client/client';
import { createInformer, type Informer } from '../client/informer';
import { collectionPath, resourceForKind } from '../client/resources';
import { createWorkerTransport, type WorkerTransport } from '../client/worker-transport';
import { createResilientWorker, type WorkerLike } from '../client/resilient-worker';
import { showNotice } from './embed/options-store';
import type { KubeObject } from '../sim/api/types';
import type { TrafficResult } from '../sim/network/traffic';
import type { ChangeSummary, ControlAction, SimOp } from '../worker/protocol';
import { recordChanges, recordTraffic } from './store/activity-store';
import { createClusterStore, type ClusterStore } from './store/cluster-store';
import { appendLog, appendLogAt, setClock } from './store/session-store';

/** The kinds the UI lists and watches. */
export const WATCHED_KINDS = [
  'Node',
  'Pod',
  'Service',
  'Deployment',
  'ReplicaSet',
  'Event',
  'Namespace',
  'EndpointSlice',
  'Ingress',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'ConfigMap',
  'Secret',
  'PersistentVolumeClaim',
  'PersistentVolume',
] as const;

export interface Connection {
  client: KubeClient;
  cluster: ClusterStore;
  control(action: ControlAction): void;
  /** Runs a simulation operation (faults, traffic, time travel); rejects with the error text. */
  sim(op: SimOp): Promise<unknown>;
  /** Attributed changes as the Worker reports them; returns an unsubscribe function. */
  onChanges(listener: (changes: ChangeSummary[]) => void): () => void;
  /** Traffic traces as the Worker reports them; returns an unsubscribe function. */
  onTraffic(listener: (results: TrafficResult[]) => void): () => void;
  close(): void;
}

/** What a transport may offer beyond requests and watches (the simulation side channel). */
interface SimChannel {
  sim?(op: SimOp): Promise<unknown>;
  onChanges?(listener: (changes: ChangeSummary[]) => void): () => void;
  onTraffic?(listener: (results: TrafficResult[]) => void): () => void;
}

/** The text shown when the Worker does not (yet) answer simulation operations. */
export const SIM_UNAVAILABLE = 'simulation operations are not available in this build';

/** One log line for a Kubernetes Event, like `kubectl events` prints it. */
export function describeEvent(event: KubeObject): string {
  const involved = (event.involvedObject ?? {}) as { kind?: string; name?: string };
  const source =
    (event.reportingComponent as string | undefined) ||
    ((event.source as { component?: string } | undefined)?.component ?? '');
  return `${source ? `${source} · ` : ''}${String(event.reason ?? '')} ${involved.kind ?? ''}/${involved.name ?? ''}: ${String(event.message ?? '')}`;
}

/** When an Event last happened (events.k8s.io series, core lastTimestamp, or creation). */
export function eventTime(event: KubeObject): number | undefined {
  const series = event.series as { lastObservedTime?: string } | undefined;
  const candidates = [
    series?.lastObservedTime,
    event.lastTimestamp,
    event.eventTime,
    event.firstTimestamp,
    event.metadata?.creationTimestamp,
  ];
  for (const value of candidates) {
    if (typeof value !== 'string' || !value) continue;
    const ms = Date.parse(value);
    if (Number.isFinite(ms)) return ms;
  }
  return undefined;
}

/** Starts the Worker and the informers. */
export function connectToWorker(): Connection {
  const endpoint = createResilientWorker(
    () =>
      new Worker(new URL('../worker/cluster.worker.ts', import.meta.url), {
        type: 'module',
        name: 'k8s-explorer cluster',
      }) as unknown as WorkerLike,
    {
      onRestart: (reason) => {
        appendLog('error', `${reason}; restarted it from the last saved moment`);
        showNotice({
          level: 'error',
          text: `${reason}. It was restarted from the last saved moment; your editor text is untouched.`,
        });
      },
    },
  );
  const transport: WorkerTransport = createWorkerTransport(endpoint);
  transport.onClock(setClock);
  transport.onFatal((message) => appendLog('error', message));
  return connect(transport, () => endpoint.close());
}

/** Wires informers over any Worker-like transport. */
export function connect(transport: WorkerTransport, terminate: () => void): Connection {
  const client = createKubeClient(transport);
  const cluster = createClusterStore();
  const informers: Informer[] = WATCHED_KINDS.map((kind) => {
    const info = resourceForKind(kind);
    if (!info) throw new Error(`no resource for ${kind}`);
    let failing = false;
    return createInformer({
      client,
      kind,
      apiVersion: info.group ? `${info.group}/${info.version}` : info.version,
      path: collectionPath(info),
      onChange(change) {
        cluster.enqueue(kind, change);
        if (kind === 'Event' && change.type === 'upsert') {
          appendLogAt(eventTime(change.object), 'event', describeEvent(change.object));
        }
      },
      onSynced() {
        failing = false;
        cluster.markSynced(kind);
      },
      onError(message) {
        // Report the first failure of a run, not every retry.
        if (!failing) appendLog('error', `${kind}: ${message}`);
        failing = true;
      },
    });
  });
  for (const informer of informers) informer.start();
  const channel = transport as WorkerTransport & SimChannel;
  const onChanges = (listener: (changes: ChangeSummary[]) => void): (() => void) =>
    channel.onChanges ? channel.onChanges(listener) : () => undefined;
  const onTraffic = (listener: (results: TrafficResult[]) => void): (() => void) =>
    channel.onTraffic ? channel.onTraffic(listener) : () => undefined;
  const unsubscribe = [onChanges(recordChanges), onTraffic(recordTraffic)];
  return {
    client,
    cluster,
    control: (action) => transport.control(action),
    sim: (op) => (channel.sim ? channel.sim(op) : Promise.reject(new Error(SIM_UNAVAILABLE))),
    onChanges,
    onTraffic,
    close() {
      for (const stop of unsubscribe) stop();
      for (const informer of informers) informer.stop();
      transport.close();
      terminate();
    },
  };
}
