/**
 * The PersistentVolume controller's binder (pkg/controller/volume/persistentvolume/pv_controller.go,
 * client `persistent-volume-binder`, events from `persistentvolume-controller`). It binds each
 * pending claim to the smallest Available volume of the same class whose capacity, access modes,
 * volume mode and labels (claim selector) fit; with no match it waits for a consumer
 * (WaitForFirstConsumer), asks the class's provisioner (ExternalProvisioning), or reports
 * FailedBinding when the claim has no class. A bound claim whose volume vanished is Lost; a volume
 * whose claim is gone is Released, then deleted (reclaimPolicy Delete, by its provisioner) or kept
 * (Retain). Claims without storageClassName get the default class (RetroactiveDefaultStorageClass).
 */
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import type { KubeObject } from '../api/types.ts';
import { apiPath } from '../client.ts';
import { matchesLabelSelector } from '../scheduler/selectors.ts';
import { parseQuantity } from '../scheduler/quantity.ts';
import type { ControllerContext } from './context.ts';
import { keyOf } from './util.ts';
import { installDefaultStorageClass, startLocalPathProvisioner } from './local-path-provisioner.ts';

export const PV_BINDER = 'persistent-volume-binder';
export const PV_EVENT_SOURCE = 'persistentvolume-controller';
export const DEFAULT_SC_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
export const SELECTED_NODE_ANNOTATION = 'volume.kubernetes.io/selected-node';
export const STORAGE_PROVISIONER_ANNOTATION = 'volume.kubernetes.io/storage-provisioner';
const BETA_PROVISIONER_ANNOTATION = 'volume.beta.kubernetes.io/storage-provisioner';
const BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
const BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';

const requested = (pvc: PersistentVolumeClaim) =>
  parseQuantity(pvc.spec?.resources?.requests?.storage ?? '0');
const capacityOf = (pv: PersistentVolume) => parseQuantity(pv.spec?.capacity?.storage ?? '0');

/** Whether `pv` can satisfy `pvc` (findMatchingVolume's checks, minus node affinity). */
export function volumeFits(pv: PersistentVolume, pvc: PersistentVolumeClaim): boolean {
  const ref = pv.spec?.claimRef;
  // A pre-bound volume only fits its own claim.
  if (ref && (ref.name !== pvc.metadata?.name || ref.namespace !== pvc.metadata?.namespace))
    return false;
  if (ref?.uid && ref.uid !== pvc.metadata?.uid) return false;
  if (!ref && pv.status?.phase && pv.status.phase !== 'Available') return false;
  if (pv.metadata?.deletionTimestamp) return false;
  if ((pv.spec?.storageClassName ?? '') !== (pvc.spec?.storageClassName ?? '')) return false;
  if ((pv.spec?.volumeMode ?? 'Filesystem') !== (pvc.spec?.volumeMode ?? 'Filesystem'))
    return false;
  if (capacityOf(pv) < requested(pvc)) return false;
  const modes = pv.spec?.accessModes ?? [];
  if (!(pvc.spec?.accessModes ?? []).every((m) => modes.includes(m))) return false;
  if (pvc.spec?.selector && !matchesLabelSelector(pvc.spec.selector, pv.metadata?.labels))
    return false;
  return true;
}

/** The volume the binder picks: a volume pre-bound to the claim, else the smallest that fits. */
export function findMatchingVolume(
  volumes: PersistentVolume[],
  pvc: PersistentVolumeClaim,
): PersistentVolume | undefined {
  const fitting = volumes.filter((pv) => volumeFits(pv, pvc));
  const prebound = fitting.find((pv) => pv.spec?.claimRef);
  if (prebound) return prebound;
  return fitting.sort(
    (a, b) =>
      capacityOf(a) - capacityOf(b) ||
      (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''),
  )[0];
}

