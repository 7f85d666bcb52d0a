import { describe, expect, it } from 'vitest';
import { apiPath } from '../client.ts';
import { formatTimestamp } from '../clock.ts';
import { createHarness, type Harness } from './testing/harness.ts';
import { formatIndexes, parseIndexes } from './indexed-job.ts';
import { podFailureBackoff, type Job } from './job.ts';
import type { Pod } from './util.ts';

const job = (extra: Job['spec'] = {}): Job => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'pi', namespace: 'default' },
  spec: {
    backoffLimit: 6,
    template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }] } },
    ...extra,
  },
});

function finish(h: Harness, pod: Pod, phase: 'Succeeded' | 'Failed'): void {
  h.client.patch(apiPath('v1', 'pods', pod.metadata?.namespace, pod.metadata?.name) + '/status', {
    status: {
      phase,
      conditions: [
        { type: 'Ready', status: 'False', lastTransitionTime: formatTimestamp(h.clock.now()) },
      ],
    },
  });
}

const live = (h: Harness) =>
  h
    .list<Pod>('pods')
    .filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');

describe('job controller', () => {
  it('runs completions with parallelism and completes', () => {
    const h = createHarness({ kubelet: false });
    h.client.create(
      apiPath('batch/v1', 'jobs', 'default'),
      job({ completions: 3, parallelism: 2 }),
    );
    h.clock.advance(100);
    let pods = live(h);
    expect(pods).toHaveLength(2);
    expect(pods[0].metadata?.labels).toMatchObject({
      'job-name': 'pi',
      'batch.kubernetes.io/job-name': 'pi',
    });
    for (const p of pods) finish(h, p, 'Succeeded');
    h.clock.advance(100);
    pods = live(h);
    expect(pods).toHaveLength(1);
    finish(h, pods[0], 'Succeeded');
    h.clock.advance(100);
    const j = h.get<Job>('jobs', 'default', 'pi');
    expect(j?.status?.succeeded).toBe(3);
    expect(j?.status?.conditions?.map((c) => [c.type, c.reason])).toEqual([
      ['SuccessCriteriaMet', 'CompletionsReached'],
      ['Complete', 'CompletionsReached'],
    ]);
    expect(j?.status?.completionTime).toBeDefined();
    expect(h.list('events').map((e) => e.reason)).toContain('Completed');
  });

  it('retries failed pods with exponential back-off up to backoffLimit', () => {
    const h = createHarness({ kubelet: false });
    h.client.create(apiPath('batch/v1', 'jobs', 'default'), job({ backoffLimit: 2 }));
    h.clock.advance(100);
    const created: number[] = [];
    for (let i = 0; i < 3; i++) {
      const pods = live(h);
      expect(pods).toHaveLength(1);
      created.push(h.clock.now());
      finish(h, pods[0], 'Failed');
      h.clock.advance(1);
      // Wait for the replacement (10 s, then 20 s).
      for (let s = 0; s < 100 && live(h).length === 0; s++) h.clock.advance(1000);
    }
    const j = h.get<Job>('jobs', 'default', 'pi');
    expect(j?.status?.failed).toBe(3);
    expect(j?.status?.conditions?.map((c) => [c.type, c.reason])).toEqual([
      ['FailureTarget', 'BackoffLimitExceeded'],
      ['Failed', 'BackoffLimitExceeded'],
    ]);
    expect(created[1] - created[0]).toBeGreaterThanOrEqual(10_000);
    expect(created[2] - created[1]).toBeGreaterThanOrEqual(20_000);
    expect(h.list('pods')).toHaveLength(3);
  });

  it('fails a job past activeDeadlineSeconds and deletes its pods', () => {
    const h = createHarness({ kubelet: { readyAfterMs: 1000 } });
    h.client.create(
      apiPath('batch/v1', 'jobs', 'default'),
      job({ activeDeadlineSeconds: 30, parallelism: 2, completions: 4 }),
    );
    h.clock.advance(31_000);
    h.clock.advance(1_000);
    const j = h.get<Job>('jobs', 'default', 'pi');
    expect(j?.status?.conditions?.find((c) => c.type === 'Failed')?.reason).toBe(
      'DeadlineExceeded',
    );
    expect(h.list('pods')).toHaveLength(0);
  });

  it('runs Indexed jobs and reports completedIndexes', () => {
    const h = createHarness({ kubelet: false });
    h.client.create(
      apiPath('batch/v1', 'jobs', 'default'),
      job({ completions: 5, parallelism: 5, completionMode: 'Indexed' }),
    );
    h.clock.advance(100);
    const pods = live(h);
    expect(
      pods.map((p) => p.metadata?.annotations?.['batch.kubernetes.io/job-completion-index']).sort(),
    ).toEqual(['0', '1', '2', '3', '4']);
    for (const p of pods)
      if (p.metadata?.labels?.['batch.kubernetes.io/job-completion-index'] !== '3')
        finish(h, p, 'Succeeded');
    h.clock.advance(100);
    expect(h.get<Job>('jobs', 'default', 'pi')?.status?.completedIndexes).toBe('0-2,4');
    expect(pods.find((p) => p.metadata?.name?.startsWith('pi-3-'))?.spec?.hostname).toBe('pi-3');
  });

  it('deletes a finished job after ttlSecondsAfterFinished', () => {
    const h = createHarness({ kubelet: false });
    h.client.create(apiPath('batch/v1', 'jobs', 'default'), job({ ttlSecondsAfterFinished: 60 }));
    h.clock.advance(100);
    finish(h, live(h)[0], 'Succeeded');
    h.clock.advance(59_000);
    expect(h.get('jobs', 'default', 'pi')).toBeDefined();
    h.clock.advance(2_000);
    expect(h.get('jobs', 'default', 'pi')).toBeUndefined();
  });

  it('formats indexes and back-off', () => {
    expect(formatIndexes([4, 0, 1, 2, 7, 8])).toBe('0-2,4,7-8');
    expect([...parseIndexes('0-2,4', 10)]).toEqual([0, 1, 2, 4]);
    expect([1, 2, 3, 7, 8, 20].map(podFailureBackoff)).toEqual([
      10_000, 20_000, 40_000, 600_000, 600_000, 600_000,
    ]);
  });
});

