/**
 * Namespace lifecycle. Deleting a namespace marks it Terminating (deletionTimestamp, phase
 * Terminating; pkg/registry/core/namespace/storage Delete) while its `kubernetes` spec finalizer
 * holds it; the namespace controller (pkg/controller/namespace/deletion) then deletes everything
 * in it, waits until nothing is left (pods take their grace period) and finalizes the namespace,
 * which removes it. The system namespaces may not be deleted (NamespaceLifecycle admission).
 */
import type { Clock, TimerId } from '../clock.ts';
import type { Status } from '../api/types.ts';
import type { ChangeRecord } from './registry.ts';
import type { KubeApiServer } from './apiserver.ts';
import type { ResourceInfo } from './resources.ts';
import { forbidden } from './status.ts';

const CONTROLLER_USER = 'namespace-controller';
/** NamespaceLifecycle's immortal namespaces. */
const IMMORTAL = new Set(['default', 'kube-system', 'kube-public']);
/** How often a terminating namespace is re-checked while content remains. */
const RESYNC_MS = 1_000;

export class NamespaceController {
  private readonly pending = new Map<string, TimerId>();

  constructor(
    private readonly server: KubeApiServer,
    private readonly clock: Clock,
  ) {}

  /** A Status when the delete must be refused (immortal namespaces). */
  refuseDelete(info: ResourceInfo, name: string): Status | undefined {
    if (info.group === '' && info.resource === 'namespaces' && IMMORTAL.has(name)) {
      return forbidden('', 'namespaces', name, 'this namespace may not be deleted');
    }
    return undefined;
  }

  /** Notices namespaces entering deletion (called inside writes; work is scheduled). */
  observe(change: ChangeRecord): void {
    if (change.resource.group !== '' || change.resource.resource !== 'namespaces') return;
    const name = change.object.metadata?.name ?? '';
    if (change.type === 'DELETED') {
      const t = this.pending.get(name);
      if (t !== undefined) this.clock.clearTimer(t);
      this.pending.delete(name);
      return;
    }
    if (change.object.metadata?.deletionTimestamp !== undefined) this.schedule(name, 0);
  }

  private schedule(name: string, delay: number): void {
    if (this.pending.has(name)) return;
    this.pending.set(
      name,
      this.clock.setTimer(
        delay,
        () => {
          this.pending.delete(name);
          this.sync(name);
        },
        'namespace-controller',
      ),
    );
  }

  private sync(name: string): void {
    const nsInfo = this.server.storageInfo('', 'namespaces');
    if (!nsInfo) return;
    const key = this.server.keyOf(nsInfo, undefined, name);
    const ns = this.server.etcd.get(key);
    if (!ns || ns.value.metadata?.deletionTimestamp === undefined) return;
    const phase = (ns.value.status as { phase?: string } | undefined)?.phase;
    if (phase !== 'Terminating') {
      this.server.internalUpdate(
        nsInfo,
        key,
        (obj) => ({
          ...obj,
          status: { ...(obj.status as Record<string, unknown>), phase: 'Terminating' },
        }),
        CONTROLLER_USER,
        'status',
      );
    }
    let remaining = 0;
    const seen = new Set<string>();
    for (const info of this.server.resources()) {
      if (!info.namespaced || !info.etcdPrefix || seen.has(info.etcdPrefix)) continue;
      seen.add(info.etcdPrefix);
      const storage = this.server.storageInfo(info.group, info.resource) ?? info;
      for (const kv of this.server.etcd.range(`${storage.etcdPrefix}/${name}/`).kvs) {
        remaining++;
        if (kv.value.metadata?.deletionTimestamp === undefined) {
          this.server.internalDelete(
            storage,
            name,
            kv.value.metadata?.name ?? '',
            'Background',
            CONTROLLER_USER,
          );
        }
      }
    }
    if (remaining > 0) {
      // Content is still going away (graceful pod deletion, finalizers): check again later.
      this.schedule(name, RESYNC_MS);
      return;
    }
    this.server.internalUpdate(
      nsInfo,
      key,
      (obj) => {
        const spec = (obj.spec ?? {}) as { finalizers?: string[] };
        const finalizers = (spec.finalizers ?? []).filter((f) => f !== 'kubernetes');
        return { ...obj, spec: { ...spec, finalizers } };
      },
      CONTROLLER_USER,
      'finalize',
    );
  }
}
