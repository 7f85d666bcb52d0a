/**
 * Apiserver figures: create throughput through handle(), watch fan-out to 100 watchers, etcd
 * memory per stored object, and the same creates and a watch over HTTP on loopback
 * (`k8s-explorer serve`'s transport).
 *
 *   node --expose-gc --import tsx scripts/bench-api.ts [objects]
 *
 * Without --expose-gc the memory figure is printed as unavailable (heap numbers without a GC are
 * noise). Figures are wall-clock, for information only; no test asserts them.
 */
import type { ApiHandler, KubeObject, WatchEvent } from '../src/sim/api/types.ts';
import { createApiServer } from '../src/sim/apiserver/apiserver.ts';
import { VirtualClock } from '../src/sim/clock.ts';
import { createRng } from '../src/sim/rng.ts';
import { SimulationRunner } from '../src/sim/runner.ts';
import { startServer } from '../src/server/http-server.ts';

const OBJECTS = Number(process.argv[2] ?? 5000);
const WATCHERS = 100;

const gc = (globalThis as { gc?: () => void }).gc;

function fresh(): { api: ApiHandler; clock: VirtualClock } {
  const clock = new VirtualClock();
  const api = createApiServer({ clock, rng: createRng(1) });
  return { api, clock };
}

function ensureNamespace(api: ApiHandler, name: string): void {
  api.handle({
    method: 'POST',
    path: '/api/v1/namespaces',
    body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
  });
}

function configMap(i: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `cm-${i}`, labels: { app: 'bench', shard: String(i % 10) } },
    data: { 'app.properties': `key=value-${i}\nother=${'x'.repeat(64)}\n`, mode: 'bench' },
  };
}

function pod(i: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `pod-${i}`, labels: { app: 'bench' } },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'nginx:1.27',
          ports: [{ containerPort: 80 }],
          resources: { requests: { cpu: '100m', memory: '64Mi' } },
        },
      ],
    },
  };
}

function create(api: ApiHandler, path: string, body: KubeObject): void {
  const res = api.handle({ method: 'POST', path, body, user: 'bench' });
  if (res.status !== 201)
    throw new Error(`create ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
}

function rate(count: number, ms: number): string {
  return `${Math.round((count / ms) * 1000).toLocaleString('en-US')}/s`;
}

function throughput(kind: 'ConfigMap' | 'Pod'): void {
  const { api, clock } = fresh();
  const path =
    kind === 'Pod' ? '/api/v1/namespaces/default/pods' : '/api/v1/namespaces/default/configmaps';
  const make = kind === 'Pod' ? pod : configMap;
  const start = performance.now();
  for (let i = 0; i < OBJECTS; i++) create(api, path, make(i));
  clock.runDue();
  const ms = performance.now() - start;
  console.log(`create ${kind}: ${OBJECTS} objects in ${ms.toFixed(0)} ms = ${rate(OBJECTS, ms)}`);
}

function listThroughput(): void {
  const { api } = fresh();
  for (let i = 0; i < OBJECTS; i++)
    create(api, '/api/v1/namespaces/default/configmaps', configMap(i));
  const rounds = 20;
  const start = performance.now();
  for (let i = 0; i < rounds; i++)
    api.handle({
      method: 'GET',
      path: '/api/v1/namespaces/default/configmaps',
      query: { labelSelector: 'shard=3' },
    });
  const ms = performance.now() - start;
  console.log(
    `list ${OBJECTS} ConfigMaps with a label selector: ${(ms / rounds).toFixed(1)} ms per list`,
  );
}

function watchFanOut(): void {
  const { api, clock } = fresh();
  ensureNamespace(api, 'bench');
  clock.runDue();
  let delivered = 0;
  for (let w = 0; w < WATCHERS; w++) {
    const res = api.handle({
      method: 'GET',
      path: '/api/v1/namespaces/bench/configmaps',
      query: { watch: 'true' },
    });
    if (!res.watch) throw new Error(`watch answered ${res.status}: ${JSON.stringify(res.body)}`);
    res.watch.onEvent((_event: WatchEvent) => {
      delivered++;
    });
  }
  clock.runDue();
  delivered = 0;
  const writes = Math.min(OBJECTS, 2000);
  const start = performance.now();
  for (let i = 0; i < writes; i++) create(api, '/api/v1/namespaces/bench/configmaps', configMap(i));
  clock.runDue();
  const ms = performance.now() - start;
  console.log(
    `watch fan-out: ${writes} creates to ${WATCHERS} watchers = ${delivered} events in ${ms.toFixed(0)} ms = ${rate(delivered, ms)} delivered`,
  );
  if (delivered !== writes * WATCHERS) console.log(`  (expected ${writes * WATCHERS} events)`);
}

function memoryPerObject(): void {
  if (!gc) {
    console.log('etcd memory per object: unavailable (run with node --expose-gc)');
    return;
  }
  const { api, clock } = fresh();
  clock.runDue();
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < OBJECTS; i++)
    create(api, '/api/v1/namespaces/default/configmaps', configMap(i));
  clock.runDue();
  gc();
  const after = process.memoryUsage().heapUsed;
  const perObject = (after - before) / OBJECTS;
  console.log(
    `etcd memory: ${OBJECTS} ConfigMaps (~${JSON.stringify(configMap(0)).length} bytes of JSON each) add ${((after - before) / 1048576).toFixed(1)} MiB = ${Math.round(perObject).toLocaleString('en-US')} bytes per object`,
  );
  // Keep the server reachable until after the measurement.
  if (
    api.handle({ method: 'GET', path: '/api/v1/namespaces/default/configmaps/cm-0' }).status !== 200
  )
    throw new Error('lost cm-0');
}

async function overHttp(): Promise<void> {
  const { api, clock } = fresh();
  const server = await startServer({ handler: api, runner: new SimulationRunner(clock), port: 0 });
  try {
    const count = Math.min(OBJECTS, 2000);
    // One watcher over HTTP, counting the lines it receives.
    const watch = await fetch(`${server.url}/api/v1/namespaces/default/configmaps?watch=true`);
    const reader = watch.body!.getReader();
    let received = 0;
    const allReceived = (async () => {
      const decoder = new TextDecoder();
      while (received < count) {
        const { value, done } = await reader.read();
        if (done) break;
        received += decoder.decode(value).split('\n').length - 1;
      }
    })();
    const start = performance.now();
    for (let i = 0; i < count; i++) {
      const res = await fetch(`${server.url}/api/v1/namespaces/default/configmaps`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(configMap(i)),
      });
      if (res.status !== 201) throw new Error(`HTTP create answered ${res.status}`);
      await res.arrayBuffer();
    }
    const createMs = performance.now() - start;
    await allReceived;
    const totalMs = performance.now() - start;
    console.log(
      `HTTP (loopback, sequential fetch): ${count} creates in ${createMs.toFixed(0)} ms = ${rate(count, createMs)}; the watcher had all ${received} events after ${totalMs.toFixed(0)} ms`,
    );
    await reader.cancel();
  } finally {
    await server.close();
  }
}

console.log(`k8s-explorer apiserver bench (node ${process.version}, ${OBJECTS} objects)`);
throughput('ConfigMap');
throughput('Pod');
listThroughput();
watchFanOut();
memoryPerObject();
await overHttp();
