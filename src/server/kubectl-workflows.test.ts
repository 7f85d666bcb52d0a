/**
 * Real kubectl (v1.32) against `k8s-explorer serve`, part two: workflows that go through kubectl's
 * typed clients (protobuf bodies), node maintenance, rollouts, server-side apply and explain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  columns,
  deployment,
  kubectlAvailable,
  ok,
  startHarness,
  type Harness,
} from './kubectl-harness.ts';

describe.skipIf(!kubectlAvailable())('real kubectl workflows against k8s-explorer serve', () => {
  let h: Harness;
  const k = (...args: string[]) => h.kubectl(args);
  const jsonOf = async (...args: string[]) =>
    JSON.parse(ok(await k(...args, '-o', 'json')).join('\n'));

  beforeAll(async () => {
    h = await startHarness();
    ok(await h.kubectl(['create', 'namespace', 'demo']));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('creates objects with the typed generators, which send protobuf', async () => {
    expect(
      ok(
        await k(
          'create',
          'deployment',
          'api',
          '-n',
          'demo',
          '--image=nginx:1.27',
          '--replicas=0',
          '--port=8080',
        ),
      ),
    ).toEqual(['deployment.apps/api created']);
    const d = await jsonOf('get', 'deployment', 'api', '-n', 'demo');
    expect(d.spec.replicas).toBe(0);
    expect(d.spec.template.metadata).toEqual({ labels: { app: 'api' } });
    expect(d.spec.template.spec.containers).toMatchObject([
      {
        name: 'nginx',
        image: 'nginx:1.27',
        ports: [{ containerPort: 8080, protocol: 'TCP' }],
        resources: {},
      },
    ]);
    expect(d.spec.minReadySeconds).toBeUndefined();
    expect(
      ok(await k('create', 'secret', 'generic', 'token', '-n', 'demo', '--from-literal=key=v@lue')),
    ).toEqual(['secret/token created']);
    expect((await jsonOf('get', 'secret', 'token', '-n', 'demo')).data).toEqual({
      key: Buffer.from('v@lue').toString('base64'),
    });
    expect(
      ok(await k('create', 'service', 'clusterip', 'api', '-n', 'demo', '--tcp=80:8080')),
    ).toEqual(['service/api created']);
    expect((await jsonOf('get', 'service', 'api', '-n', 'demo')).spec.ports).toEqual([
      { name: '80-8080', port: 80, protocol: 'TCP', targetPort: 8080 },
    ]);
  });

  it('drains a node (evictions sent as protobuf) and rolls a deployment out again', async () => {
    ok(await h.kubectl(['apply', '-f', '-'], { input: deployment('drained', 3) }));
    h.advance(30_000);
    const pods = (await jsonOf('get', 'pods', '-n', 'demo', '-l', 'app=drained')).items as {
      spec: { nodeName: string };
    }[];
    const node = pods[0].spec.nodeName;
    h.cluster.runner.setSpeed(100);
    h.cluster.runner.play();
    try {
      const drained = await k('drain', node, '--ignore-daemonsets');
      expect(drained.code).toBe(0);
      const lines = drained.stdout.trimEnd().split('\n');
      expect(lines[0]).toBe(`node/${node} cordoned`);
      expect(lines).toContainEqual(
        expect.stringMatching(/^evicting pod demo\/drained-[a-z0-9]+-[a-z0-9]{5}$/),
      );
      expect(lines).toContainEqual(
        expect.stringMatching(/^pod\/drained-[a-z0-9]+-[a-z0-9]{5} evicted$/),
      );
      expect(lines[lines.length - 1]).toBe(`node/${node} drained`);
      expect(drained.stderr).toMatch(
        /^Warning: ignoring DaemonSet-managed Pods: kube-system\/kube-proxy-[a-z0-9]{5}\n$/,
      );
      const nodes = ok(await k('get', 'node', node));
      expect(columns(nodes[1]).slice(0, 2)).toEqual([node, 'Ready,SchedulingDisabled']);
      expect(ok(await k('uncordon', node))).toEqual([`node/${node} uncordoned`]);
      expect(ok(await k('rollout', 'restart', 'deployment/drained', '-n', 'demo'))).toEqual([
        'deployment.apps/drained restarted',
      ]);
      expect(
        ok(await k('rollout', 'status', 'deployment/drained', '-n', 'demo', '--timeout=20s')).pop(),
      ).toBe('deployment "drained" successfully rolled out');
    } finally {
      h.cluster.runner.pause();
      h.cluster.runner.setSpeed(1);
    }
  });

  it('applies server-side, waits for conditions, sets images, exposes and runs', async () => {
    const cm =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\n  namespace: demo\ndata:\n  a: "1"\n';
    expect(ok(await h.kubectl(['apply', '--server-side', '-f', '-'], { input: cm }))).toEqual([
      'configmap/ssa serverside-applied',
    ]);
    const ssa = await jsonOf('get', 'configmap', 'ssa', '-n', 'demo', '--show-managed-fields');
    expect(ssa.metadata.managedFields).toContainEqual(
      expect.objectContaining({ manager: 'kubectl', operation: 'Apply' }),
    );
    ok(await h.kubectl(['apply', '-f', '-'], { input: deployment('waited', 2) }));
    h.cluster.runner.setSpeed(100);
    h.cluster.runner.play();
    try {
      expect(
        ok(
          await k(
            'wait',
            '--for=condition=Available',
            'deployment/waited',
            '-n',
            'demo',
            '--timeout=20s',
          ),
        ),
      ).toEqual(['deployment.apps/waited condition met']);
      expect(
        ok(await k('set', 'image', 'deployment/waited', '-n', 'demo', 'app=nginx:1.28')),
      ).toEqual(['deployment.apps/waited image updated']);
      expect(
        ok(await k('rollout', 'status', 'deployment/waited', '-n', 'demo', '--timeout=20s')).pop(),
      ).toBe('deployment "waited" successfully rolled out');
    } finally {
      h.cluster.runner.pause();
      h.cluster.runner.setSpeed(1);
    }
    const history = ok(await k('rollout', 'history', 'deployment/waited', '-n', 'demo'));
    expect(history.slice(0, 4).map((line) => line.trimEnd())).toEqual([
      'deployment.apps/waited',
      'REVISION  CHANGE-CAUSE',
      '1         <none>',
      '2         <none>',
    ]);
    expect(ok(await k('expose', 'deployment', 'waited', '-n', 'demo', '--port=80'))).toEqual([
      'service/waited exposed',
    ]);
    expect(
      ok(
        await k(
          'run',
          'once',
          '-n',
          'demo',
          '--image=busybox',
          '--restart=Never',
          '--',
          'sleep',
          '5',
        ),
      ),
    ).toEqual(['pod/once created']);
    expect((await jsonOf('get', 'pod', 'once', '-n', 'demo')).spec.containers[0].args).toEqual([
      'sleep',
      '5',
    ]);
  });

  it('explains fields from the OpenAPI v3 schemas', async () => {
    const text = ok(await k('explain', 'deployment.spec.replicas')).join('\n');
    expect(text).toMatch(/^GROUP:\s+apps$/m);
    expect(text).toMatch(/^KIND:\s+Deployment$/m);
    expect(text).toMatch(/^VERSION:\s+v1$/m);
    expect(text).toMatch(/^FIELD: replicas <integer>$/m);
    expect(text).toContain('Number of desired pods.');
    const pod = ok(await k('explain', 'pods.spec.containers')).join('\n');
    expect(pod).toMatch(/^FIELD: containers <\[\]Container>$/m);
    expect(pod).toMatch(/^ {2}image\t<string>$/m);
  });

  it('shows usage from the metrics API (top) and container logs (logs)', async () => {
    ok(
      await h.kubectl(['apply', '-f', '-'], {
        input: deployment('metered', 1).replace(
          '      labels:\n        app: metered\n',
          '      labels:\n        app: metered\n      annotations:\n        sim.k8s-explorer.io/cpu-usage: 120m\n        sim.k8s-explorer.io/memory-usage: 48Mi\n        sim.k8s-explorer.io/usage-drift: "0"\n',
        ),
      }),
    );
    h.advance(30_000);
    const nodes = ok(await k('top', 'nodes'));
    expect(columns(nodes[0])).toEqual([
      'NAME',
      'CPU(cores)',
      'CPU(%)',
      'MEMORY(bytes)',
      'MEMORY(%)',
    ]);
    expect(nodes.slice(1).map((l) => columns(l)[0])).toEqual(
      h.cluster.nodes.map((n) => n.name).sort(),
    );
    for (const l of nodes.slice(1)) expect(columns(l)[1]).toMatch(/^\d+m$/);
    const pods = ok(await k('top', 'pods', '-n', 'demo', '-l', 'app=metered'));
    expect(pods.slice(1).map((l) => columns(l).slice(1))).toEqual([['120m', '48Mi']]);
    const logs = ok(await k('logs', 'deployment/metered', '-n', 'demo', '--tail=1'));
    expect(logs).toEqual([expect.stringMatching(/\[notice\] 1#1: start worker processes$/)]);
  });
});
