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
/** kube-controller-manager's --pvclaimbinder-sync-period default. */
export const PV_RESYNC_MS = 15_000;

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

/**
 * checkVolumeSatisfyClaim: why the volume a claim names (spec.volumeName) cannot serve it, in
 * upstream's order and words, or undefined when it can.
 */
export function volumeMismatch(
  pv: PersistentVolume,
  pvc: PersistentVolumeClaim,
): string | undefined {
  if (pv.metadata?.deletionTimestamp)
    return `the volume is marked for deletion "${pv.metadata.name}"`;
  if (capacityOf(pv) < requested(pvc)) return 'requested PV is too small';
  if ((pv.spec?.storageClassName ?? '') !== (pvc.spec?.storageClassName ?? ''))
    return 'storageClassName does not match';
  if ((pv.spec?.volumeMode ?? 'Filesystem') !== (pvc.spec?.volumeMode ?? 'Filesystem'))
    return 'incompatible volumeMode';
  const modes = pv.spec?.accessModes ?? [];
  if (!(pvc.spec?.accessModes ?? []).every((m) => modes.includes(m)))
    return 'incompatible accessMode';
  return undefined;
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
    if (pvc.metadata?.annotations?.[BIND_COMPLETED]) return syncBoundClaim(pvc, claimPath);
    if (pvc.spec?.volumeName) return syncRequestedVolume(pvc, pvc.spec.volumeName);
    // syncUnboundClaim: a fitting volume first, then (RetroactiveDefaultStorageClass) the default
    // class for a claim that names none, then provisioning.
    const pv = findMatchingVolume(volumes.list() as unknown as PersistentVolume[], pvc);
    if (pv) {
      bind(pvc, pv);
      return;
    }
    if (pvc.spec?.storageClassName === undefined) {
      const def = defaultClass();
      if (def) {
        client.patch(claimPath, { spec: { storageClassName: def.metadata?.name } });
        return;
      }
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

  /** syncBoundClaim: a claim bound once stays bound to its volume, or is Lost. */
  const syncBoundClaim = (pvc: PersistentVolumeClaim, claimPath: string) => {
    const volumeName = pvc.spec?.volumeName;
    const pv = volumeName ? (volumes.get(volumeName) as PersistentVolume | undefined) : undefined;
    const lose = (reason: string, message: string) => {
      if (pvc.status?.phase === 'Lost') return;
      client.patch(`${claimPath}/status`, { status: { phase: 'Lost' } });
      recorder.event(pvc as unknown as KubeObject, 'Warning', reason, message);
    };
    if (!volumeName)
      return lose(
        'ClaimLost',
        'Bound claim has lost reference to PersistentVolume. Data on the volume is lost!',
      );
    if (!pv)
      return lose(
        'ClaimLost',
        'Bound claim has lost its PersistentVolume. Data on the volume is lost!',
      );
    const ref = pv.spec?.claimRef;
    if (ref?.uid && ref.uid !== pvc.metadata?.uid)
      return lose(
        'ClaimMisbound',
        'Two claims are bound to the same volume, this one is bound incorrectly',
      );
    if (!ref?.uid || pvc.status?.phase !== 'Bound') bind(pvc, pv);
  };

  /** syncUnboundClaim for a claim that names its volume (spec.volumeName): bind only to it. */
  const syncRequestedVolume = (pvc: PersistentVolumeClaim, volumeName: string) => {
    const pv = volumes.get(volumeName) as PersistentVolume | undefined;
    // The volume does not exist (yet): Pending, retried when it appears and on every resync.
    if (!pv) return;
    const ref = pv.spec?.claimRef;
    if (!ref) {
      const mismatch = volumeMismatch(pv, pvc);
      if (mismatch)
        announce(
          pvc,
          'Warning',
          'VolumeMismatch',
          `Cannot bind to requested volume "${volumeName}": ${mismatch}`,
        );
      else bind(pvc, pv);
      return;
    }
    if (
      ref.name === pvc.metadata?.name &&
      ref.namespace === pvc.metadata?.namespace &&
      (!ref.uid || ref.uid === pvc.metadata?.uid)
    ) {
      bind(pvc, pv);
      return;
    }
    announce(
      pvc,
      'Warning',
      'FailedBinding',
      `volume "${volumeName}" already bound to a different claim.`,
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
  /** Claims still waiting for a volume (bound ones need nothing until they change). */
  const requeuePendingClaims = () => {
    for (const c of claims.list() as unknown as PersistentVolumeClaim[])
      if (c.status?.phase !== 'Bound') queue.add(keyOf(c as unknown as KubeObject));
  };
  const volumeAdded = (v: KubeObject) => {
    queue.add(`pv:${v.metadata?.name}`);
    // A volume nobody holds may be what a pending claim waits for (a PV created after its claim).
    if (!(v as unknown as PersistentVolume).spec?.claimRef?.uid) requeuePendingClaims();
  };
  volumes.on({
    add: volumeAdded,
    update: (_o, v) => volumeAdded(v),
    delete: (v) => {
      const ref = (v as unknown as PersistentVolume).spec?.claimRef;
      if (ref) queue.add(`${ref.namespace}/${ref.name}`);
    },
  });
  // Pending claims retry when a class appears.
  classes.on({ add: requeuePendingClaims });
  // The controller's periodic resync (--pvclaimbinder-sync-period, 15 s): every claim not yet bound
  // and every volume not Bound is synced again, so nothing waits forever on a missed event.
  const resync = () => {
    // Upstream re-emits a waiting claim's event on every sync (`x4 over 60s` in describe).
    announced.clear();
    requeuePendingClaims();
    for (const v of volumes.list())
      if ((v as unknown as PersistentVolume).status?.phase !== 'Bound')
        queue.add(`pv:${v.metadata?.name}`);
    ctx.clock.setTimer(PV_RESYNC_MS, resync, 'persistentvolume-binder resync');
  };
  ctx.clock.setTimer(PV_RESYNC_MS, resync, 'persistentvolume-binder resync');
  startLocalPathProvisioner(ctx);
}
