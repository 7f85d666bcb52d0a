import { describe, expect, it } from 'vitest';
import { apiPath } from '../client.ts';
import { DEFAULT_EPOCH_MS } from '../clock.ts';
import { createHarness } from './testing/harness.ts';
import { mostRecentScheduleTime, parseSchedule, type Schedule } from './cron-schedule.ts';
import type { CronJob } from './cronjob.ts';
import type { Job } from './job.ts';

const cronJob = (spec: CronJob['spec'] = {}): CronJob => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'hello', namespace: 'default' },
  spec: {
    schedule: '*/1 * * * *',
    jobTemplate: {
      spec: {
        template: {
          spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox' }] },
        },
      },
    },
    ...spec,
  },
});

describe('cron schedules', () => {
  it('parses macros, time zones and @every', () => {
    const hourly = parseSchedule('@hourly') as Schedule;
    expect(hourly.next(DEFAULT_EPOCH_MS + 1)).toBe(DEFAULT_EPOCH_MS + 3_600_000);
    const ny = parseSchedule('0 9 * * *', 'America/New_York') as Schedule;
    // 09:00 in New York in January is 14:00 UTC.
    expect(ny.next(DEFAULT_EPOCH_MS)).toBe(DEFAULT_EPOCH_MS + 14 * 3_600_000);
    const every = parseSchedule('@every 90s') as Schedule;
    expect(every.next(DEFAULT_EPOCH_MS)).toBe(DEFAULT_EPOCH_MS + 90_000);
    expect(typeof parseSchedule('* * * * * *')).toBe('string');
    expect(
      mostRecentScheduleTime(
        parseSchedule('*/5 * * * *') as Schedule,
        DEFAULT_EPOCH_MS,
        DEFAULT_EPOCH_MS + 16 * 60_000,
      ),
    ).toEqual({ last: DEFAULT_EPOCH_MS + 15 * 60_000, missed: 3 });
  });
});

describe('cronjob controller', () => {
  it('creates a Job at each activation, named by scheduled minute', () => {
    const h = createHarness({ kubelet: false });
    h.client.create(apiPath('batch/v1', 'cronjobs', 'default'), cronJob());
    h.clock.advance(59_000);
    expect(h.list('jobs')).toHaveLength(0);
    h.clock.advance(2_000);
    const jobs = h.list<Job>('jobs');
    expect(jobs.map((j) => j.metadata?.name)).toEqual([`hello-${DEFAULT_EPOCH_MS / 60_000 + 1}`]);
    expect(jobs[0].metadata?.ownerReferences?.[0]).toMatchObject({
      kind: 'CronJob',
      name: 'hello',
      controller: true,
    });
    const cj = h.get<CronJob>('cronjobs', 'default', 'hello');
    expect(cj?.status?.active?.map((a) => a.name)).toEqual([jobs[0].metadata?.name]);
    expect(cj?.status?.lastScheduleTime).toBe('2026-01-01T00:01:00Z');
    expect(h.list('events').map((e) => e.message)).toContain(
      `Created job ${jobs[0].metadata?.name}`,
    );
  });

  it('Forbid skips an activation while a Job runs; Replace replaces it', () => {
    const h = createHarness({ kubelet: { readyAfterMs: 1000 } });
    h.client.create(
      apiPath('batch/v1', 'cronjobs', 'default'),
      cronJob({ concurrencyPolicy: 'Forbid' }),
    );
    h.clock.advance(3 * 60_000 + 1000);
    expect(h.list('jobs')).toHaveLength(1);
    h.client.patch(apiPath('batch/v1', 'cronjobs', 'default', 'hello'), {
      spec: { concurrencyPolicy: 'Replace' },
    });
    h.clock.advance(60_000);
    const jobs = h.list<Job>('jobs');
    expect(jobs).toHaveLength(1);
    expect(jobs[0].metadata?.name).toBe(`hello-${DEFAULT_EPOCH_MS / 60_000 + 4}`);
  });

  it('keeps three successful Jobs and records lastSuccessfulTime', () => {
    const h = createHarness({ kubelet: false });
    h.client.create(apiPath('batch/v1', 'cronjobs', 'default'), cronJob());
    for (let i = 0; i < 6; i++) {
      h.clock.advance(60_000);
      for (const p of h.list('pods')) {
        if ((p.status as { phase?: string } | undefined)?.phase) continue;
        h.client.patch(apiPath('v1', 'pods', 'default', p.metadata?.name) + '/status', {
          status: { phase: 'Succeeded' },
        });
      }
      h.clock.advance(1000);
    }
    h.clock.advance(60_000);
    const finished = h
      .list<Job>('jobs')
      .filter((j) => j.status?.conditions?.some((c) => c.type === 'Complete'));
    expect(finished.length).toBe(3);
    expect(
      h.get<CronJob>('cronjobs', 'default', 'hello')?.status?.lastSuccessfulTime,
    ).toBeDefined();
    expect(
      h.list('events').some((e) => String(e.message).startsWith('Saw completed job: hello-')),
    ).toBe(true);
  });

  it('does nothing while suspended', () => {
    const h = createHarness({ kubelet: false });
    h.client.create(apiPath('batch/v1', 'cronjobs', 'default'), cronJob({ suspend: true }));
    h.clock.advance(5 * 60_000);
    expect(h.list('jobs')).toHaveLength(0);
  });
});

describe('cronjob startingDeadlineSeconds', () => {
  it('skips activations missed by more than the deadline while the controller was down', () => {
    const h = createHarness({ kubelet: false });
    h.client.create(
      apiPath('batch/v1', 'cronjobs', 'default'),
      cronJob({ startingDeadlineSeconds: 30 }),
    );
    h.clock.advance(100);
    h.manager.stop();
    h.clock.advance(5 * 60_000 + 45_000);
    h.manager.start();
    h.clock.advance(1_000);
    // Back at 5:46: the 5:00 activation is 46 s late, past the 30 s deadline.
    expect(h.list('jobs')).toHaveLength(0);
    h.clock.advance(15_000);
    expect(h.list<Job>('jobs').map((j) => j.metadata?.name)).toEqual([
      `hello-${DEFAULT_EPOCH_MS / 60_000 + 6}`,
    ]);
  });
});
