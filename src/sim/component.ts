/**
 * What every simulated component shares: the clock, the random source, a client under its own
 * name, and a switch to stop and start it (faults: scheduler down, a node's kubelet stopped).
 */
import type { ApiHandler } from './api/types.ts';
import type { SimClient } from './client.ts';
import type { VirtualClock } from './clock.ts';
import type { Rng } from './rng.ts';
import type { InformerFactory } from './controllers/informers.ts';
import type { ClusterOptions, NodeSpec } from './topology.ts';

export interface SimComponent {
  /** e.g. `kube-scheduler`, `kube-controller-manager`, `kubelet/worker-1`, `kube-proxy/worker-1`. */
  readonly name: string;
  /** The node it runs on, when it belongs to one. */
  readonly node?: string;
  start(): void;
  stop(): void;
  running(): boolean;
}

export interface ClusterContext {
  clock: VirtualClock;
  rng: Rng;
  api: ApiHandler;
  options: Required<ClusterOptions>;
  nodes: NodeSpec[];
  /** A client that acts under `user` (its user agent and field manager). */
  client(user: string): SimClient;
  /** Registers a component so the UI, the console and the HTTP controls can stop and start it. */
  register(component: SimComponent): void;
  /**
   * The informers kube-controller-manager's controllers share, created on first use (the node
   * lifecycle controller starts before the rest of the controller manager).
   */
  controllerInformers?(): InformerFactory;
}
