/**
 * The Job controller (pkg/controller/job/job_controller.go, 1.32): run pods until `completions`
 * succeed with at most `parallelism` active; retry failed pods with back-off (10 s doubling, capped
 * at 10 min) until `backoffLimit` (default 6) failures, counting container restarts when
 * restartPolicy is OnFailure; fail after `activeDeadlineSeconds`; Indexed completion mode with
 * `completedIndexes`; suspend. Since 1.31 the terminal condition is preceded by an interim one
 * (SuccessCriteriaMet before Complete, FailureTarget before Failed) and only added once no pod is
 * still running.
 */
import { apiPath } from '../client.ts';
import { formatTimestamp } from '../clock.ts';
import type { KubeObject } from '../api/types.ts';
import type { ControllerContext } from './context.ts';
import { Expectations } from './expectations.ts';
import { matchPodFailurePolicy, type PodFailurePolicyRule } from './pod-failure-policy.ts';
import { COMPLETION_INDEX, completionIndex, formatIndexes, parseIndexes } from './indexed-job.ts';
import {
  createPod,
  deletePod,
  podFromTemplate,
  slowStartBatch,
  SLOW_START_INITIAL_BATCH,
  type PodTemplate,
} from './pod-control.ts';
import { writeStatus } from './status-writer.ts';
import {
  controllerRef,
  isPodReady,
  keyOf,
  newControllerRef,
  parseTime,
  type Condition,
  type LabelSelectorSpec,
  type Pod,
} from './util.ts';

const USER = 'job-controller';
/** DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff. */
export const POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_POD_FAILURE_BACKOFF_MS = 10 * 60_000;
/** MaxPodCreateDeletePerSync. */
const MAX_POD_CREATE_DELETE_PER_SYNC = 500;

export interface Job extends KubeObject {
  spec?: {
    parallelism?: number;
    completions?: number | null;
    backoffLimit?: number;
    activeDeadlineSeconds?: number;
    ttlSecondsAfterFinished?: number;
    completionMode?: string;
    suspend?: boolean;
    selector?: LabelSelectorSpec;
    template?: PodTemplate;
    podFailurePolicy?: { rules?: PodFailurePolicyRule[] };
  };
  status?: {
    startTime?: string;
    completionTime?: string;
    active?: number;
    succeeded?: number;
    failed?: number;
    ready?: number;
    terminating?: number;
    completedIndexes?: string;
    conditions?: Condition[];
    [k: string]: unknown;
  };
}

/** Back-off before the next pod after `failures` consecutive failures (getRemainingTime). */
export function podFailureBackoff(failures: number): number {
  if (failures <= 0) return 0;
  let d = POD_FAILURE_BACKOFF_MS;
  for (let i = 1; i < failures && d < MAX_POD_FAILURE_BACKOFF_MS; i++) d *= 2;
  return Math.min(d, MAX_POD_FAILURE_BACKOFF_MS);
}

/** Whether a Job has finished (Complete or Failed True). */
export function jobFinished(job: Job): { type: 'Complete' | 'Failed'; at?: string } | undefined {
  for (const c of job.status?.conditions ?? [])
    if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')
      return { type: c.type, at: c.lastTransitionTime };
  return undefined;
}

interface Tracking {
  counted: Set<string>;
  failuresAfterSuccess: number;
  lastFailure: number;
}

