/**
 * The Deployment controller (pkg/controller/deployment: deployment_controller.go, sync.go,
 * rolling.go, recreate.go, progress.go): one ReplicaSet per pod template named
 * `<deployment>-<pod-template-hash>`, rolled with RollingUpdate (maxSurge / maxUnavailable) or
 * Recreate, proportional scaling of a rollout in flight, revision annotations and history cleanup,
 * pause, and the Progressing / Available conditions with progressDeadlineSeconds.
 */
import { apiPath } from '../client.ts';
import { formatTimestamp } from '../clock.ts';
import type { ControllerContext } from './context.ts';
import {
  byCreation,
  DESIRED_REPLICAS,
  findNewReplicaSet,
  getProportion,
  isRollingUpdate,
  isSaturated,
  MAX_REPLICAS,
  maxRevision,
  maxSurge,
  newReplicaSetAnnotations,
  newRSNewReplicas,
  POD_TEMPLATE_HASH,
  replicasOf,
  REVISION,
  revisionOf,
  templateEqualityMemo,
  templateHash,
  type Deployment,
  type DeploymentStatus,
  type ReplicaSet,
} from './deployment-util.ts';
import {
  calculateStatus,
  progressingCondition,
  type DeploymentOps,
} from './deployment-progress.ts';
import { cleanupOldReplicaSets, rolloutRecreate, rolloutRolling } from './deployment-rollout.ts';
import { setControllerRef } from './pod-control.ts';
import { writeStatus } from './status-writer.ts';
import {
  clone,
  controllerRef,
  keyOf,
  newControllerRef,
  omitEmpty,
  selectorIsEmpty,
  selectorMatches,
  setCondition,
  type Condition,
  type Pod,
} from './util.ts';

const USER = 'deployment-controller';

