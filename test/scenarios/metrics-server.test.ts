import { describe, expect, it } from 'vitest';
import { runKubectl } from '../../src/kubectl/cli/index.ts';
import { simEnv } from '../../src/kubectl/cli/testing/sim-env.ts';
import type { KubeObject, Status } from '../../src/sim/api/types.ts';
import { createCluster, type Cluster } from '../../src/sim/cluster.ts';
import { NODE_OVERHEAD, usageQuantities } from '../../src/sim/node/metrics-server.ts';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata:
      labels: {app: web}
      annotations:
        sim.k8s-explorer.io/cpu-usage: 250m
        sim.k8s-explorer.io/memory-usage: 64Mi
        sim.k8s-explorer.io/usage-drift: "0"
    spec:
      containers:
      - {name: nginx, image: nginx:1.27, resources: {requests: {cpu: 500m}}}
`;

const kubectl = (c: Cluster, cmd: string, stdin?: string) =>
  runKubectl(cmd, simEnv(c, stdin === undefined ? {} : { stdin }));
const get = <T>(c: Cluster, path: string, query?: Record<string, string>) => {
  const res = c.api.handle({ method: 'GET', path, query, user: 'test' });
  return { status: res.status, body: res.body as T };
};

async function clusterWithWeb(): Promise<Cluster> {
  const c = createCluster();
  const applied = await kubectl(c, 'apply -f -', DEPLOYMENT);
  expect(applied.exitCode).toBe(0);
  c.clock.advance(30_000);
  return c;
}

describe('metrics-server (metrics.k8s.io/v1beta1)', () => {
  it('reports PodMetrics and NodeMetrics from the container model, for kubectl top and the HPA', async () => {
    const c = await clusterWithWeb();
    const pods = get<{ kind: string; items: KubeObject[] }>(
      c,
      '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods',
      { labelSelector: 'app=web' },
    );
    expect(pods.status).toBe(200);
    expect(pods.body.kind).toBe('PodMetricsList');
    expect(pods.body.items).toHaveLength(2);
    for (const m of pods.body.items) {
      expect(m.metadata?.name).toMatch(/^web-/);
      expect(m.containers).toEqual([
        { name: 'nginx', usage: { cpu: '250000000n', memory: '65536Ki' } },
      ]);
      expect(m.window).toBe('15s');
    }
    // A node's usage is its pods' usage plus its own overhead.
    const podList = get<{ items: KubeObject[] }>(c, '/api/v1/namespaces/default/pods', {
      labelSelector: 'app=web',
    }).body.items;
    const nodeName = (podList[0].spec as { nodeName: string }).nodeName;
    const allPods = get<{ items: KubeObject[] }>(c, '/apis/metrics.k8s.io/v1beta1/pods').body.items;
    const onNode = allPods.filter(
      (m) =>
        (
          get<KubeObject>(c, `/api/v1/namespaces/${m.metadata?.namespace}/pods/${m.metadata?.name}`)
            .body.spec as { nodeName?: string } | undefined
        )?.nodeName === nodeName,
    );
    let milli = NODE_OVERHEAD.milliCPU;
    let mem = NODE_OVERHEAD.memory;
    for (const m of onNode)
      for (const ct of m.containers as { usage: { cpu: string; memory: string } }[]) {
        milli += Number(ct.usage.cpu.replace('n', '')) / 1e6;
        mem += Number(ct.usage.memory.replace('Ki', '')) * 1024;
      }
    const node = get<KubeObject>(c, `/apis/metrics.k8s.io/v1beta1/nodes/${nodeName}`);
    expect(node.body.kind).toBe('NodeMetrics');
    expect(node.body.usage).toEqual(usageQuantities({ milliCPU: milli, memory: mem }));

    const missing = get<Status>(c, '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('pods.metrics.k8s.io "nope" not found');
    const watch = get<Status>(c, '/apis/metrics.k8s.io/v1beta1/pods', { watch: 'true' });
    expect(watch.status).toBe(405);

    const topPods = await kubectl(c, 'top pods -l app=web');
    expect(topPods.exitCode).toBe(0);
    const lines = topPods.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)\s*$/);
    expect(lines.slice(1).map((l) => l.trim().split(/\s+/).slice(1))).toEqual([
      ['250m', '64Mi'],
      ['250m', '64Mi'],
    ]);
    const topNodes = await kubectl(c, 'top nodes');
    expect(topNodes.exitCode).toBe(0);
    const rows = topNodes.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^NAME\s+CPU\(cores\)\s+CPU\(%\)\s+MEMORY\(bytes\)\s+MEMORY\(%\)\s*$/);
    expect(rows.slice(1).map((r) => r.split(/\s+/)[0])).toEqual(c.nodes.map((n) => n.name).sort());
    const row = rows.find((r) => r.startsWith(`${nodeName} `)) ?? '';
    expect(row.split(/\s+/)[1]).toBe(`${Math.round(milli)}m`);
    expect(row).not.toContain('<unknown>');
  });

  it('is gone from discovery while the metrics-server component is stopped', async () => {
    const c = await clusterWithWeb();
    c.components.get('metrics-server')?.stop();
    const top = await kubectl(c, 'top nodes');
    expect(top.exitCode).toBe(1);
    expect(top.stderr).toBe('error: Metrics API not available\n');
    expect(get(c, '/apis/metrics.k8s.io/v1beta1/nodes').status).toBe(404);
    c.components.get('metrics-server')?.start();
    expect((await kubectl(c, 'top pods')).exitCode).toBe(0);
  });
});