/** Starts the binder, the local-path provisioner, and installs the default StorageClass. */
export function startPersistentVolumeBinder(ctx: ControllerContext): void {
  installDefaultStorageClass(ctx.client('kubectl-client-side-apply'));
  const client = ctx.client(PV_BINDER);
  const recorder = ctx.recorder(PV_EVENT_SOURCE);
  const claims = ctx.informers.for<KubeObject>('v1', 'persistentvolumeclaims');
  const volumes = ctx.informers.for<KubeObject>('v1', 'persistentvolumes');
  const classes = ctx.informers.for<KubeObject>('storage.k8s.io/v1', 'storageclasses');
  /** Last event reason per claim, so a waiting claim is not re-announced on every resync. */
  const announced = new Map<string, string>();
  const announce = (
    pvc: PersistentVolumeClaim,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
  ) => {
    const key = keyOf(pvc as unknown as KubeObject);
    if (announced.get(key) === reason + message) return;
    announced.set(key, reason + message);
    recorder.event(pvc as unknown as KubeObject, type, reason, message);
  };
  const defaultClass = (): StorageClass | undefined =>
    (classes.list() as unknown as StorageClass[])
      .filter((c) => c.metadata?.annotations?.[DEFAULT_SC_ANNOTATION] === 'true')
      .sort((a, b) =>
        (b.metadata?.creationTimestamp ?? '').localeCompare(a.metadata?.creationTimestamp ?? ''),
      )[0];

  const syncClaim = (key: string) => {
    const pvc = claims.get(key) as PersistentVolumeClaim | undefined;
    if (!pvc) {
      announced.delete(key);
      // The claim is gone: its volume is Released.
      for (const pv of volumes.list() as unknown as PersistentVolume[]) {
        if (`${pv.spec?.claimRef?.namespace}/${pv.spec?.claimRef?.name}` === key)
          queue.add(`pv:${pv.metadata?.name}`);
      }
      return;
    }
    const [namespace, name] = key.split('/');
    const claimPath = apiPath('v1', 'persistentvolumeclaims', namespace, name);
    if (pvc.spec?.volumeName) {
      const pv = volumes.get(pvc.spec.volumeName) as PersistentVolume | undefined;
      if (!pv) {
        if (pvc.status?.phase !== 'Lost') {
          client.patch(`${claimPath}/status`, { status: { phase: 'Lost' } });
          recorder.event(
            pvc as unknown as KubeObject,
            'Warning',
            'ClaimLost',
            'Bound claim has lost its PersistentVolume. Data on the volume is lost!',
          );
        }
        return;
      }
      if (pv.spec?.claimRef?.uid === pvc.metadata?.uid && pvc.status?.phase !== 'Bound')
        markClaimBound(pvc, pv);
      return;
    }
    if (pvc.spec?.storageClassName === undefined) {
      const def = defaultClass();
      if (def) {
        client.patch(claimPath, { spec: { storageClassName: def.metadata?.name } });
        return;
      }
    }
    const pv = findMatchingVolume(volumes.list() as unknown as PersistentVolume[], pvc);
    if (pv) {
      bind(pvc, pv);
      return;
    }
    const className = pvc.spec?.storageClassName ?? '';
    if (!className) {
      announce(
        pvc,
        'Normal',
        'FailedBinding',
        'no persistent volumes available for this claim and no storage class is set',
      );
      return;
    }
    const sc = classes.get(className) as StorageClass | undefined;
    if (!sc) {
      announce(
        pvc,
        'Warning',
        'ProvisioningFailed',
        `storageclass.storage.k8s.io "${className}" not found`,
      );
      return;
    }
    if (
      sc.volumeBindingMode === 'WaitForFirstConsumer' &&
      !pvc.metadata?.annotations?.[SELECTED_NODE_ANNOTATION]
    ) {
      announce(
        pvc,
        'Normal',
        'WaitForFirstConsumer',
        'waiting for first consumer to be created before binding',
      );
      return;
    }
    // Statically provisioned classes (local volumes) have nobody to ask: the claim waits for a PV.
    if (sc.provisioner === 'kubernetes.io/no-provisioner') return;
    if (pvc.metadata?.annotations?.[STORAGE_PROVISIONER_ANNOTATION] !== sc.provisioner) {
      client.patch(claimPath, {
        metadata: {
          annotations: {
            [STORAGE_PROVISIONER_ANNOTATION]: sc.provisioner,
            [BETA_PROVISIONER_ANNOTATION]: sc.provisioner,
          },
        },
      });
    }
    announce(
      pvc,
      'Normal',
      'ExternalProvisioning',
      `Waiting for a volume to be created either by the external provisioner '${sc.provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
    );
  };

  const bind = (pvc: PersistentVolumeClaim, pv: PersistentVolume) => {
    const pvPath = apiPath('v1', 'persistentvolumes', undefined, pv.metadata?.name);
    if (pv.spec?.claimRef?.uid !== pvc.metadata?.uid) {
      const r = client.patch(pvPath, {
        metadata: { annotations: { [BOUND_BY_CONTROLLER]: 'yes' } },
        spec: {
          claimRef: {
            kind: 'PersistentVolumeClaim',
            apiVersion: 'v1',
            namespace: pvc.metadata?.namespace,
            name: pvc.metadata?.name,
            uid: pvc.metadata?.uid,
            resourceVersion: pvc.metadata?.resourceVersion,
          },
        },
      });
      if (!r.ok) return queue.addRateLimited(keyOf(pvc as unknown as KubeObject));
    }
    client.patch(`${pvPath}/status`, { status: { phase: 'Bound' } });
    const claimPath = apiPath(
      'v1',
      'persistentvolumeclaims',
      pvc.metadata?.namespace,
      pvc.metadata?.name,
    );
    const r = client.patch(claimPath, {
      metadata: { annotations: { [BIND_COMPLETED]: 'yes', [BOUND_BY_CONTROLLER]: 'yes' } },
      spec: { volumeName: pv.metadata?.name },
    });
    if (!r.ok) return queue.addRateLimited(keyOf(pvc as unknown as KubeObject));
    markClaimBound(pvc, pv);
  };

  const markClaimBound = (pvc: PersistentVolumeClaim, pv: PersistentVolume) => {
    announced.delete(keyOf(pvc as unknown as KubeObject));
    client.patch(
      apiPath(
        'v1',
        'persistentvolumeclaims',
        pvc.metadata?.namespace,
        pvc.metadata?.name,
        'status',
      ),
      {
        status: { phase: 'Bound', accessModes: pv.spec?.accessModes, capacity: pv.spec?.capacity },
      },
    );
  };

  const syncVolume = (name: string) => {
    const pv = volumes.get(name) as PersistentVolume | undefined;
    if (!pv) return;
    const path = apiPath('v1', 'persistentvolumes', undefined, name);
    const ref = pv.spec?.claimRef;
    if (!ref) {
      if (pv.status?.phase !== 'Available')
        client.patch(`${path}/status`, { status: { phase: 'Available' } });
      return;
    }
    const pvc = claims.get(`${ref.namespace}/${ref.name}`) as PersistentVolumeClaim | undefined;
    if (pvc && (!ref.uid || pvc.metadata?.uid === ref.uid)) {
      // Bound, or pre-bound to a claim that will be bound by syncClaim.
      queue.add(`${ref.namespace}/${ref.name}`);
      return;
    }
    if (!ref.uid) return;
    // The claim is gone: Released; then the reclaim policy decides.
    if (pv.status?.phase !== 'Released' && pv.status?.phase !== 'Failed')
      client.patch(`${path}/status`, { status: { phase: 'Released' } });
    // Dynamically provisioned volumes are deleted by their provisioner (local-path below).
  };

  const process = (key: string) =>
    key.startsWith('pv:') ? syncVolume(key.slice(3)) : syncClaim(key);
  const queue = ctx.queue(PV_BINDER, process);
  claims.on({
    add: (c) => queue.add(keyOf(c)),
    update: (_o, c) => queue.add(keyOf(c)),
    delete: (c) => queue.add(keyOf(c)),
  });
  volumes.on({
    add: (v) => queue.add(`pv:${v.metadata?.name}`),
    update: (_o, v) => queue.add(`pv:${v.metadata?.name}`),
    delete: (v) => {
      const ref = (v as unknown as PersistentVolume).spec?.claimRef;
      if (ref) queue.add(`${ref.namespace}/${ref.name}`);
    },
  });
  // Pending claims retry when a class appears (and periodically, as the controller resyncs every 15 s).
  classes.on({ add: () => claims.list().forEach((c) => queue.add(keyOf(c))) });
  startLocalPathProvisioner(ctx);
}
