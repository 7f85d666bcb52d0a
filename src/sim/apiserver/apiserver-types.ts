/**
 * The public shape of the simulated kube-apiserver: its options and the interface every transport
 * (Worker, HTTP, in-process clients) and the UI use.
 */
import type { Clock } from '../clock.ts';
import type { Rng } from '../rng.ts';
import type { ApiHandler, ApiRequest, ApiResponse, KubeObject, Status } from '../api/types.ts';
import type { Etcd } from '../store/etcd.ts';
import type { ResourceInfo } from './resources.ts';
import type { ChangeRecord } from './registry.ts';
import type { ResourcePath } from './request-path.ts';

export interface ApiServerOptions {
  clock: Clock;
  rng: Rng;
  /** etcd history kept for watches and time travel, in revisions (default 10,000). */
  historyLimit?: number;
  /** Largest replicas/parallelism/completions accepted (default 10,000). */
  maxReplicas?: number;
  /**
   * ServiceAccount admission: refuse pods whose service account does not exist (upstream always
   * does; default false so a bare apiserver without the serviceaccount controller accepts pods).
   */
  enforceServiceAccounts?: boolean;
  /** Freeze stored objects (tests: catches anyone mutating what the apiserver returned). */
  freezeObjects?: boolean;
  /** Service CIDR (default 10.96.0.0/12). */
  serviceCidr?: string;
  /** Address of the `kubernetes` Service's endpoint (default 172.18.0.2). */
  advertiseAddress?: string;
  /** Event TTL in ms (kube-apiserver --event-ttl, default 1 h). */
  eventTtlMs?: number;
  /** gitVersion for /version (default: topology's KUBERNETES_VERSION, the kubelets' version). */
  gitVersion?: string;
  /** Returns paths of unknown fields (`spec.foo`) for fieldValidation; none when absent. */
  unknownFields?: (info: ResourceInfo, obj: KubeObject) => string[];
  /**
   * When the decoder's checks (wrong types, unknown fields) run: `always` (default, as upstream:
   * a request without fieldValidation is treated as Warn) or `whenAsked` (only for requests that
   * carry fieldValidation, e.g. kubectl; saves ~25 µs per write for large simulations).
   */
  decodeChecks?: 'always' | 'whenAsked';
}

export interface ApiServer extends ApiHandler {
  readonly etcd: Etcd;
  /** Observes every stored change with the user that made it. Returns an unsubscribe function. */
  onChange(listener: (change: ChangeRecord) => void): () => void;
  /** The catalogue currently served: built-ins plus established CRDs. */
  resources(): ResourceInfo[];
  /** Simulated outage: every request gets 503. */
  setAvailable(available: boolean): void;
  /** Simulated etcd quorum loss: reads and writes fail with `etcdserver: request timed out`. */
  setEtcdQuorum(ok: boolean): void;
  /** Open watches (stats). */
  watchCount(): number;
  /**
   * Serves an aggregated API (an APIService such as metrics.k8s.io/v1beta1): its resources appear
   * in discovery and requests under /apis/{group}/{version} go to `handle`. Returns an unregister function.
   */
  registerApiService(service: ApiService): () => void;
  /** Supplies `GET pods/{name}/log` (text/plain), e.g. from the kubelet model. */
  setPodLogs(provider: PodLogProvider | undefined): void;
}

/** An aggregated API server reached through the apiserver (kube-aggregator). */
export interface ApiService {
  group: string;
  version: string;
  resources: ResourceInfo[];
  handle(req: ApiRequest, path: ResourcePath): ApiResponse;
}

/** Log text of a pod's container, or a Status when there is none (404, 400 "container ... is waiting to start"). */
export type PodLogProvider = (
  namespace: string,
  name: string,
  query: Record<string, string>,
) => string | Status;