/** Starts the Job controller. */
export function startJobController(ctx: ControllerContext): void {
  const client = ctx.client(USER);
  const recorder = ctx.recorder(USER);
  const jobs = ctx.informers.for<Job>('batch/v1', 'jobs');
  const pods = ctx.informers.for<Pod>('v1', 'pods');
  const expectations = new Expectations(ctx.clock);
  const tracking = new Map<string, Tracking>();
  // The Job controller's own rate limiter (DefaultJobApiBackOff 1 s .. MaxJobApiBackOff 1 min),
  // so a pod that cannot be created is retried at 1, 2, 4 ... s, not every few milliseconds.
  const queue = ctx.queue(USER, sync, { baseMs: 1_000, maxMs: 60_000 });

  const ownerKey = (pod: Pod): string | undefined => {
    const ref = controllerRef(pod);
    if (!ref || ref.kind !== 'Job') return undefined;
    const key = `${pod.metadata?.namespace}/${ref.name}`;
    return jobs.get(key)?.metadata?.uid === ref.uid ? key : undefined;
  };
  jobs.on({
    add: (j) => queue.add(keyOf(j)),
    update: (_o, j) => queue.add(keyOf(j)),
    delete: (j) => {
      expectations.delete(keyOf(j));
      tracking.delete(j.metadata?.uid ?? '');
    },
  });
  pods.on(expectations.podHandlers(ownerKey, (key) => queue.add(key)));

  function sync(key: string): void {
    const job = jobs.get(key);
    if (!job || job.metadata?.deletionTimestamp || jobFinished(job)) return;
    const uid = job.metadata?.uid ?? '';
    const spec = job.spec ?? {};
    const now = ctx.clock.now();
    const stamp = formatTimestamp(now);
    const indexed = spec.completionMode === 'Indexed';
    const completions = spec.completions ?? undefined;
    const backoffLimit = spec.backoffLimit ?? 6;
    let t = tracking.get(uid);
    if (!t) {
      t = { counted: new Set(), failuresAfterSuccess: 0, lastFailure: 0 };
      tracking.set(uid, t);
    }
    const owned = pods.ownedBy(uid);
    const status = { ...(job.status ?? {}) };
    let succeeded = status.succeeded ?? 0;
    let failed = status.failed ?? 0;
    const completed = parseIndexes(status.completedIndexes, completions ?? 0);
    const active: Pod[] = [];
    let terminating = 0;
    let policyFailure: { reason: string; message: string } | undefined;
    for (const p of owned) {
      const phase = p.status?.phase;
      const puid = p.metadata?.uid ?? '';
      if (phase === 'Succeeded' || phase === 'Failed') {
        if (!t.counted.has(puid)) {
          t.counted.add(puid);
          if (phase === 'Succeeded') {
            const idx = completionIndex(p);
            if (!indexed) succeeded++;
            else if (idx !== undefined && !completed.has(idx)) {
              completed.add(idx);
              succeeded++;
            }
            t.failuresAfterSuccess = 0;
          } else {
            const rule = matchPodFailurePolicy(spec.podFailurePolicy?.rules, p);
            if (rule?.action === 'FailJob')
              policyFailure ??= { reason: 'PodFailurePolicy', message: rule.message };
            if (rule?.action !== 'Ignore') {
              failed++;
              t.failuresAfterSuccess++;
              t.lastFailure = now;
            }
          }
        }
      } else if (p.metadata?.deletionTimestamp) terminating++;
      else active.push(p);
    }
    if (!status.startTime && !spec.suspend) status.startTime = stamp;
    let conditions = [...(status.conditions ?? [])];
    const cond = (type: string, reason: string, message: string): Condition => ({
      type,
      status: 'True',
      lastProbeTime: stamp,
      lastTransitionTime: stamp,
      reason,
      message,
    });
    const has = (type: string) => conditions.some((c) => c.type === type && c.status === 'True');

    // Failure: too many failures, restarts (OnFailure), or past the active deadline.
    let failure: { reason: string; message: string } | undefined = policyFailure;
    const restarts =
      spec.template?.spec?.restartPolicy === 'OnFailure'
        ? active.reduce(
            (s, p) =>
              s +
              (p.status?.containerStatuses ?? []).reduce((a, c) => a + (c.restartCount ?? 0), 0),
            0,
          )
        : 0;
    // pastBackoffLimitOnFailure: restarts of running pods count against backoffLimit.
    const pastOnFailure = backoffLimit === 0 ? restarts > 0 : restarts >= backoffLimit;
    if (
      !failure &&
      (failed > backoffLimit ||
        (spec.template?.spec?.restartPolicy === 'OnFailure' && pastOnFailure))
    )
      failure = {
        reason: 'BackoffLimitExceeded',
        message: 'Job has reached the specified backoff limit',
      };
    const deadline = spec.activeDeadlineSeconds;
    const started = parseTime(status.startTime);
    if (!failure && deadline !== undefined && started !== undefined && !spec.suspend) {
      if (now >= started + deadline * 1000)
        failure = {
          reason: 'DeadlineExceeded',
          message: 'Job was active longer than specified deadline',
        };
      else queue.addAfter(key, started + deadline * 1000 - now);
    }
    const done =
      completions !== undefined ? succeeded >= completions : succeeded > 0 && active.length === 0;
    if (failure || has('FailureTarget')) {
      const prior = conditions.find((c) => c.type === 'FailureTarget');
      const f = failure ?? {
        reason: prior?.reason ?? 'BackoffLimitExceeded',
        message: prior?.message ?? '',
      };
      if (!has('FailureTarget')) {
        conditions.push(cond('FailureTarget', f.reason, f.message));
        recorder.event(job, 'Warning', f.reason, f.message);
      }
      for (const p of active) deletePod(client, recorder, job, p);
      if (active.length === 0 && terminating === 0)
        conditions.push(cond('Failed', f.reason, f.message));
    } else if (done || has('SuccessCriteriaMet')) {
      if (!has('SuccessCriteriaMet'))
        conditions.push(
          cond(
            'SuccessCriteriaMet',
            'CompletionsReached',
            'Reached expected number of succeeded pods',
          ),
        );
      for (const p of active) deletePod(client, recorder, job, p);
      if (active.length === 0 && terminating === 0) {
        conditions.push(
          cond('Complete', 'CompletionsReached', 'Reached expected number of succeeded pods'),
        );
        status.completionTime = stamp;
        recorder.event(job, 'Normal', 'Completed', 'Job completed');
      }
    } else if (spec.suspend) {
      for (const p of active) deletePod(client, recorder, job, p);
      if (!has('Suspended')) {
        conditions = [
          ...conditions.filter((c) => c.type !== 'Suspended'),
          cond('Suspended', 'JobSuspended', 'Job suspended'),
        ];
        recorder.event(job, 'Normal', 'Suspended', 'Job suspended');
      }
    } else {
      if (has('Suspended')) {
        conditions = [
          ...conditions.filter((c) => c.type !== 'Suspended'),
          { ...cond('Suspended', 'JobResumed', 'Job resumed'), status: 'False' },
        ];
        recorder.event(job, 'Normal', 'Resumed', 'Job resumed');
        status.startTime = stamp;
      }
      if (expectations.satisfied(key)) manage(job, key, active, succeeded, completed, t, now);
    }
    const next: Record<string, unknown> = {
      ...status,
      active: active.length || undefined,
      succeeded: succeeded || undefined,
      failed: failed || undefined,
      ready: active.filter(isPodReady).length,
      terminating,
      uncountedTerminatedPods: {},
      ...(indexed ? { completedIndexes: formatIndexes(completed) } : {}),
      conditions: conditions.length ? conditions : undefined,
    };
    const res = writeStatus(
      client,
      apiPath('batch/v1', 'jobs', job.metadata?.namespace, job.metadata?.name),
      job,
      next,
    );
    if (res && !res.ok && res.status.code !== 404) queue.addRateLimited(key);
  }

  function manage(
    job: Job,
    key: string,
    active: Pod[],
    succeeded: number,
    completed: Set<number>,
    t: Tracking,
    now: number,
  ): void {
    const spec = job.spec ?? {};
    const parallelism = spec.parallelism ?? 1;
    const completions = spec.completions ?? undefined;
    const indexed = spec.completionMode === 'Indexed';
    let want = parallelism;
    if (completions !== undefined)
      want = Math.min(parallelism, Math.max(0, completions - succeeded));
    else if (succeeded > 0) want = Math.min(want, active.length);
    if (active.length > want) {
      // Too many: delete the extra, least advanced first.
      const extra = [...active]
        .sort((a, b) => Number(isPodReady(a)) - Number(isPodReady(b)))
        .slice(0, active.length - want);
      expectations.expect(key, 0, extra.map(keyOf));
      for (const p of extra)
        if (!deletePod(client, recorder, job, p)) expectations.deletionObserved(key, keyOf(p));
      return;
    }
    let diff = Math.min(want - active.length, MAX_POD_CREATE_DELETE_PER_SYNC);
    if (diff <= 0) return;
    const wait = t.lastFailure + podFailureBackoff(t.failuresAfterSuccess) - now;
    if (t.failuresAfterSuccess > 0 && wait > 0) {
      queue.addAfter(key, wait);
      return;
    }
    const indexes: number[] = [];
    if (indexed) {
      const busy = new Set(active.map(completionIndex));
      for (let i = 0; i < (completions ?? 0) && indexes.length < diff; i++)
        if (!completed.has(i) && !busy.has(i)) indexes.push(i);
      diff = indexes.length;
    }
    expectations.expect(key, diff);
    const ns = job.metadata?.namespace ?? 'default';
    const ref = newControllerRef(job, 'batch/v1', 'Job');
    let n = 0;
    const made = slowStartBatch(diff, SLOW_START_INITIAL_BATCH, () => {
      const index = indexes[n++];
      const pod = podFromTemplate(spec.template ?? {}, ns, ref, {
        generateName: indexed ? `${job.metadata?.name}-${index}-` : `${job.metadata?.name}-`,
      });
      // The labels the apiserver's Job strategy puts on the template (generateSelector), in case
      // the Job was created without them.
      const uid = job.metadata?.uid ?? '';
      const name = job.metadata?.name ?? '';
      pod.metadata = {
        ...pod.metadata,
        labels: {
          'batch.kubernetes.io/controller-uid': uid,
          'batch.kubernetes.io/job-name': name,
          'controller-uid': uid,
          'job-name': name,
          ...(pod.metadata?.labels ?? {}),
          ...(indexed ? { [COMPLETION_INDEX]: String(index) } : {}),
        },
      };
      if (indexed) {
        pod.metadata.annotations = {
          ...(pod.metadata.annotations ?? {}),
          [COMPLETION_INDEX]: String(index),
        };
        const podSpec = (pod.spec ??= {});
        podSpec.hostname = `${name}-${index}`;
        const containers = (podSpec.containers as { env?: unknown[] }[] | undefined) ?? [];
        for (const c of containers) {
          c.env = [
            ...(c.env ?? []),
            {
              name: 'JOB_COMPLETION_INDEX',
              valueFrom: { fieldRef: { fieldPath: `metadata.labels['${COMPLETION_INDEX}']` } },
            },
          ];
        }
      }
      const res = createPod(client, recorder, job, pod);
      if (!res.ok) expectations.creationObserved(key);
      return res.ok;
    });
    for (let i = made; i < diff; i++) expectations.creationObserved(key);
    if (made < diff) queue.addRateLimited(key);
  }
}
