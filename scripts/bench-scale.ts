/**
 * Scale benchmark of the scheduler and kubelets: for N worker nodes, apply Deployments totalling
 * N x 30 pods and measure the wall time until every pod is scheduled and Running, the scheduling
 * throughput (pods bound per wall second), the process CPU time (user + system, steadier than wall
 * time on a shared machine) and the heap per pod.
 *
 *   node --expose-gc --max-old-space-size=12000 --max-semi-space-size=128 --initial-old-space-size=4096 \
 *     --import tsx scripts/bench-scale.ts
 *   npx tsx scripts/bench-scale.ts 1000       # chosen sizes
 *
 * The goal (issue #4): 5,000 nodes and 150,000 pods all Running in under 60 s of wall time, and at
 * least 2,700 pods scheduled per wall second, through the full API path.
 */
import { createCluster } from '../src/sim/cluster.ts';
import { apiPath } from '../src/sim/client.ts';
import type { KubeScheduler } from '../src/sim/scheduler/scheduler.ts';
import type { Kubelet } from '../src/sim/node/kubelet.ts';

const PODS_PER_NODE = 30;
const DEPLOYMENT_SIZE = 1_000;

function heapMB(): number {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

const BARE = process.argv.includes('--bare');

function podTemplate(app: string) {
  return {
    metadata: { labels: { app } },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'registry.k8s.io/pause:3.10',
          resources: { requests: { cpu: '100m', memory: '128Mi' } },
        },
      ],
    },
  };
}

function run(workers: number) {
  const heapBefore = heapMB();
  const t0 = performance.now();
  const cluster = createCluster({
    workers,
    workerCapacity: { cpu: '4', memory: '16Gi', pods: '110' },
  });
  cluster.clock.advance(15_000);
  const bootMs = performance.now() - t0;
  const progress = (what: string) =>
    process.stderr.write(
      `[${workers} nodes] ${what} at ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
    );
  progress('booted');
  const scheduler = cluster.components.get('kube-scheduler') as KubeScheduler;
  const kubelets = [...cluster.components.values()].filter((c) =>
    c.name.startsWith('kubelet/'),
  ) as Kubelet[];
  const total = workers * PODS_PER_NODE;
  const admin = cluster.client('admin');
  const scheduledBefore = scheduler.stats.scheduled;
  const runningBefore = kubelets.reduce((s, k) => s + k.runningPods(), 0);
  const t1 = performance.now();
  const cpu1 = process.cpuUsage();
  if (BARE) {
    // Bare pods straight through the API: measures apiserver + scheduler + kubelets only.
    for (let i = 0; i < total; i++) {
      const t = podTemplate('bare');
      const r = admin.create(apiPath('v1', 'pods', 'default'), {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `bare-${i}`, labels: t.metadata.labels },
        spec: t.spec,
      });
      if (!r.ok) throw new Error(r.status.message);
    }
  }
  for (let i = 0, left = BARE ? 0 : total; left > 0; i++) {
    const replicas = Math.min(DEPLOYMENT_SIZE, left);
    left -= replicas;
    const r = admin.create(apiPath('apps/v1', 'deployments', 'default'), {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `bench-${i}` },
      spec: {
        replicas,
        selector: { matchLabels: { app: `bench-${i}` } },
        template: podTemplate(`bench-${i}`),
      },
    });
    if (!r.ok) throw new Error(r.status.message);
  }
  progress('created');
  let scheduledAt = 0;
  let virtualMs = 0;
  for (;;) {
    cluster.clock.advance(1_000);
    virtualMs += 1_000;
    const scheduled = scheduler.stats.scheduled - scheduledBefore;
    if (!scheduledAt && scheduled >= total) scheduledAt = performance.now();
    const running = kubelets.reduce((s, k) => s + k.runningPods(), 0) - runningBefore;
    if (running >= total) break;
    progress(`virtual ${virtualMs / 1000} s: ${scheduled} scheduled, ${running} running`);
    if (virtualMs > 30 * 60_000)
      throw new Error(`stuck: ${scheduled} scheduled, ${running} running of ${total}`);
  }
  const wallMs = performance.now() - t1;
  const cpu = process.cpuUsage(cpu1);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const heapAfter = heapMB();
  return {
    nodes: workers,
    pods: total,
    bootS: +(bootMs / 1000).toFixed(2),
    scheduleS: +((scheduledAt - t1) / 1000).toFixed(2),
    allRunningS: +(wallMs / 1000).toFixed(2),
    // CPU time is steadier than wall time on a shared, loaded machine.
    cpuS: +cpuS.toFixed(2),
    podsPerS: Math.round(total / ((scheduledAt - t1) / 1000)),
    virtualS: virtualMs / 1000,
    heapMB: Math.round(heapAfter - heapBefore),
    kbPerPod: +(((heapAfter - heapBefore) * 1024) / total).toFixed(1),
    attempts: scheduler.stats.attempts,
    mode: BARE ? 'bare pods' : 'deployments',
  };
}

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const rows = [];
for (const n of sizes.length ? sizes : [10, 100, 1000, 5000]) {
  const row = run(n);
  rows.push(row);
  console.log(JSON.stringify(row));
}
console.table(rows);
const goal = rows.find((r) => r.nodes === 5000);
if (goal)
  console.log(
    `goal at 5,000 nodes: all Running in ${goal.allRunningS} s (goal < 60 s), ` +
      `${goal.podsPerS} pods scheduled/s (goal >= 2,700): ` +
      (goal.allRunningS < 60 && goal.podsPerS >= 2700 ? 'met' : 'NOT met'),
  );
