/**
 * Simulated data on volumes: each time a container starts it increments a counter on every volume
 * it mounts, like an app writing to disk. Where the counter lives follows the volume type: a
 * PersistentVolume keeps it across pod deletion, restart and rescheduling (until the PV is
 * deleted); an emptyDir lives and dies with its pod (it survives container restarts); a hostPath
 * stays with the node's path. The data is kept in memory, outside etcd, like real disk contents.
 */
import type { Pod, PersistentVolumeClaim, Volume } from 'kubernetes-types/core/v1';
import type { ApiHandler, KubeObject } from '../api/types.ts';
import type { ClusterContext } from '../component.ts';
import { apiPath } from '../client.ts';
import { Informer } from '../informer.ts';

export interface VolumeRecord {
  /** `pv/<name>`, `emptydir/<pod uid>/<volume>`, `hostpath/<node>/<path>`. */
  id: string;
  counter: number;
  /** The last writer (`ns/pod`) and when. */
  lastWriter?: string;
  lastWriteAt?: number;
}

export class VolumeDataStore {
  private readonly records = new Map<string, VolumeRecord>();

  /** The record of a volume id, if anything was ever written. */
  read(id: string): VolumeRecord | undefined {
    return this.records.get(id);
  }

  /** Increments a volume's counter. */
  write(id: string, writer: string, at: number): VolumeRecord {
    const rec = this.records.get(id) ?? { id, counter: 0 };
    rec.counter++;
    rec.lastWriter = writer;
    rec.lastWriteAt = at;
    this.records.set(id, rec);
    return rec;
  }

  /** Forgets a volume's data (emptyDir of a deleted pod, a deleted PV). */
  drop(id: string): void {
    this.records.delete(id);
  }

  /** Forgets every id with `prefix`. */
  dropPrefix(prefix: string): void {
    for (const id of [...this.records.keys()]) if (id.startsWith(prefix)) this.records.delete(id);
  }

  all(): VolumeRecord[] {
    return [...this.records.values()];
  }
}

/**
 * Where a pod's volume keeps its data, or undefined for volumes without simulated data
 * (configMap, secret, projected, or a claim that is not bound yet).
 */
export function volumeDataId(
  pod: Pod,
  volume: Volume,
  claim: (name: string) => PersistentVolumeClaim | undefined,
): string | undefined {
  if (volume.emptyDir) return `emptydir/${pod.metadata?.uid}/${volume.name}`;
  if (volume.hostPath) return `hostpath/${pod.spec?.nodeName}/${volume.hostPath.path}`;
  if (volume.persistentVolumeClaim) {
    const pv = claim(volume.persistentVolumeClaim.claimName)?.spec?.volumeName;
    return pv ? `pv/${pv}` : undefined;
  }
  return undefined;
}

/** Whether a volume can hold data this store counts (see volumeDataId). */
const holdsData = (v: Volume) => !!(v.emptyDir || v.hostPath || v.persistentVolumeClaim);

const stores = new WeakMap<ApiHandler, VolumeDataStore>();

/** The volume data of the cluster whose API handler is `api`. */
export function volumeDataOf(api: ApiHandler): VolumeDataStore | undefined {
  return stores.get(api);
}

/** The counters a pod's volumes hold now, by volume name. */
export function podVolumeData(
  api: ApiHandler,
  pod: Pod,
  claim: (name: string) => PersistentVolumeClaim | undefined,
): Record<string, number> {
  const store = stores.get(api);
  const out: Record<string, number> = {};
  for (const v of pod.spec?.volumes ?? []) {
    const id = volumeDataId(pod, v, claim);
    if (id) out[v.name] = store?.read(id)?.counter ?? 0;
  }
  return out;
}

const startsOf = (pod: Pod) =>
  (pod.status?.containerStatuses ?? []).reduce(
    (n, c) => n + (c.restartCount ?? 0) + (c.state?.running ? 1 : 0),
    0,
  );

/**
 * Tracks container starts and writes the counters (watching claims and volumes as
 * `volume-data`; it writes nothing to the API). `sharedPods` is the data plane's pod cache, when
 * there is one (registered before it starts): a cluster-wide pod watch costs every pod write a
 * delivery, so the data plane's parts share one. Without it, the store watches pods itself.
 */
export function startVolumeData(
  ctx: ClusterContext,
  sharedPods?: Informer<KubeObject>,
): VolumeDataStore {
  const existing = stores.get(ctx.api);
  if (existing) return existing;
  const store = new VolumeDataStore();
  stores.set(ctx.api, store);
  const client = ctx.client('volume-data');
  const pods = sharedPods ?? new Informer<KubeObject>(client, apiPath('v1', 'pods'), {}, ctx.clock);
  const claims = new Informer<KubeObject>(
    client,
    apiPath('v1', 'persistentvolumeclaims'),
    {},
    ctx.clock,
  );
  const volumes = new Informer<KubeObject>(
    client,
    apiPath('v1', 'persistentvolumes'),
    {},
    ctx.clock,
  );
  const claimOf = (ns: string) => (name: string) =>
    claims.get(`${ns}/${name}`) as PersistentVolumeClaim | undefined;
  /** Container starts already counted, per pod uid. */
  const counted = new Map<string, number>();
  const record = (pod: Pod) => {
    // Only emptyDir, hostPath and claimed volumes hold data (most pods have none of them).
    if (!pod.spec?.volumes?.some(holdsData)) return;
    // A container start: the pod became Running, or a container restarted.
    const uid = pod.metadata?.uid ?? '';
    const before = counted.get(uid) ?? 0;
    const now = pod.status?.phase === 'Running' ? Math.max(1, startsOf(pod)) : 0;
    if (now <= before) return;
    counted.set(uid, now);
    const writer = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
    for (const v of pod.spec?.volumes ?? []) {
      const id = volumeDataId(pod, v, claimOf(pod.metadata?.namespace ?? ''));
      if (id) for (let i = before; i < now; i++) store.write(id, writer, ctx.clock.now());
    }
  };
  pods.on({
    add: (p) => record(p as unknown as Pod),
    update: (_o, p) => record(p as unknown as Pod),
    // An emptyDir is deleted with its pod.
    delete: (p) => {
      counted.delete(p.metadata?.uid ?? '');
      store.dropPrefix(`emptydir/${p.metadata?.uid}/`);
    },
  });
  // A deleted PV's data is gone (reclaimPolicy Delete removed the directory).
  volumes.on({ delete: (v) => store.drop(`pv/${v.metadata?.name}`) });
  claims.start();
  volumes.start();
  if (!sharedPods) pods.start();
  return store;
}
