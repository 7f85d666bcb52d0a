/**
 * The TTL-after-finished controller (pkg/controller/ttlafterfinished): deletes a finished Job
 * (Complete or Failed) `ttlSecondsAfterFinished` after it finished, with foreground propagation so
 * its pods go first.
 */
import { apiPath } from '../client.ts';
import type { ControllerContext } from './context.ts';
import { jobFinished, type Job } from './job.ts';
import { keyOf, parseTime } from './util.ts';

const USER = 'ttl-after-finished-controller';

/** Starts the TTL-after-finished controller. */
export function startTtlAfterFinishedController(ctx: ControllerContext): void {
  const client = ctx.client(USER);
  const jobs = ctx.informers.for<Job>('batch/v1', 'jobs');
  const queue = ctx.queue(USER, sync);
  const consider = (job: Job) => {
    if (job.spec?.ttlSecondsAfterFinished !== undefined && jobFinished(job)) queue.add(keyOf(job));
  };
  jobs.on({ add: consider, update: (_o, j) => consider(j) });

  function sync(key: string): void {
    const job = jobs.get(key);
    if (!job || job.metadata?.deletionTimestamp) return;
    const ttl = job.spec?.ttlSecondsAfterFinished;
    const finished = jobFinished(job);
    if (ttl === undefined || !finished) return;
    const at = (parseTime(finished.at) ?? ctx.clock.now()) + ttl * 1000;
    const wait = at - ctx.clock.now();
    if (wait > 0) return queue.addAfter(key, wait);
    const meta = job.metadata ?? {};
    client.delete(apiPath('batch/v1', 'jobs', meta.namespace, meta.name), {
      propagationPolicy: 'Foreground',
      preconditions: { uid: meta.uid, resourceVersion: meta.resourceVersion },
    });
  }
}
