import { it } from 'vitest';
import { createCluster } from '../cluster.ts';
import { apiPath } from '../client.ts';
import { deployment } from './workload-helpers.ts';

it('bench', () => {
  const N = Number(process.env.BENCH_N ?? 5000);
  const W = Number(process.env.BENCH_W ?? 50);
  let t0 = performance.now();
  const c = createCluster({ workers: W, workerCapacity: { cpu: '64', memory: '256Gi', pods: '250' } });
  console.log('boot', Math.round(performance.now() - t0));
  const t = c.client('test');
  t0 = performance.now();
  t.create(apiPath('apps/v1', 'deployments', 'default'), deployment('big', N));
  let created = 0;
  for (let i = 0; i < 600; i++) {
    c.clock.advance(1000);
    const d = t.get<{ status?: { readyReplicas?: number; replicas?: number } }>(apiPath('apps/v1', 'deployments', 'default', 'big'));
    const st = d.ok ? (d.value as { status?: { readyReplicas?: number; replicas?: number } }).status : undefined;
    if (st?.replicas === N && created === 0) { created = performance.now() - t0; console.log('all created (rs status) at virtual s', i, 'wall', Math.round(created)); }
    if (st?.readyReplicas === N) { console.log('all ready at virtual s', i, 'wall', Math.round(performance.now() - t0)); break; }
  }
});
