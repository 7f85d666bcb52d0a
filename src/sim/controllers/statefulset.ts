/**
 * The StatefulSet controller (pkg/controller/statefulset: stateful_set_control.go,
 * stateful_set_utils.go): pods `<set>-<ordinal>` with stable hostname/subdomain and the labels
 * `statefulset.kubernetes.io/pod-name`, `apps.kubernetes.io/pod-index` and
 * `controller-revision-hash`; PVCs `<claim>-<set>-<ordinal>` created before their pod and kept
 * after scale-down unless persistentVolumeClaimRetentionPolicy says Delete; OrderedReady (one pod
 * at a time, in order, each Running and Ready before the next; scale down from the highest ordinal)
 * or Parallel; RollingUpdate from the highest ordinal down to `partition`, or OnDelete.
 */
import type { KubeObject } from '../api/types.ts';
import { apiPath } from '../client.ts';
import type { ControllerContext } from './context.ts';
import {
  CONTROLLER_REVISION_HASH,
  syncRevision,
  templateOfRevision,
  truncateHistory,
  type ControllerRevision,
} from './controller-revision.ts';
import { podFromTemplate, type PodTemplate } from './pod-control.ts';
import { writeStatus } from './status-writer.ts';
import {
  availableAt,
  clone,
  controllerRef,
  isPodAvailable,
  isPodReady,
  keyOf,
  newControllerRef,
  omitEmpty,
  type LabelSelectorSpec,
  type Pod,
} from './util.ts';

const USER = 'statefulset-controller';
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

interface ClaimTemplate extends KubeObject {
  spec?: Record<string, unknown>;
}

export interface StatefulSet extends KubeObject {
  spec?: {
    replicas?: number;
    selector?: LabelSelectorSpec;
    template?: PodTemplate;
    serviceName?: string;
    podManagementPolicy?: string;
    updateStrategy?: { type?: string; rollingUpdate?: { partition?: number } };
    volumeClaimTemplates?: ClaimTemplate[];
    persistentVolumeClaimRetentionPolicy?: { whenDeleted?: string; whenScaled?: string };
    revisionHistoryLimit?: number;
    minReadySeconds?: number;
    ordinals?: { start?: number };
  };
  status?: Record<string, unknown> & { collisionCount?: number; currentRevision?: string };
}

/** The ordinal of `<set>-<n>`, or -1. */
export function ordinalOf(setName: string, podName: string): number {
  if (!podName.startsWith(`${setName}-`)) return -1;
  const rest = podName.slice(setName.length + 1);
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : -1;
}

