import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { runKubectl } from '../../src/kubectl/cli/index.ts';
import { simEnv } from '../../src/kubectl/cli/testing/sim-env.ts';
import type { Status } from '../../src/sim/api/types.ts';
import { createCluster } from '../../src/sim/cluster.ts';
import { podLogText, simulatedLogLines } from '../../src/sim/node/container-logs.ts';

const START = '2026-01-01T00:00:05Z';
const NOW = Date.UTC(2026, 0, 1, 0, 1);

function pod(overrides: Partial<Pod['spec']> = {}, statuses: object[] = []): Pod {
  return {
    metadata: { name: 'web-1', namespace: 'default' },
    spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }], ...overrides },
    status: { phase: 'Running', containerStatuses: statuses as never },
  };
}
const running = (name: string, startedAt = START) => ({
  name,
  state: { running: { startedAt } },
});

describe('container logs', () => {
  it('are deterministic lines per image, with kubelet query options', () => {
    const p = pod({}, [running('nginx')]);
    const text = podLogText(p, {}, NOW) as string;
    expect(text.split('\n')).toHaveLength(8);
    expect(text).toContain('2026/01/01 00:00:05 [notice] 1#1: start worker processes\n');
    expect(podLogText(p, {}, NOW)).toBe(text);
    expect(podLogText(p, { tailLines: '1', timestamps: 'true' }, NOW)).toBe(
      '2026-01-01T00:00:05.000000000Z 2026/01/01 00:00:05 [notice] 1#1: start worker processes\n',
    );
    expect(podLogText(p, { sinceSeconds: '10' }, NOW)).toBe('');
    expect(podLogText(p, { limitBytes: '5' }, NOW)).toBe('/dock');
    expect(simulatedLogLines('busybox', START, 'web-1')[0].text).toBe(
      '[k8s-explorer] container of web-1 started from image busybox (simulated: no application output)',
    );
  });

  it('answer the kubelet errors for waiting, unknown, ambiguous and never-restarted containers', () => {
    const waiting = pod({}, [
      { name: 'nginx', state: { waiting: { reason: 'ImagePullBackOff' } } },
    ]);
    expect((podLogText(waiting, {}, NOW) as Status).message).toBe(
      'container "nginx" in pod "web-1" is waiting to start: ImagePullBackOff',
    );
    const p = pod({}, [running('nginx')]);
    expect((podLogText(p, { container: 'x' }, NOW) as Status).message).toBe(
      'container x is not valid for pod web-1',
    );
    expect((podLogText(p, { previous: 'true' }, NOW) as Status).message).toBe(
      'previous terminated container "nginx" in pod "web-1" not found',
    );
    const two = pod(
      {
        containers: [
          { name: 'a', image: 'nginx' },
          { name: 'b', image: 'redis' },
        ],
        initContainers: [{ name: 'init', image: 'busybox' }],
      },
      [running('a'), running('b')],
    );
    const ambiguous = podLogText(two, {}, NOW) as Status;
    expect(ambiguous.code).toBe(400);
    expect(ambiguous.message).toBe(
      'a container name must be specified for pod web-1, choose one of: [a b] or one of the init containers: [init]',
    );
    expect(podLogText(two, { container: 'b' }, NOW)).toContain('Ready to accept connections');
  });

  it('are served as pods/log, so kubectl logs reads them through the API', async () => {
    const c = createCluster();
    const env = (stdin?: string) => simEnv(c, stdin === undefined ? {} : { stdin });
    expect(
      (await runKubectl('create deployment web --image=nginx:1.27 --replicas=1', env())).exitCode,
    ).toBe(0);
    c.clock.advance(30_000);
    const pods = c.api.handle({ method: 'GET', path: '/api/v1/namespaces/default/pods' }).body as {
      items: Pod[];
    };
    const name = pods.items[0].metadata?.name ?? '';
    const direct = c.api.handle({
      method: 'GET',
      path: `/api/v1/namespaces/default/pods/${name}/log`,
      query: { tailLines: '1' },
    });
    expect(direct.status).toBe(200);
    expect(direct.headers?.['content-type']).toBe('text/plain');
    expect(direct.body).toMatch(/\[notice\] 1#1: start worker processes\n$/);
    const logs = await runKubectl('logs deployment/web', env());
    expect(logs.exitCode).toBe(0);
    expect(logs.stdout).toBe(podLogText(pods.items[0], {}, c.clock.now()));
    const bad = await runKubectl(`logs ${name} -c nope`, env());
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toBe(
      `Error from server (BadRequest): container nope is not valid for pod ${name}\n`,
    );
    const missing = c.api.handle({ method: 'GET', path: '/api/v1/namespaces/default/pods/x/log' });
    expect(missing.status).toBe(404);
  });
});
