import { VirtualClock } from '../src/sim/clock.ts';
import { createRng } from '../src/sim/rng.ts';
import { createApiServer } from '../src/sim/apiserver/apiserver.ts';

const N = Number(process.argv[2] ?? 150000);
const NODES = Math.ceil(N / 100);
const clock = new VirtualClock();
const api = createApiServer({ clock, rng: createRng(1) });
let events = 0;
for (let i = 0; i < NODES; i++) {
  const w = api.handle({ method: 'GET', path: '/api/v1/pods', query: { watch: 'true', fieldSelector: `spec.nodeName=node-${i}` } });
  w.watch!.onEvent(() => events++);
}
const sched = api.handle({ method: 'GET', path: '/api/v1/pods', query: { watch: 'true', fieldSelector: 'spec.nodeName=' } });
sched.watch!.onEvent(() => events++);
const all = api.handle({ method: 'GET', path: '/api/v1/pods', query: { watch: 'true' } });
all.watch!.onEvent(() => events++);
const rs = api.handle({ method: 'POST', path: '/apis/apps/v1/namespaces/default/replicasets', body: { metadata: { name: 'web-abc' }, spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'x:1' }] } } } } }).body as any;
const uid = rs.metadata.uid;
const c0 = process.cpuUsage();
const t0 = performance.now();
for (let i = 0; i < N; i++) {
  const r = api.handle({ method: 'POST', path: '/api/v1/namespaces/default/pods', user: 'replicaset-controller', body: {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { generateName: 'web-', labels: { app: 'web', 'pod-template-hash': 'abc' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid, controller: true, blockOwnerDeletion: true }] },
    spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }], resources: { requests: { cpu: '100m', memory: '64Mi' } } }] },
  } });
  if (r.status !== 201) throw new Error(JSON.stringify(r.body));
  const name = (r.body as any).metadata.name;
  const b = api.handle({ method: 'POST', path: `/api/v1/namespaces/default/pods/${name}/binding`, user: 'kube-scheduler', body: { target: { kind: 'Node', name: `node-${i % NODES}` } } });
  if (b.status !== 201) throw new Error(JSON.stringify(b.body));
  const cur = api.handle({ method: 'GET', path: `/api/v1/namespaces/default/pods/${name}` }).body as any;
  const s = api.handle({ method: 'PUT', path: `/api/v1/namespaces/default/pods/${name}/status`, user: 'kubelet', body: { ...cur, status: { ...cur.status, phase: 'Running', podIP: '10.244.0.1', conditions: [{ type: 'Ready', status: 'True' }] } } });
  if (s.status !== 200) throw new Error(JSON.stringify(s.body));
  if (i % 1000 === 999) clock.runDue();
}
clock.runDue();
const t1 = performance.now();
const c1 = process.cpuUsage(c0);
console.log(`cpu=${((c1.user + c1.system) / 1e6).toFixed(2)}s`);
const list = api.handle({ method: 'GET', path: '/api/v1/pods', query: { limit: '500' } });
const t2 = performance.now();
console.log(`pods=${N} nodes=${NODES} writes=${3 * N} time=${((t1 - t0) / 1000).toFixed(2)}s events=${events} list500=${(t2 - t1).toFixed(1)}ms rev=${api.etcd.revision()} mem=${(process.memoryUsage().heapUsed / 1e6).toFixed(0)}MB`);
const t3 = performance.now();
const st = api.etcd.stats();
console.log(`stats ${(performance.now() - t3).toFixed(0)}ms keys=${st.keys} bytes=${(st.approximateBytes/1e6).toFixed(1)}MB`);
