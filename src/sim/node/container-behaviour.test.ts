import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { commandExitCode, containerBehaviour, sleepSeconds } from './container-behaviour.ts';
import { formatGoDuration, imageID, normalizeImage } from './container-runtime.ts';

const pod = (spec: Partial<Pod['spec']>, annotations?: Record<string, string>): Pod => ({
  metadata: { name: 'p', annotations },
  spec: { containers: [{ name: 'app', image: 'busybox' }], ...spec },
});

describe('container behaviour', () => {
  it('reads sleep and exit from command lines', () => {
    expect(sleepSeconds('sh -c echo hi; sleep 5')).toBe(5);
    expect(sleepSeconds('sleep 2m')).toBe(120);
    expect(sleepSeconds('sleep infinity')).toBe(Infinity);
    expect(commandExitCode('sh -c exit 3')).toBe(3);
    expect(commandExitCode('false')).toBe(1);
    expect(commandExitCode('echo false-positive')).toBeUndefined();
  });

  it('reads endless shell loops as running forever, and only top-level sleeps as the run time', () => {
    // The sidecar fixture's app container: `sleep 1` is one pass of an endless loop, not the run time.
    expect(
      sleepSeconds('sh -c while true; do echo "logging" >> /opt/logs.txt; sleep 1; done'),
    ).toBe(Infinity);
    expect(sleepSeconds('sh -c while :; do sleep 5; done')).toBe(Infinity);
    expect(sleepSeconds('sh -c until false\ndo sleep 5\ndone')).toBe(Infinity);
    expect(sleepSeconds('bash -c for ((;;)); do sleep 1; done')).toBe(Infinity);
    expect(sleepSeconds('sh -c for (;;) do sleep 1; done')).toBe(Infinity);
    expect(sleepSeconds('sh -c tail -f /dev/null')).toBe(Infinity);
    expect(sleepSeconds('sh -c echo start; sleep 2; echo mid; sleep 3')).toBe(5);
    // A conditional loop counts as one pass; top-level sleeps win over sleeps in loop bodies.
    expect(sleepSeconds('sh -c until nslookup db; do echo waiting; sleep 2; done')).toBe(2);
    expect(sleepSeconds('sh -c for i in 1 2; do sleep 9; done; sleep 4')).toBe(4);
    expect(sleepSeconds('sh -c echo done')).toBeUndefined();
    const sidecar = pod({
      restartPolicy: 'Never',
      containers: [
        {
          name: 'app',
          image: 'alpine',
          command: ['sh', '-c', 'while true; do date; sleep 1; done'],
        },
      ],
    });
    expect(
      containerBehaviour(sidecar, sidecar.spec!.containers[0], 'app').runSeconds,
    ).toBeUndefined();
  });

  it('runs Job containers for a default time and Always containers forever', () => {
    const job = pod({ restartPolicy: 'Never' });
    expect(containerBehaviour(job, job.spec!.containers[0], 'app').runSeconds).toBe(5);
    const web = pod({});
    expect(containerBehaviour(web, web.spec!.containers[0], 'app').runSeconds).toBeUndefined();
  });

  it('honours per-container annotations', () => {
    const p = pod(
      {},
      {
        'sim.k8s-explorer.io/exit-code': 'app=2,other=0',
        'sim.k8s-explorer.io/fail-readiness': 'app',
      },
    );
    const b = containerBehaviour(p, p.spec!.containers[0], 'app');
    expect(b.exitCode).toBe(2);
    expect(b.runSeconds).toBe(1);
    expect(b.failReadiness).toBe(true);
  });
});

describe('container runtime helpers', () => {
  it('normalises image references as containerd does', () => {
    expect(normalizeImage('nginx:1.14.2').reference).toBe('docker.io/library/nginx:1.14.2');
    expect(normalizeImage('bitnami/redis').reference).toBe('docker.io/bitnami/redis:latest');
    expect(normalizeImage('registry.k8s.io/pause:3.10').reference).toBe(
      'registry.k8s.io/pause:3.10',
    );
    expect(normalizeImage('localhost:5000/app').reference).toBe('localhost:5000/app:latest');
    expect(imageID('nginx:1.14.2')).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
  });

  it('formats durations like Go', () => {
    expect(formatGoDuration(846)).toBe('846ms');
    expect(formatGoDuration(2500)).toBe('2.5s');
    expect(formatGoDuration(2000)).toBe('2s');
    expect(formatGoDuration(80_000)).toBe('1m20s');
    expect(formatGoDuration(300_000)).toBe('5m0s');
  });
});
