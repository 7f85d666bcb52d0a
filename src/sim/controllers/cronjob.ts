/**
 * The CronJob controller (pkg/controller/cronjob/cronjob_controllerv2.go, utils.go): at each
 * activation of `spec.schedule` (in `spec.timeZone`) create a Job `<cronjob>-<minutes since epoch>`
 * from the jobTemplate, honouring suspend, startingDeadlineSeconds and concurrencyPolicy
 * (Allow / Forbid / Replace); track active Jobs, lastScheduleTime and lastSuccessfulTime; keep
 * successfulJobsHistoryLimit (3) and failedJobsHistoryLimit (1) finished Jobs. Everything runs on
 * the virtual clock: the next sync is queued for the next activation.
 */
import type { KubeObject } from '../api/types.ts';
import { apiPath } from '../client.ts';
import { formatTimestamp } from '../clock.ts';
import type { ControllerContext } from './context.ts';
import { mostRecentScheduleTime, parseSchedule } from './cron-schedule.ts';
import { byCreation } from './deployment-util.ts';
import { jobFinished, type Job } from './job.ts';
import { writeStatus } from './status-writer.ts';
import { clone, controllerRef, keyOf, newControllerRef, parseTime } from './util.ts';

const USER = 'cronjob-controller';
/** nextScheduleDelta padding (100 ms) so the sync lands after the activation. */
const NEXT_SCHEDULE_PADDING_MS = 100;
export const SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

export interface CronJob extends KubeObject {
  spec?: {
    schedule?: string;
    timeZone?: string;
    startingDeadlineSeconds?: number;
    concurrencyPolicy?: string;
    suspend?: boolean;
    successfulJobsHistoryLimit?: number;
    failedJobsHistoryLimit?: number;
    jobTemplate?: {
      metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
      spec?: Job['spec'];
    };
  };
  status?: {
    active?: {
      kind?: string;
      namespace?: string;
      name?: string;
      uid?: string;
      apiVersion?: string;
      resourceVersion?: string;
    }[];
    lastScheduleTime?: string;
    lastSuccessfulTime?: string;
  };
}

/** The Job name for an activation (getJobName): minutes since the epoch. */
export function jobNameFor(cronJobName: string, scheduledMs: number): string {
  return `${cronJobName}-${Math.floor(scheduledMs / 60_000)}`;
}

/** RFC 1123 with numeric zone, as Go's time.RFC1123Z prints UTC. */
function rfc1123z(ms: number): string {
  // eslint-disable-next-line no-restricted-globals
  return new Date(ms).toUTCString().replace('GMT', '+0000');
}

