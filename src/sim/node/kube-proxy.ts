/**
 * kube-proxy, one per node, in iptables mode (pkg/proxy/iptables/proxier.go). It watches Services
 * and EndpointSlices and reprograms the node's rules through a bounded-frequency runner: a change
 * syncs at once when the last sync is older than `minSyncPeriod` (1 s), otherwise at
 * lastSync + 1 s, so bursts of changes are batched into one sync; every `syncPeriod` (30 s) it
 * syncs anyway. A stopped kube-proxy leaves its last rules in place: traffic keeps following them,
 * stale, until it starts again (as iptables rules outlive the process).
 */
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { KubeObject } from '../api/types.ts';
import type { Clock, TimerId } from '../clock.ts';
import type { SimComponent } from '../component.ts';
import type { Informer } from '../informer.ts';
import { iptablesSave } from '../network/iptables.ts';
import { buildProxyTable, type ProxyTable } from '../network/proxy-table.ts';

/** KubeProxyIPTablesConfiguration defaults (pkg/proxy/apis/config/v1alpha1/defaults.go). */
export const MIN_SYNC_PERIOD_MS = 1_000;
export const SYNC_PERIOD_MS = 30_000;

/** What a sync reads: the informer caches at one moment (shared by every node's proxy). */
export interface ProxySnapshot {
  version: number;
  services: Service[];
  endpointSlices: EndpointSlice[];
}

export interface KubeProxyInputs {
  /** The current Services and EndpointSlices (memoized by the caller per change). */
  snapshot(): ProxySnapshot;
}

/** Snapshots of two informers, rebuilt only after one of them changed. */
export function snapshotSource(
  services: Informer<KubeObject>,
  slices: Informer<KubeObject>,
): KubeProxyInputs {
  let version = 0;
  let current: ProxySnapshot | undefined;
  const bump = () => {
    version++;
    current = undefined;
  };
  for (const informer of [services, slices]) informer.on({ add: bump, update: bump, delete: bump });
  return {
    snapshot() {
      current ??= {
        version,
        services: services.list() as unknown as Service[],
        endpointSlices: slices.list() as unknown as EndpointSlice[],
      };
      return current;
    },
  };
}

export class KubeProxy implements SimComponent {
  readonly name: string;
  private table: ProxyTable | undefined;
  /** The state the last sync programmed; the table is built from it when first read. */
  private programmed: ProxySnapshot = { version: -1, services: [], endpointSlices: [] };
  private programmedAt: number;
  private lastSync = -Infinity;
  private timer: TimerId | undefined;
  private periodic: TimerId | undefined;
  private isRunning = false;
  /** Number of syncs done (for the UI and tests). */
  syncs = 0;
  private readonly listeners = new Set<(table: ProxyTable) => void>();

  constructor(
    readonly node: string,
    private readonly nodeIP: string,
    private readonly clock: Clock,
    private readonly inputs: KubeProxyInputs,
  ) {
    this.name = `kube-proxy/${node}`;
    this.programmedAt = clock.now();
  }

  start(): void {
    if (this.isRunning) return;
    this.isRunning = true;
    // On start kube-proxy does a full sync once its informers have synced.
    this.requestSync();
    this.schedulePeriodic();
  }

  stop(): void {
    this.isRunning = false;
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    if (this.periodic !== undefined) this.clock.clearTimer(this.periodic);
    this.timer = undefined;
    this.periodic = undefined;
  }

  running(): boolean {
    return this.isRunning;
  }

  /**
   * The rules programmed by the last sync. Built on first read after a sync (a thousand nodes
   * syncing the same change only pay for the tables someone looks at or routes through).
   */
  rules(): ProxyTable {
    this.table ??= buildProxyTable(
      this.node,
      this.nodeIP,
      this.programmed.services,
      this.programmed.endpointSlices,
      this.programmedAt,
    );
    return this.table;
  }

  /** The last sync's rules as `iptables-save` text. */
  iptablesSave(): string {
    return iptablesSave(this.rules());
  }

  /** Called after every sync with the new table. */
  onSync(listener: (table: ProxyTable) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A Service or EndpointSlice changed: sync, at most once per minSyncPeriod. */
  requestSync(): void {
    if (!this.isRunning || this.timer !== undefined) return;
    const delay = Math.max(0, this.lastSync + MIN_SYNC_PERIOD_MS - this.clock.now());
    this.timer = this.clock.setTimer(
      delay,
      () => {
        this.timer = undefined;
        this.sync();
      },
      `${this.name} sync`,
    );
  }

  private schedulePeriodic(): void {
    this.periodic = this.clock.setTimer(
      SYNC_PERIOD_MS,
      () => {
        this.periodic = undefined;
        if (!this.isRunning) return;
        this.requestSync();
        this.schedulePeriodic();
      },
      `${this.name} periodic sync`,
    );
  }

  private sync(): void {
    if (!this.isRunning) return;
    this.lastSync = this.clock.now();
    this.syncs++;
    const snapshot = this.inputs.snapshot();
    if (snapshot === this.programmed) return;
    this.programmed = snapshot;
    this.programmedAt = this.clock.now();
    this.table = undefined;
    if (this.listeners.size) {
      const table = this.rules();
      for (const listener of this.listeners) listener(table);
    }
  }
}
