/**
 * rancher.io/local-path, the dynamic provisioner kind ships as its default StorageClass `standard`
 * (WaitForFirstConsumer, reclaimPolicy Delete). For a claim annotated
 * `volume.kubernetes.io/storage-provisioner: rancher.io/local-path` and, for delayed binding, the
 * scheduler's `volume.kubernetes.io/selected-node`, it creates a hostPath PersistentVolume
 * `pvc-<claim uid>` under /var/local-path-provisioner on that node, with node affinity to it, pre-bound
 * to the claim (the binder completes the binding). When such a volume is Released and its policy is
 * Delete, it removes the data and deletes the volume.
 */
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import type { KubeObject } from '../api/types.ts';
import { apiPath, type SimClient } from '../client.ts';
import type { ControllerContext } from './context.ts';
import { keyOf } from './util.ts';

export const LOCAL_PATH_PROVISIONER = 'rancher.io/local-path';
export const DEFAULT_STORAGE_CLASS = 'standard';
/** The helper pod that creates the directory takes a moment (simulated). */
export const PROVISION_DELAY_MS = 2_000;
export const DELETE_DELAY_MS = 1_000;
const PROVISIONED_BY = 'pv.kubernetes.io/provisioned-by';
/** How long the provisioner pod takes to notice a claim change (its own watch, a separate process). */
const REACTION_MS = 100;

/** kind's default StorageClass, created at bootstrap. */
export function defaultStorageClass(): KubeObject {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: {
      name: DEFAULT_STORAGE_CLASS,
      annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
    },
    provisioner: LOCAL_PATH_PROVISIONER,
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  };
}

/** Creates the default StorageClass unless it exists. */
export function installDefaultStorageClass(client: SimClient): void {
  client.create(apiPath('storage.k8s.io/v1', 'storageclasses'), defaultStorageClass());
}

/** Starts the provisioner loop (events from `rancher.io/local-path_local-path-provisioner-…`). */
export function startLocalPathProvisioner(ctx: ControllerContext): void {
  const identity = `${LOCAL_PATH_PROVISIONER}_local-path-provisioner-7dc8c5f8d-${ctx.rng.suffix(5)}_${ctx.rng.uuid()}`;
  const client = ctx.client('local-path-provisioner');
  const recorder = ctx.recorder(identity);
  const claims = ctx.informers.for<KubeObject>('v1', 'persistentvolumeclaims');
  const volumes = ctx.informers.for<KubeObject>('v1', 'persistentvolumes');
  const classes = ctx.informers.for<KubeObject>('storage.k8s.io/v1', 'storageclasses');
  const inFlight = new Set<string>();

  const provision = (key: string) => {
    const pvc = claims.get(key) as PersistentVolumeClaim | undefined;
    if (!pvc || pvc.spec?.volumeName || pvc.metadata?.deletionTimestamp) return;
    const ann = pvc.metadata?.annotations ?? {};
    if (ann['volume.kubernetes.io/storage-provisioner'] !== LOCAL_PATH_PROVISIONER) return;
    const sc = classes.get(pvc.spec?.storageClassName ?? '') as StorageClass | undefined;
    if (!sc) return;
    const node = ann['volume.kubernetes.io/selected-node'];
    const pvName = `pvc-${pvc.metadata?.uid}`;
    if (volumes.get(pvName) || inFlight.has(pvName)) return;
    if (!node) {
      // local-path needs a node; Immediate classes are not supported by it (it reports an error).
      recorder.event(
        pvc as unknown as KubeObject,
        'Warning',
        'ProvisioningFailed',
        'failed to provision volume with StorageClass "' +
          sc.metadata?.name +
          '": configuration error, no node was specified',
      );
      return;
    }
    inFlight.add(pvName);
    recorder.event(
      pvc as unknown as KubeObject,
      'Normal',
      'Provisioning',
      `External provisioner is provisioning volume for claim "${key}"`,
    );
    ctx.clock.setTimer(
      PROVISION_DELAY_MS,
      () => {
        inFlight.delete(pvName);
        const current = claims.get(key) as PersistentVolumeClaim | undefined;
        if (!current || current.metadata?.uid !== pvc.metadata?.uid || current.spec?.volumeName)
          return;
        const path = `/var/local-path-provisioner/${pvName}_${pvc.metadata?.namespace}_${pvc.metadata?.name}`;
        const pv: PersistentVolume = {
          apiVersion: 'v1',
          kind: 'PersistentVolume',
          metadata: {
            name: pvName,
            annotations: {
              [PROVISIONED_BY]: LOCAL_PATH_PROVISIONER,
              'local.path.provisioner/selected-node': node,
            },
            finalizers: ['kubernetes.io/pv-protection'],
          },
          spec: {
            capacity: { storage: current.spec?.resources?.requests?.storage ?? '1Gi' },
            accessModes: current.spec?.accessModes ?? ['ReadWriteOnce'],
            persistentVolumeReclaimPolicy:
              (sc.reclaimPolicy as 'Delete' | 'Retain' | undefined) ?? 'Delete',
            storageClassName: sc.metadata?.name,
            volumeMode: current.spec?.volumeMode ?? 'Filesystem',
            hostPath: { path, type: 'DirectoryOrCreate' },
            nodeAffinity: {
              required: {
                nodeSelectorTerms: [
                  {
                    matchExpressions: [
                      { key: 'kubernetes.io/hostname', operator: 'In', values: [node] },
                    ],
                  },
                ],
              },
            },
            claimRef: {
              kind: 'PersistentVolumeClaim',
              apiVersion: 'v1',
              namespace: current.metadata?.namespace,
              name: current.metadata?.name,
              uid: current.metadata?.uid,
              resourceVersion: current.metadata?.resourceVersion,
            },
          },
        };
        const created = client.create(
          apiPath('v1', 'persistentvolumes'),
          pv as unknown as KubeObject,
        );
        if (created.ok)
          recorder.event(
            current as unknown as KubeObject,
            'Normal',
            'ProvisioningSucceeded',
            `Successfully provisioned volume ${pvName}`,
          );
        else queue.addAfter(key, 5_000);
      },
      `local-path provision ${key}`,
    );
  };

  const reclaim = (name: string) => {
    const pv = volumes.get(name) as PersistentVolume | undefined;
    if (!pv || pv.metadata?.annotations?.[PROVISIONED_BY] !== LOCAL_PATH_PROVISIONER) return;
    if (pv.status?.phase !== 'Released' || pv.spec?.persistentVolumeReclaimPolicy !== 'Delete')
      return;
    if (inFlight.has(name)) return;
    inFlight.add(name);
    // A helper pod removes the directory, then the PV goes (the pv-protection finalizer is lifted
    // once no pod uses it: nothing does, the claim is gone).
    ctx.clock.setTimer(
      DELETE_DELAY_MS,
      () => {
        inFlight.delete(name);
        const path = apiPath('v1', 'persistentvolumes', undefined, name);
        client.patch(path, { metadata: { finalizers: null } });
        client.delete(path);
      },
      `local-path delete ${name}`,
    );
  };

  const queue = ctx.queue('local-path-provisioner', (key) =>
    key.startsWith('pv:') ? reclaim(key.slice(3)) : provision(key),
  );
  // An external provisioner is a separate pod watching claims: it reacts a moment later.
  claims.on({
    add: (c) => queue.addAfter(keyOf(c), REACTION_MS),
    update: (_o, c) => queue.addAfter(keyOf(c), REACTION_MS),
  });
  volumes.on({
    add: (v) => queue.add(`pv:${v.metadata?.name}`),
    update: (_o, v) => queue.add(`pv:${v.metadata?.name}`),
  });
}