/** Starts the Deployment controller. */
export function startDeploymentController(ctx: ControllerContext): void {
  const client = ctx.client(USER);
  const recorder = ctx.recorder(USER);
  const deployments = ctx.informers.for<Deployment>('apps/v1', 'deployments');
  const replicaSets = ctx.informers.for<ReplicaSet>('apps/v1', 'replicasets');
  const pods = ctx.informers.for<Pod>('v1', 'pods');
  const queue = ctx.queue(USER, sync);
  const now = () => ctx.clock.now();
  const stamp = () => formatTimestamp(now());
  const sameTemplate = templateEqualityMemo();

  const ownerOf = (rs: ReplicaSet): string | undefined => {
    const ref = controllerRef(rs);
    if (!ref || ref.kind !== 'Deployment') return undefined;
    const key = `${rs.metadata?.namespace}/${ref.name}`;
    return deployments.get(key)?.metadata?.uid === ref.uid ? key : undefined;
  };
  const enqueueFor = (rs: ReplicaSet) => {
    const key = ownerOf(rs);
    if (key) return queue.add(key);
    if (controllerRef(rs)) return;
    for (const d of deployments.inNamespace(rs.metadata?.namespace ?? ''))
      if (selectorMatches(d.spec?.selector, rs.metadata?.labels)) queue.add(keyOf(d));
  };
  deployments.on({
    add: (d) => queue.add(keyOf(d)),
    update: (_o, d) => queue.add(keyOf(d)),
    delete: (d) => queue.add(keyOf(d)),
  });
  replicaSets.on({
    add: enqueueFor,
    update: (old, rs) => {
      const oldKey = ownerOf(old);
      if (oldKey && oldKey !== ownerOf(rs)) queue.add(oldKey);
      enqueueFor(rs);
    },
    delete: enqueueFor,
  });
  // Recreate waits for old pods to be gone: a deleted pod can unblock it.
  pods.on({
    delete: (pod) => {
      const ref = controllerRef(pod);
      if (!ref || ref.kind !== 'ReplicaSet') return;
      const rs = replicaSets.get(`${pod.metadata?.namespace}/${ref.name}`);
      if (rs && !isRollingUpdate(deployments.get(ownerOf(rs) ?? '') ?? {})) enqueueFor(rs);
    },
  });

  const rsPath = (rs: ReplicaSet) =>
    apiPath('apps/v1', 'replicasets', rs.metadata?.namespace, rs.metadata?.name);
  const dPath = (d: Deployment) =>
    apiPath('apps/v1', 'deployments', d.metadata?.namespace, d.metadata?.name);

  const ops: DeploymentOps = {
    client,
    recorder,
    queue,
    pods,
    now,
    stamp,
    rsPath: (rs) => rsPath(rs),
    getAll: (d, rsList, create) => getAll(d, rsList, create),
    scaleRS: (d, rs, size, op) => scaleRS(d, rs, size, op),
    updateStatus: (d, status) => updateStatus(d, status),
  };

  function sync(key: string): void {
    const cached = deployments.get(key);
    if (!cached) return;
    let d = cached;
    const everything = selectorIsEmpty(d.spec?.selector);
    if (everything) {
      recorder.event(
        d,
        'Warning',
        'SelectingAll',
        'This deployment is selecting all pods. A non-empty selector is required.',
      );
      return;
    }
    const rsList = claimReplicaSets(d);
    if (d.metadata?.deletionTimestamp) {
      syncStatusOnly(d, rsList);
      return;
    }
    d = checkPausedConditions(d);
    if (d.spec?.paused) return scaleAndStatus(d, rsList);
    if (isScalingEvent(d, rsList)) return scaleAndStatus(d, rsList);
    if (isRollingUpdate(d)) rolloutRolling(ops, d, rsList);
    else rolloutRecreate(ops, d, rsList);
  }

  /** ClaimReplicaSets: ours that match, plus matching orphans (adopted); non-matching released. */
  function claimReplicaSets(d: Deployment): ReplicaSet[] {
    const uid = d.metadata?.uid ?? '';
    const out: ReplicaSet[] = [];
    for (const rs of replicaSets.ownedBy(uid)) {
      if (selectorMatches(d.spec?.selector, rs.metadata?.labels)) out.push(rs);
      else setControllerRef(client, rsPath(rs), rs, undefined, uid);
    }
    if (d.metadata?.deletionTimestamp) return out;
    for (const rs of replicaSets.orphansIn(d.metadata?.namespace ?? '')) {
      if (rs.metadata?.deletionTimestamp || !selectorMatches(d.spec?.selector, rs.metadata?.labels))
        continue;
      const adopted = setControllerRef(
        client,
        rsPath(rs),
        rs,
        newControllerRef(d, 'apps/v1', 'Deployment'),
      );
      if (adopted) out.push(adopted as ReplicaSet);
    }
    return out;
  }

  function checkPausedConditions(d: Deployment): Deployment {
    if (d.spec?.progressDeadlineSeconds === undefined) return d;
    const cond = d.status?.conditions?.find((c) => c.type === 'Progressing');
    let next: Condition | undefined;
    if (d.spec?.paused && cond?.reason !== 'DeploymentPaused')
      next = progressingCondition(stamp(), 'Unknown', 'DeploymentPaused', 'Deployment is paused');
    else if (!d.spec?.paused && cond?.reason === 'DeploymentPaused')
      next = progressingCondition(stamp(), 'Unknown', 'DeploymentResumed', 'Deployment is resumed');
    if (!next) return d;
    const conditions = setCondition(d.status?.conditions ?? [], next);
    return updateStatus(d, { ...(d.status ?? {}), conditions });
  }

  function isScalingEvent(d: Deployment, rsList: ReplicaSet[]): boolean {
    const { newRS, oldRSs } = getAll(d, rsList, false);
    for (const rs of [newRS, ...oldRSs]) {
      if (!rs || replicasOf(rs) === 0) continue;
      const desired = rs.metadata?.annotations?.[DESIRED_REPLICAS];
      if (desired === undefined) continue;
      if (Number(desired) !== (d.spec?.replicas ?? 1)) return true;
    }
    return false;
  }

  /**
   * getAllReplicaSetsAndSyncRevision: the new ReplicaSet (created when asked and missing) with its
   * revision bumped past the old ones, and the old ReplicaSets.
   */
  function getAll(
    d: Deployment,
    rsList: ReplicaSet[],
    create: boolean,
  ): { newRS: ReplicaSet | undefined; oldRSs: ReplicaSet[]; d: Deployment } {
    const existing = findNewReplicaSet(d, rsList, sameTemplate);
    const oldRSs = rsList.filter((rs) => rs !== existing);
    const newRevision = maxRevision(oldRSs) + 1;
    if (!create) return { newRS: existing, oldRSs, d };
    if (existing) {
      const annotations = newReplicaSetAnnotations(d, existing, newRevision, true);
      let rs = existing;
      const minReady = d.spec?.minReadySeconds ?? 0;
      if (
        JSON.stringify(annotations) !== JSON.stringify(existing.metadata?.annotations ?? {}) ||
        (existing.spec?.minReadySeconds ?? 0) !== minReady
      ) {
        const res = client.patch<ReplicaSet>(rsPath(existing), {
          metadata: { annotations },
          spec: { minReadySeconds: minReady },
        });
        if (res.ok) rs = res.value;
      }
      d = setDeploymentRevision(d, revisionOf(rs));
      const cond = d.status?.conditions?.find((c) => c.type === 'Progressing');
      if (d.spec?.progressDeadlineSeconds !== undefined && !cond) {
        const conditions = setCondition(
          d.status?.conditions ?? [],
          progressingCondition(
            stamp(),
            'True',
            'FoundNewReplicaSet',
            `Found new replica set "${rs.metadata?.name}"`,
          ),
        );
        d = updateStatus(d, { ...(d.status ?? {}), conditions });
      }
      return { newRS: rs, oldRSs, d };
    }
    // Create the new ReplicaSet, named after the template hash; a name taken by a different
    // template is a hash collision: bump status.collisionCount and retry on the next sync.
    const hash = templateHash(d);
    const template = clone(d.spec?.template ?? {});
    template.metadata = {
      ...template.metadata,
      labels: { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH]: hash },
    };
    const selector = clone(d.spec?.selector ?? {});
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH]: hash };
    const name = `${d.metadata?.name}-${hash}`;
    const draft: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name,
        namespace: d.metadata?.namespace,
        labels: { ...(template.metadata?.labels ?? {}) },
        ownerReferences: [newControllerRef(d, 'apps/v1', 'Deployment')],
      },
      spec: { replicas: 0, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template },
    };
    const size = newRSNewReplicas(d, [...oldRSs, draft], draft);
    draft.spec = { ...draft.spec, replicas: size };
    draft.metadata = {
      ...draft.metadata,
      annotations: newReplicaSetAnnotations(d, draft, newRevision, false),
    };
    const created = client.create<ReplicaSet>(
      apiPath('apps/v1', 'replicasets', d.metadata?.namespace),
      draft,
    );
    if (!created.ok) {
      if (created.status.code === 409) {
        const taken = replicaSets.get(`${d.metadata?.namespace}/${name}`);
        const ours = taken && controllerRef(taken)?.uid === d.metadata?.uid;
        if (!ours || !taken || !findNewReplicaSet(d, [taken], sameTemplate)) {
          updateStatus(d, {
            ...(d.status ?? {}),
            collisionCount: (d.status?.collisionCount ?? 0) + 1,
          });
        }
        queue.addRateLimited(keyOf(d));
        return { newRS: undefined, oldRSs, d };
      }
      const msg = `Failed to create new replica set "${name}": ${created.status.message ?? ''}`;
      recorder.event(d, 'Warning', 'ReplicaSetCreateError', msg);
      queue.addRateLimited(keyOf(d));
      return { newRS: undefined, oldRSs, d };
    }
    const rs = created.value;
    if (size > 0)
      recorder.event(
        d,
        'Normal',
        'ScalingReplicaSet',
        `Scaled up replica set ${name} from 0 to ${size}`,
      );
    d = setDeploymentRevision(d, newRevision);
    if (d.spec?.progressDeadlineSeconds !== undefined) {
      const conditions = setCondition(
        d.status?.conditions ?? [],
        progressingCondition(
          stamp(),
          'True',
          'NewReplicaSetCreated',
          `Created new replica set "${name}"`,
        ),
      );
      d = updateStatus(d, { ...(d.status ?? {}), conditions });
    }
    return { newRS: rs, oldRSs, d };
  }

  function setDeploymentRevision(d: Deployment, revision: number): Deployment {
    if (d.metadata?.annotations?.[REVISION] === String(revision)) return d;
    const res = client.patch<Deployment>(dPath(d), {
      metadata: { annotations: { [REVISION]: String(revision) } },
    });
    return res.ok ? res.value : d;
  }

  function scaleRS(d: Deployment, rs: ReplicaSet, size: number, op?: 'up' | 'down'): ReplicaSet {
    const desired = String(d.spec?.replicas ?? 1);
    const max = String((d.spec?.replicas ?? 1) + maxSurge(d));
    const ann = rs.metadata?.annotations ?? {};
    const sizeChanged = replicasOf(rs) !== size;
    if (!sizeChanged && ann[DESIRED_REPLICAS] === desired && ann[MAX_REPLICAS] === max) return rs;
    const res = client.patch<ReplicaSet>(rsPath(rs), {
      metadata: { annotations: { [DESIRED_REPLICAS]: desired, [MAX_REPLICAS]: max } },
      spec: { replicas: size },
    });
    if (!res.ok) {
      queue.addRateLimited(keyOf(d));
      return rs;
    }
    if (sizeChanged) {
      const verb = op ?? (replicasOf(rs) < size ? 'up' : 'down');
      recorder.event(
        d,
        'Normal',
        'ScalingReplicaSet',
        `Scaled ${verb} replica set ${rs.metadata?.name} from ${replicasOf(rs)} to ${size}`,
      );
    }
    return res.value;
  }

  /** sync(): proportional scaling on a scaling event or while paused, then the status. */
  function scaleAndStatus(d: Deployment, rsList: ReplicaSet[]): void {
    const all = getAll(d, rsList, false);
    d = all.d;
    let { newRS, oldRSs } = all;
    const scaled = scale(d, newRS, oldRSs);
    newRS = scaled.newRS;
    oldRSs = scaled.oldRSs;
    if (d.spec?.paused) oldRSs = cleanupOldReplicaSets(ops, d, oldRSs);
    const rss = newRS ? [newRS, ...oldRSs] : oldRSs;
    updateStatus(d, calculateStatus(ops, d, rss, newRS));
  }

  function scale(
    d: Deployment,
    newRS: ReplicaSet | undefined,
    oldRSs: ReplicaSet[],
  ): { newRS: ReplicaSet | undefined; oldRSs: ReplicaSet[] } {
    const desired = d.spec?.replicas ?? 1;
    const all = newRS ? [newRS, ...oldRSs] : oldRSs;
    const active = all.filter((rs) => replicasOf(rs) > 0);
    const replace = (old: ReplicaSet, next: ReplicaSet) => {
      if (old === newRS) newRS = next;
      oldRSs = oldRSs.map((rs) => (rs === old ? next : rs));
    };
    // FindActiveOrLatest: one active ReplicaSet (or none: the newest) takes the full count.
    if (active.length <= 1) {
      const target = active[0] ?? newRS ?? [...oldRSs].sort(byCreation).at(-1);
      if (target && replicasOf(target) !== desired) replace(target, scaleRS(d, target, desired));
      return { newRS, oldRSs };
    }
    if (isSaturated(d, newRS)) {
      for (const rs of oldRSs.filter((r) => replicasOf(r) > 0)) replace(rs, scaleRS(d, rs, 0));
      return { newRS, oldRSs };
    }
    if (!isRollingUpdate(d)) return { newRS, oldRSs };
    const total = active.reduce((s, rs) => s + replicasOf(rs), 0);
    const allowed = desired > 0 ? desired + maxSurge(d) : 0;
    const toAdd = allowed - total;
    // Larger first; on ties newer first when scaling up, older first when scaling down.
    const sorted = [...active].sort((a, b) => {
      if (replicasOf(a) !== replicasOf(b)) return replicasOf(b) - replicasOf(a);
      return toAdd > 0 ? byCreation(b, a) : byCreation(a, b);
    });
    const sizes = new Map<ReplicaSet, number>();
    let added = 0;
    for (const rs of sorted) {
      const p = toAdd !== 0 ? getProportion(rs, d, toAdd, added) : 0;
      sizes.set(rs, replicasOf(rs) + p);
      added += p;
    }
    sorted.forEach((rs, i) => {
      let size = sizes.get(rs) ?? replicasOf(rs);
      if (i === 0 && toAdd !== 0) size = Math.max(0, size + toAdd - added);
      replace(rs, scaleRS(d, rs, size, toAdd > 0 ? 'up' : toAdd < 0 ? 'down' : undefined));
    });
    return { newRS, oldRSs };
  }

  function syncStatusOnly(d: Deployment, rsList: ReplicaSet[]): void {
    const { newRS, oldRSs } = getAll(d, rsList, false);
    updateStatus(d, calculateStatus(ops, d, newRS ? [newRS, ...oldRSs] : oldRSs, newRS));
  }

  /** Writes the status when it changed (timestamps of unchanged conditions kept); returns the result. */
  function updateStatus(d: Deployment, status: DeploymentStatus): Deployment {
    const conditions = status.conditions ?? [];
    const full = omitEmpty({ ...status, conditions: conditions.length ? conditions : undefined });
    const res = writeStatus<Deployment>(client, dPath(d), d, full);
    if (!res) return d;
    if (!res.ok) {
      if (res.status.code !== 404) queue.addRateLimited(keyOf(d));
      return d;
    }
    return res.value;
  }
}