/** Starts the CronJob controller. */
export function startCronJobController(ctx: ControllerContext): void {
  const client = ctx.client(USER);
  const recorder = ctx.recorder(USER);
  const cronJobs = ctx.informers.for<CronJob>('batch/v1', 'cronjobs');
  const jobs = ctx.informers.for<Job>('batch/v1', 'jobs');
  const queue = ctx.queue(USER, sync);

  const enqueueOwner = (job: Job) => {
    const ref = controllerRef(job);
    if (ref?.kind === 'CronJob') queue.add(`${job.metadata?.namespace}/${ref.name}`);
  };
  cronJobs.on({ add: (c) => queue.add(keyOf(c)), update: (_o, c) => queue.add(keyOf(c)) });
  jobs.on({ add: enqueueOwner, update: (_o, j) => enqueueOwner(j), delete: enqueueOwner });

  function sync(key: string): void {
    const cj = cronJobs.get(key);
    if (!cj) return;
    const now = ctx.clock.now();
    const spec = cj.spec ?? {};
    const ns = cj.metadata?.namespace ?? 'default';
    const owned = jobs.ownedBy(cj.metadata?.uid ?? '');
    const status = clone(cj.status ?? {});
    let active = [...(status.active ?? [])];
    // Reconcile the active list with the Jobs we own.
    const byUid = new Map(owned.map((j) => [j.metadata?.uid, j]));
    for (const j of owned) {
      const finished = jobFinished(j);
      const listed = active.some((a) => a.uid === j.metadata?.uid);
      if (!finished && !listed && parseTime(j.metadata?.creationTimestamp)) {
        // A Job of ours not in the list (status write lost): add it back.
        active.push(refOf(j));
      }
      if (finished && listed) {
        active = active.filter((a) => a.uid !== j.metadata?.uid);
        recorder.event(
          cj,
          'Normal',
          'SawCompletedJob',
          `Saw completed job: ${j.metadata?.name}, condition: ${finished.type}`,
        );
        if (finished.type === 'Complete') {
          const done = parseTime(j.status?.completionTime) ?? now;
          if (!status.lastSuccessfulTime || (parseTime(status.lastSuccessfulTime) ?? 0) < done)
            status.lastSuccessfulTime = formatTimestamp(done);
        }
      }
    }
    active = active.filter((a) => byUid.has(a.uid) || jobs.get(`${ns}/${a.name}`));
    const write = () => {
      const next = { ...status, active: active.length ? active : undefined };
      writeStatus(client, apiPath('batch/v1', 'cronjobs', ns, cj.metadata?.name), cj, next);
    };
    if (cj.metadata?.deletionTimestamp) return write();
    cleanupFinished(cj, owned);
    const schedule = parseSchedule(spec.schedule ?? '', spec.timeZone);
    if (typeof schedule === 'string') {
      recorder.event(
        cj,
        'Warning',
        'UnparseableSchedule',
        `unparseable schedule: "${spec.schedule}" : ${schedule}`,
      );
      return write();
    }
    if (spec.suspend) return write();
    const requeueNext = () => {
      const next = schedule.next(now);
      if (next !== undefined) queue.addAfter(key, next - now + NEXT_SCHEDULE_PADDING_MS);
    };
    let earliest =
      parseTime(status.lastScheduleTime) ?? parseTime(cj.metadata?.creationTimestamp) ?? now;
    const deadline = spec.startingDeadlineSeconds;
    if (deadline !== undefined && deadline !== null)
      earliest = Math.max(earliest, now - deadline * 1000);
    const { last: scheduled, missed } = mostRecentScheduleTime(schedule, earliest, now);
    if (missed > 100)
      recorder.event(
        cj,
        'Warning',
        'TooManyMissedTimes',
        `too many missed start times: ${missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew`,
      );
    if (scheduled === undefined) {
      write();
      return requeueNext();
    }
    if (deadline !== undefined && deadline !== null && scheduled + deadline * 1000 < now) {
      recorder.event(
        cj,
        'Warning',
        'MissSchedule',
        `Missed scheduled time to start a job: ${rfc1123z(scheduled)}`,
      );
      write();
      return requeueNext();
    }
    const name = jobNameFor(cj.metadata?.name ?? '', scheduled);
    if (
      active.some((a) => a.name === name) ||
      status.lastScheduleTime === formatTimestamp(scheduled)
    ) {
      write();
      return requeueNext();
    }
    const policy = spec.concurrencyPolicy ?? 'Allow';
    if (policy === 'Forbid' && active.length > 0) {
      recorder.event(
        cj,
        'Normal',
        'JobAlreadyActive',
        'Not starting job because prior execution is running and concurrency policy is Forbid',
      );
      write();
      return requeueNext();
    }
    if (policy === 'Replace') {
      for (const a of active) {
        const res = client.delete(apiPath('batch/v1', 'jobs', ns, a.name), {
          propagationPolicy: 'Background',
        });
        if (res.ok || res.status.code === 404)
          recorder.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${a.name}`);
      }
      active = [];
    }
    const template = spec.jobTemplate ?? {};
    const job: Job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name,
        namespace: ns,
        labels: { ...(template.metadata?.labels ?? {}) },
        annotations: {
          ...(template.metadata?.annotations ?? {}),
          [SCHEDULED_TIMESTAMP_ANNOTATION]: formatTimestamp(scheduled),
        },
        ownerReferences: [newControllerRef(cj, 'batch/v1', 'CronJob')],
      },
      spec: clone(template.spec ?? {}),
    };
    const res = client.create<Job>(apiPath('batch/v1', 'jobs', ns), job);
    if (res.ok) {
      recorder.event(cj, 'Normal', 'SuccessfulCreate', `Created job ${name}`);
      active.push(refOf(res.value));
    } else if (res.status.code !== 409) {
      recorder.event(
        cj,
        'Warning',
        'FailedCreate',
        `Error creating job: ${res.status.message ?? ''}`,
      );
      write();
      return queue.addRateLimited(key);
    }
    status.lastScheduleTime = formatTimestamp(scheduled);
    write();
    requeueNext();
  }

  function refOf(j: Job) {
    return {
      kind: 'Job',
      namespace: j.metadata?.namespace,
      name: j.metadata?.name,
      uid: j.metadata?.uid,
      apiVersion: 'batch/v1',
      resourceVersion: j.metadata?.resourceVersion,
    };
  }

  /** cleanupFinishedJobs: keep the newest N successful and M failed Jobs. */
  function cleanupFinished(cj: CronJob, owned: Job[]): void {
    const keep = {
      Complete: cj.spec?.successfulJobsHistoryLimit ?? 3,
      Failed: cj.spec?.failedJobsHistoryLimit ?? 1,
    };
    for (const type of ['Complete', 'Failed'] as const) {
      const done = owned
        .filter((j) => jobFinished(j)?.type === type && !j.metadata?.deletionTimestamp)
        .sort(byCreation);
      for (const j of done.slice(0, Math.max(0, done.length - keep[type]))) {
        const res = client.delete(
          apiPath('batch/v1', 'jobs', j.metadata?.namespace, j.metadata?.name),
          { propagationPolicy: 'Background' },
        );
        if (res.ok)
          recorder.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${j.metadata?.name}`);
      }
    }
  }
}