describe('podFailurePolicy', () => {
  const failWith = (h: Harness, pod: Pod, exitCode: number) =>
    h.client.patch(apiPath('v1', 'pods', pod.metadata?.namespace, pod.metadata?.name) + '/status', {
      status: {
        phase: 'Failed',
        containerStatuses: [{ name: 'main', restartCount: 0, state: { terminated: { exitCode } } }],
      },
    });
  const policy = {
    rules: [
      {
        action: 'FailJob' as const,
        onExitCodes: { containerName: 'main', operator: 'In' as const, values: [42] },
      },
      { action: 'Ignore' as const, onPodConditions: [{ type: 'DisruptionTarget' }] },
    ],
  };

  it('fails the Job at once on a FailJob exit code', () => {
    const h = createHarness({ kubelet: false });
    h.client.create(apiPath('batch/v1', 'jobs', 'default'), job({ podFailurePolicy: policy }));
    h.clock.advance(100);
    const [pod] = live(h);
    failWith(h, pod, 42);
    h.clock.advance(100);
    const failed = h
      .get<Job>('jobs', 'default', 'pi')
      ?.status?.conditions?.find((c) => c.type === 'Failed');
    expect(failed).toMatchObject({
      reason: 'PodFailurePolicy',
      message: `Container main for pod default/${pod.metadata?.name} failed with exit code 42 matching FailJob rule at index 0`,
    });
  });

  it('does not count failures an Ignore rule matches', () => {
    const h = createHarness({ kubelet: false });
    h.client.create(
      apiPath('batch/v1', 'jobs', 'default'),
      job({ podFailurePolicy: policy, backoffLimit: 0 }),
    );
    h.clock.advance(100);
    const [pod] = live(h);
    h.client.patch(apiPath('v1', 'pods', 'default', pod.metadata?.name) + '/status', {
      status: { phase: 'Failed', conditions: [{ type: 'DisruptionTarget', status: 'True' }] },
    });
    h.clock.advance(100);
    const j = h.get<Job>('jobs', 'default', 'pi');
    expect(j?.status?.failed).toBeUndefined();
    expect(j?.status?.conditions ?? []).toEqual([]);
    expect(live(h)).toHaveLength(1);
  });
});
