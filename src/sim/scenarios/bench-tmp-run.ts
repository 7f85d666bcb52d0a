import { createCluster } from '/work/main/src/sim/cluster.ts';
import { apiPath } from '/work/main/src/sim/client.ts';
const N = Number(process.env.BENCH_N ?? 2000);
const W = Number(process.env.BENCH_W ?? 20);
let t0 = performance.now();
const c = createCluster({ workers: W, workerCapacity: { cpu: '64', memory: '256Gi', pods: '250' } });
console.log('boot', Math.round(performance.now() - t0));
const t = c.client('test');
t0 = performance.now();
t.create(apiPath('apps/v1', 'deployments', 'default'), {
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'big' },
  spec: { replicas: N, selector: { matchLabels: { app: 'big' } }, template: { metadata: { labels: { app: 'big' } }, spec: { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '10m' } } }] } } },
});
for (let i = 0; i < 600; i++) {
  c.clock.advance(1000);
  const d = t.get(apiPath('apps/v1', 'deployments', 'default', 'big'));
  const st = d.ok ? (d.value as { status?: { readyReplicas?: number; replicas?: number } }).status : undefined;
  if (i % 10 === 0) console.log('virtual s', i, 'wall', Math.round(performance.now() - t0), JSON.stringify(st && { r: st.replicas, ready: st.readyReplicas }));
  if (st?.readyReplicas === N) { console.log('all ready at virtual s', i, 'wall', Math.round(performance.now() - t0)); break; }
}
