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
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  findNewReplicaSet,
  getProportion,
  isRollingUpdate,
  isSaturated,
  MAX_REPLICAS,
  maxRevision,
  maxSurge,
  maxUnavailable,
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
import { setControllerRef } from './pod-control.ts';
import { writeStatus } from './status-writer.ts';
import {
  clone,
  controllerRef,
  keyOf,
  newControllerRef,
  omitEmpty,
  parseTime,
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

  function sync(key: string): void {
    const cached = deployments.get(key);
    if (!cached) return;
    let d = cached;
    const everything = selectorIsEmpty(d.spec?.selector);
    if (everything) {
      recorder.event(d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
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
    if (isRollingUpdate(d)) rolloutRolling(d, rsList);
    else rolloutRecreate(d, rsList);
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
      const adopted = setControllerRef(client, rsPath(rs), rs, newControllerRef(d, 'apps/v1', 'Deployment'));
      if (adopted) out.push(adopted as ReplicaSet);
    }
    return out;
  }

  function checkPausedConditions(d: Deployment): Deployment {
    if (d.spec?.progressDeadlineSeconds === undefined) return d;
    const cond = d.status?.conditions?.find((c) => c.type === 'Progressing');
    let next: Condition | undefined;
    if (d.spec?.paused && cond?.reason !== 'DeploymentPaused')
      next = progressing('Unknown', 'DeploymentPaused', 'Deployment is paused');
    else if (!d.spec?.paused && cond?.reason === 'DeploymentPaused')
      next = progressing('Unknown', 'DeploymentResumed', 'Deployment is resumed');
    if (!next) return d;
    const conditions = setCondition(d.status?.conditions ?? [], next);
    return updateStatus(d, { ...(d.status ?? {}), conditions });
  }

  function progressing(status: string, reason: string, message: string): Condition {
    const t = stamp();
    return { type: 'Progressing', status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
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
          progressing('True', 'FoundNewReplicaSet', `Found new replica set "${rs.metadata?.name}"`),
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
    draft.metadata = { ...draft.metadata, annotations: newReplicaSetAnnotations(d, draft, newRevision, false) };
    const created = client.create<ReplicaSet>(apiPath('apps/v1', 'replicasets', d.metadata?.namespace), draft);
    if (!created.ok) {
      if (created.status.code === 409) {
        const taken = replicaSets.get(`${d.metadata?.namespace}/${name}`);
        const ours = taken && controllerRef(taken)?.uid === d.metadata?.uid;
        if (!ours || !taken || !findNewReplicaSet(d, [taken], sameTemplate)) {
          updateStatus(d, { ...(d.status ?? {}), collisionCount: (d.status?.collisionCount ?? 0) + 1 });
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
      recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${name} from 0 to ${size}`);
    d = setDeploymentRevision(d, newRevision);
    if (d.spec?.progressDeadlineSeconds !== undefined) {
      const conditions = setCondition(
        d.status?.conditions ?? [],
        progressing('True', 'NewReplicaSetCreated', `Created new replica set "${name}"`),
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
    if (d.spec?.paused) oldRSs = cleanup(d, oldRSs);
    const rss = newRS ? [newRS, ...oldRSs] : oldRSs;
    updateStatus(d, calculateStatus(d, rss, newRS));
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

  function rolloutRolling(d0: Deployment, rsList: ReplicaSet[]): void {
    const all = getAll(d0, rsList, true);
    const d = all.d;
    let { newRS, oldRSs } = all;
    if (!newRS) return;
    const desired = d.spec?.replicas ?? 1;
    // reconcileNewReplicaSet
    if (replicasOf(newRS) !== desired) {
      const target =
        replicasOf(newRS) > desired ? desired : newRSNewReplicas(d, [newRS, ...oldRSs], newRS);
      const scaled = scaleRS(d, newRS, target);
      if (replicasOf(scaled) !== replicasOf(newRS)) {
        newRS = scaled;
        return syncRolloutStatus(d, [newRS, ...oldRSs], newRS);
      }
      newRS = scaled;
    }
    // reconcileOldReplicaSets
    const oldCount = oldRSs.reduce((s, rs) => s + replicasOf(rs), 0);
    if (oldCount > 0) {
      const allCount = oldCount + replicasOf(newRS);
      const minAvailable = desired - maxUnavailable(d);
      const newUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
      const maxScaledDown = allCount - minAvailable - newUnavailable;
      if (maxScaledDown > 0) {
        let scaledDown = 0;
        // cleanupUnhealthyReplicas: unavailable old pods go first.
        const sorted = [...oldRSs].sort(byCreation);
        const next = new Map<ReplicaSet, ReplicaSet>();
        for (const rs of sorted) {
          if (scaledDown >= maxScaledDown) break;
          const unhealthy = replicasOf(rs) - (rs.status?.availableReplicas ?? 0);
          if (replicasOf(rs) === 0 || unhealthy <= 0) continue;
          const n = Math.min(maxScaledDown - scaledDown, unhealthy);
          next.set(rs, scaleRS(d, rs, replicasOf(rs) - n));
          scaledDown += n;
        }
        oldRSs = oldRSs.map((rs) => next.get(rs) ?? rs);
        // scaleDownOldReplicaSetsForRollingUpdate: then available ones, oldest first.
        const available =
          [newRS, ...oldRSs].reduce((s, rs) => s + (rs.status?.availableReplicas ?? 0), 0);
        let budget = available - minAvailable;
        if (budget > 0) {
          const next2 = new Map<ReplicaSet, ReplicaSet>();
          for (const rs of [...oldRSs].sort(byCreation)) {
            if (budget <= 0) break;
            if (replicasOf(rs) === 0) continue;
            const n = Math.min(replicasOf(rs), budget);
            next2.set(rs, scaleRS(d, rs, replicasOf(rs) - n));
            budget -= n;
            scaledDown += n;
          }
          oldRSs = oldRSs.map((rs) => next2.get(rs) ?? rs);
        }
        if (scaledDown > 0) return syncRolloutStatus(d, [newRS, ...oldRSs], newRS);
      }
    }
    if (deploymentComplete(d, d.status ?? {})) oldRSs = cleanup(d, oldRSs);
    syncRolloutStatus(d, [newRS, ...oldRSs], newRS);
  }

  function rolloutRecreate(d0: Deployment, rsList: ReplicaSet[]): void {
    let { newRS, oldRSs, d } = getAll(d0, rsList, false);
    const active = oldRSs.filter((rs) => replicasOf(rs) > 0);
    if (active.length > 0) {
      oldRSs = oldRSs.map((rs) => (replicasOf(rs) > 0 ? scaleRS(d, rs, 0) : rs));
      return syncRolloutStatus(d, newRS ? [newRS, ...oldRSs] : oldRSs, newRS);
    }
    // oldPodsRunning: wait until the old pods are gone (Failed/Succeeded ones do not count).
    const oldRunning = oldRSs.some(
      (rs) =>
        (rs.status?.replicas ?? 0) > 0 ||
        pods
          .ownedBy(rs.metadata?.uid ?? '')
          .some((p) => p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded'),
    );
    if (oldRunning) return syncRolloutStatus(d, newRS ? [newRS, ...oldRSs] : oldRSs, newRS);
    if (!newRS) {
      const all = getAll(d, rsList, true);
      newRS = all.newRS;
      d = all.d;
      if (!newRS) return;
    }
    newRS = scaleRS(d, newRS, d.spec?.replicas ?? 1);
    if (deploymentComplete(d, d.status ?? {})) oldRSs = cleanup(d, oldRSs);
    syncRolloutStatus(d, [newRS, ...oldRSs], newRS);
  }

  /** cleanupDeployment: delete the oldest idle ReplicaSets beyond revisionHistoryLimit. */
  function cleanup(d: Deployment, oldRSs: ReplicaSet[]): ReplicaSet[] {
    const limit = d.spec?.revisionHistoryLimit;
    if (limit === undefined || limit === null) return oldRSs;
    const cleanable = oldRSs.filter((rs) => !rs.metadata?.deletionTimestamp);
    const diff = cleanable.length - limit;
    if (diff <= 0) return oldRSs;
    const sorted = [...cleanable].sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
    const removed = new Set<ReplicaSet>();
    for (const rs of sorted.slice(0, diff)) {
      if ((rs.status?.replicas ?? 0) !== 0 || replicasOf(rs) !== 0) continue;
      if ((rs.metadata?.generation ?? 1) > (rs.status?.observedGeneration ?? 0)) continue;
      const res = client.delete(rsPath(rs), { preconditions: { uid: rs.metadata?.uid } });
      if (res.ok) removed.add(rs);
    }
    return oldRSs.filter((rs) => !removed.has(rs));
  }

  function calculateStatus(
    d: Deployment,
    rss: ReplicaSet[],
    newRS: ReplicaSet | undefined,
  ): DeploymentStatus {
    let replicas = 0;
    let ready = 0;
    let available = 0;
    let spec = 0;
    for (const rs of rss) {
      replicas += rs.status?.replicas ?? 0;
      ready += rs.status?.readyReplicas ?? 0;
      available += rs.status?.availableReplicas ?? 0;
      spec += replicasOf(rs);
    }
    const status: DeploymentStatus = {
      observedGeneration: d.metadata?.generation ?? 1,
      replicas,
      updatedReplicas: newRS?.status?.replicas ?? 0,
      readyReplicas: ready,
      availableReplicas: available,
      unavailableReplicas: Math.max(0, spec - available),
      ...(d.status?.collisionCount !== undefined ? { collisionCount: d.status.collisionCount } : {}),
      conditions: [...(d.status?.conditions ?? [])],
    };
    const t = stamp();
    const min = (d.spec?.replicas ?? 1) - maxUnavailable(d);
    status.conditions = setCondition(
      status.conditions ?? [],
      available >= min
        ? { type: 'Available', status: 'True', lastUpdateTime: t, lastTransitionTime: t, reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
        : { type: 'Available', status: 'False', lastUpdateTime: t, lastTransitionTime: t, reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' },
    );
    return status;
  }

  /** syncRolloutStatus: the status plus the Progressing condition and the deadline requeue. */
  function syncRolloutStatus(d: Deployment, rss: ReplicaSet[], newRS: ReplicaSet | undefined): void {
    const status = calculateStatus(d, rss, newRS);
    const hasDeadline = d.spec?.progressDeadlineSeconds !== undefined;
    let conditions = status.conditions ?? [];
    if (!hasDeadline) conditions = conditions.filter((c) => c.type !== 'Progressing');
    const current = conditions.find((c) => c.type === 'Progressing');
    const complete =
      status.replicas === status.updatedReplicas && current?.reason === 'NewReplicaSetAvailable';
    if (hasDeadline && !complete && newRS) {
      const name = newRS.metadata?.name;
      if (deploymentComplete(d, status)) {
        conditions = setCondition(conditions, progressing('True', 'NewReplicaSetAvailable', `ReplicaSet "${name}" has successfully progressed.`));
      } else if (deploymentProgressing(d, status)) {
        const cond = progressing('True', 'ReplicaSetUpdated', `ReplicaSet "${name}" is progressing.`);
        if (current?.status === 'True') cond.lastTransitionTime = current.lastTransitionTime;
        conditions = [...conditions.filter((c) => c.type !== 'Progressing'), cond];
      } else if (deploymentTimedOut(d, { ...status, conditions }, now())) {
        conditions = setCondition(conditions, progressing('False', 'ProgressDeadlineExceeded', `ReplicaSet "${name}" has timed out progressing.`));
      }
    }
    // ReplicaFailure mirrors the new ReplicaSet's (getReplicaFailures).
    const failure = newRS?.status?.conditions?.find((c) => c.type === 'ReplicaFailure');
    conditions = failure
      ? setCondition(conditions, { ...failure })
      : conditions.filter((c) => c.type !== 'ReplicaFailure');
    status.conditions = conditions;
    const written = updateStatus(d, status);
    // requeueStuckDeployment: look again when the deadline would pass.
    const cond = conditions.find((c) => c.type === 'Progressing');
    if (hasDeadline && cond && cond.reason !== 'NewReplicaSetAvailable' && cond.reason !== 'ProgressDeadlineExceeded' && !deploymentComplete(written, status)) {
      const from = parseTime(cond.lastUpdateTime) ?? now();
      const after = from + (d.spec?.progressDeadlineSeconds ?? 600) * 1000 - now();
      queue.addAfter(keyOf(d), after < 1000 ? 0 : after + 1000);
    }
  }

  function syncStatusOnly(d: Deployment, rsList: ReplicaSet[]): void {
    const { newRS, oldRSs } = getAll(d, rsList, false);
    updateStatus(d, calculateStatus(d, newRS ? [newRS, ...oldRSs] : oldRSs, newRS));
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