/** Starts the StatefulSet controller. */
export function startStatefulSetController(ctx: ControllerContext): void {
  const client = ctx.client(USER);
  const recorder = ctx.recorder(USER);
  const sets = ctx.informers.for<StatefulSet>('apps/v1', 'statefulsets');
  const pods = ctx.informers.for<Pod>('v1', 'pods');
  const claims = ctx.informers.for<KubeObject>('v1', 'persistentvolumeclaims');
  const revisions = ctx.informers.for<ControllerRevision>('apps/v1', 'controllerrevisions');
  const queue = ctx.queue(USER, sync);

  const ownerKey = (obj: KubeObject): string | undefined => {
    const ref = controllerRef(obj);
    if (!ref || ref.kind !== 'StatefulSet') return undefined;
    return `${obj.metadata?.namespace}/${ref.name}`;
  };
  const enqueueOwner = (obj: KubeObject) => {
    const key = ownerKey(obj);
    if (key) queue.add(key);
  };
  sets.on({ add: (s) => queue.add(keyOf(s)), update: (_o, s) => queue.add(keyOf(s)) });
  pods.on({ add: enqueueOwner, update: (_o, p) => enqueueOwner(p), delete: enqueueOwner });

  function sync(key: string): void {
    const set = sets.get(key);
    if (!set || set.metadata?.deletionTimestamp) return;
    const spec = set.spec ?? {};
    const name = set.metadata?.name ?? '';
    const uid = set.metadata?.uid ?? '';
    const owner = { obj: set, apiVersion: 'apps/v1', kind: 'StatefulSet' };
    const { update, all } = syncRevision(client, revisions, owner);
    if (!update) return queue.addRateLimited(key);
    const current = all.find((r) => r.metadata?.name === set.status?.currentRevision) ?? update;
    const start = spec.ordinals?.start ?? 0;
    const replicas = spec.replicas ?? 1;
    const monotonic = (spec.podManagementPolicy ?? 'OrderedReady') === 'OrderedReady';
    const rolling = (spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
    const partition = spec.updateStrategy?.rollingUpdate?.partition ?? 0;
    const minReady = spec.minReadySeconds ?? 0;
    const now = ctx.clock.now();
    const healthy = (p: Pod) =>
      p.status?.phase === 'Running' &&
      isPodReady(p) &&
      (minReady <= 0 || isPodAvailable(p, minReady, now));

    // Split owned pods into the valid range and the condemned (out of range).
    const byOrdinal = new Map<number, Pod>();
    const condemned: Pod[] = [];
    for (const p of pods.ownedBy(uid)) {
      const ord = ordinalOf(name, p.metadata?.name ?? '');
      if (ord >= start && ord < start + replicas) byOrdinal.set(ord, p);
      else condemned.push(p);
    }
    condemned.sort(
      (a, b) => ordinalOf(name, b.metadata?.name ?? '') - ordinalOf(name, a.metadata?.name ?? ''),
    );
    const revisionOf = (p: Pod) => p.metadata?.labels?.[CONTROLLER_REVISION_HASH];
    let blocked = false;
    let nextCheck = Infinity;

    for (let ord = start; ord < start + replicas && !blocked; ord++) {
      const pod = byOrdinal.get(ord);
      if (
        pod &&
        (pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded') &&
        !pod.metadata?.deletionTimestamp
      ) {
        // A failed pod is deleted and recreated (stateful_set_control.go "recreating failed pod").
        recorder.event(
          set,
          'Warning',
          'RecreatingFailedPod',
          `StatefulSet ${set.metadata?.namespace}/${name} is recreating failed Pod ${pod.metadata?.name}`,
        );
        deletePod(set, pod);
        byOrdinal.delete(ord);
        if (monotonic) blocked = true;
        continue;
      }
      if (!pod) {
        const useCurrent = rolling && ord < partition;
        const rev = useCurrent ? current : update;
        createPod(set, ord, templateOfRevision(rev), rev.metadata?.name ?? '');
        if (monotonic) blocked = true;
        continue;
      }
      if (pod.metadata?.deletionTimestamp) {
        if (monotonic) blocked = true;
        continue;
      }
      if (!healthy(pod)) {
        const at = availableAt(pod, minReady);
        if (at !== undefined) nextCheck = Math.min(nextCheck, at);
        if (monotonic) blocked = true;
      }
    }
    // Scale down: highest ordinal first; OrderedReady one at a time, only when the rest is healthy.
    if (!blocked) {
      for (const pod of condemned) {
        if (pod.metadata?.deletionTimestamp) {
          if (monotonic) break;
          continue;
        }
        deletePod(set, pod);
        if (monotonic) break;
      }
    }
    // RollingUpdate: when everything is up, replace from the highest ordinal down to `partition`.
    const allUp =
      !blocked &&
      condemned.length === 0 &&
      [...byOrdinal.values()].every((p) => !p.metadata?.deletionTimestamp && healthy(p)) &&
      byOrdinal.size === replicas;
    if (rolling && allUp) {
      for (let ord = start + replicas - 1; ord >= start + partition; ord--) {
        const pod = byOrdinal.get(ord);
        if (!pod || revisionOf(pod) === update.metadata?.name) continue;
        deletePod(set, pod);
        break;
      }
    }
    updateStatus(set, update, current, all);
    if (nextCheck !== Infinity) queue.addAfter(key, Math.max(1, nextCheck - now));
  }

  function createPod(set: StatefulSet, ord: number, template: PodTemplate, revision: string): void {
    const name = `${set.metadata?.name}-${ord}`;
    const ns = set.metadata?.namespace ?? 'default';
    const pod = podFromTemplate(template, ns, newControllerRef(set, 'apps/v1', 'StatefulSet'), {
      name,
    });
    pod.metadata = {
      ...pod.metadata,
      labels: {
        ...(pod.metadata?.labels ?? {}),
        [POD_NAME_LABEL]: name,
        [POD_INDEX_LABEL]: String(ord),
        [CONTROLLER_REVISION_HASH]: revision,
      },
    };
    const spec = (pod.spec ??= {});
    spec.hostname = name;
    if (set.spec?.serviceName) spec.subdomain = set.spec.serviceName;
    const volumes = ((spec.volumes as { name: string }[] | undefined) ?? []).slice();
    for (const t of set.spec?.volumeClaimTemplates ?? []) {
      const claimName = `${t.metadata?.name}-${name}`;
      if (!ensureClaim(set, t, claimName, ord)) return;
      const v = { name: t.metadata?.name ?? '', persistentVolumeClaim: { claimName } };
      const i = volumes.findIndex((x) => x.name === v.name);
      if (i >= 0) volumes[i] = v;
      else volumes.push(v);
    }
    if (volumes.length) spec.volumes = volumes;
    const res = client.create<Pod>(apiPath('v1', 'pods', ns), pod);
    if (res.ok) {
      recorder.event(
        set,
        'Normal',
        'SuccessfulCreate',
        `create Pod ${name} in StatefulSet ${set.metadata?.name} successful`,
      );
    } else if (res.status.code !== 409) {
      recorder.event(
        set,
        'Warning',
        'FailedCreate',
        `create Pod ${name} in StatefulSet ${set.metadata?.name} failed error: ${res.status.message ?? ''}`,
      );
      queue.addRateLimited(keyOf(set));
    }
  }

  /** createPersistentVolumeClaims: the claim exists, or is created now with the retention owners. */
  function ensureClaim(
    set: StatefulSet,
    t: ClaimTemplate,
    claimName: string,
    ord: number,
  ): boolean {
    const ns = set.metadata?.namespace ?? 'default';
    if (claims.get(`${ns}/${claimName}`)) return true;
    const policy = set.spec?.persistentVolumeClaimRetentionPolicy ?? {};
    const claim: KubeObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: claimName,
        namespace: ns,
        labels: { ...(t.metadata?.labels ?? {}), ...(set.spec?.selector?.matchLabels ?? {}) },
        ...(t.metadata?.annotations ? { annotations: { ...t.metadata.annotations } } : {}),
        ...(policy.whenDeleted === 'Delete'
          ? {
              ownerReferences: [
                { ...newControllerRef(set, 'apps/v1', 'StatefulSet'), controller: false },
              ],
            }
          : {}),
      },
      spec: clone(t.spec ?? {}),
    };
    const res = client.create(apiPath('v1', 'persistentvolumeclaims', ns), claim);
    const podName = `${set.metadata?.name}-${ord}`;
    if (res.ok || res.status.code === 409) {
      if (res.ok)
        recorder.event(
          set,
          'Normal',
          'SuccessfulCreate',
          `create Claim ${claimName} Pod ${podName} in StatefulSet ${set.metadata?.name} success`,
        );
      return true;
    }
    recorder.event(
      set,
      'Warning',
      'FailedCreate',
      `create Claim ${claimName} for Pod ${podName} in StatefulSet ${set.metadata?.name} failed error: ${res.status.message ?? ''}`,
    );
    queue.addRateLimited(keyOf(set));
    return false;
  }

  function deletePod(set: StatefulSet, pod: Pod): void {
    const meta = pod.metadata ?? {};
    const res = client.delete(apiPath('v1', 'pods', meta.namespace, meta.name), {
      preconditions: { uid: meta.uid },
    });
    if (res.ok) {
      recorder.event(
        set,
        'Normal',
        'SuccessfulDelete',
        `delete Pod ${meta.name} in StatefulSet ${set.metadata?.name} successful`,
      );
      // WhenScaled: Delete removes the claims of a pod removed by a scale-down.
      const ord = ordinalOf(set.metadata?.name ?? '', meta.name ?? '');
      if (
        set.spec?.persistentVolumeClaimRetentionPolicy?.whenScaled === 'Delete' &&
        ord >= (set.spec?.replicas ?? 1) + (set.spec?.ordinals?.start ?? 0)
      ) {
        for (const t of set.spec?.volumeClaimTemplates ?? [])
          client.delete(
            apiPath(
              'v1',
              'persistentvolumeclaims',
              meta.namespace,
              `${t.metadata?.name}-${meta.name}`,
            ),
          );
      }
    }
  }

  function updateStatus(
    set: StatefulSet,
    update: ControllerRevision,
    current: ControllerRevision,
    all: ControllerRevision[],
  ): void {
    const now = ctx.clock.now();
    const minReady = set.spec?.minReadySeconds ?? 0;
    let replicas = 0;
    let ready = 0;
    let available = 0;
    let currentReplicas = 0;
    let updated = 0;
    const live = new Set<string>([update.metadata?.name ?? '', current.metadata?.name ?? '']);
    for (const p of pods.ownedBy(set.metadata?.uid ?? '')) {
      replicas++;
      const rev = p.metadata?.labels?.[CONTROLLER_REVISION_HASH] ?? '';
      live.add(rev);
      if (p.status?.phase === 'Running' && isPodReady(p)) {
        ready++;
        if (isPodAvailable(p, minReady, now)) available++;
      }
      if (p.metadata?.deletionTimestamp) continue;
      if (rev === current.metadata?.name) currentReplicas++;
      if (rev === update.metadata?.name) updated++;
    }
    let currentRevision = current.metadata?.name;
    // completeRollingUpdate: once every replica runs the update revision, it becomes current.
    const rolling = (set.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
    if (
      rolling &&
      updated === replicas &&
      ready === replicas &&
      replicas === (set.spec?.replicas ?? 1)
    ) {
      currentRevision = update.metadata?.name;
      currentReplicas = updated;
    }
    const status = {
      observedGeneration: set.metadata?.generation ?? 1,
      replicas,
      ...omitEmpty({ readyReplicas: ready, currentReplicas, updatedReplicas: updated }),
      currentRevision,
      updateRevision: update.metadata?.name,
      ...(set.status?.collisionCount !== undefined
        ? { collisionCount: set.status.collisionCount }
        : { collisionCount: 0 }),
      availableReplicas: available,
    };
    const path = apiPath('apps/v1', 'statefulsets', set.metadata?.namespace, set.metadata?.name);
    const res = writeStatus(client, path, set, status);
    if (res && !res.ok && res.status.code !== 404) queue.addRateLimited(keyOf(set));
    truncateHistory(client, all, live, set.spec?.revisionHistoryLimit ?? 10);
  }
}
