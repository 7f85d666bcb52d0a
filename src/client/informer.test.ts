import { describe, expect, it } from 'vitest';
import type { ApiRequest, KubeObject, WatchEvent } from '../sim/api/types';
import { createKubeClient } from './client';
import { createInformer, type InformerChange } from './informer';
import type { Transport, WatchHandlers, WireResponse } from './transport';

/** A fake server: a map of pods, a revision counter, and the open watches. */
function fakeTransport() {
  const objects = new Map<string, KubeObject>();
  let revision = 10;
  const watches: { request: ApiRequest; handlers: WatchHandlers; stopped: boolean }[] = [];
  const requests: ApiRequest[] = [];
  const pod = (name: string): KubeObject => ({
    metadata: { name, namespace: 'default', resourceVersion: String(++revision) },
  });
  const transport: Transport = {
    request(request) {
      requests.push(request);
      const response: WireResponse = {
        status: 200,
        body: {
          kind: 'PodList',
          apiVersion: 'v1',
          metadata: { resourceVersion: String(revision) },
          items: [...objects.values()],
        },
      };
      return Promise.resolve(response);
    },
    watch(request, handlers) {
      requests.push(request);
      const entry = { request, handlers, stopped: false };
      watches.push(entry);
      return {
        ready: Promise.resolve({ status: 200, body: null }),
        stop: () => {
          entry.stopped = true;
        },
      };
    },
  };
  const emit = (event: WatchEvent) => {
    for (const w of watches) if (!w.stopped) w.handlers.onEvent(event);
  };
  return {
    transport,
    watches,
    requests,
    add(name: string) {
      const object = pod(name);
      objects.set(name, object);
      return object;
    },
    remove(name: string) {
      const object = objects.get(name);
      objects.delete(name);
      return object;
    },
    emit,
  };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup() {
  const server = fakeTransport();
  const changes: InformerChange[] = [];
  const retries: (() => void)[] = [];
  const informer = createInformer({
    client: createKubeClient(server.transport, 'test'),
    path: '/api/v1/pods',
    kind: 'Pod',
    apiVersion: 'v1',
    onChange: (change) => changes.push(change),
    retry: (fn) => retries.push(fn),
  });
  return { server, changes, informer, retries };
}

describe('informer', () => {
  it('lists, then watches from the list resourceVersion, filling in kind', async () => {
    const { server, changes, informer } = setup();
    server.add('a');
    server.add('b');
    informer.start();
    await flush();
    expect(changes.map((c) => `${c.type} ${c.key}`)).toEqual([
      'upsert default/a',
      'upsert default/b',
    ]);
    expect(changes[0].object.kind).toBe('Pod');
    expect(server.watches).toHaveLength(1);
    expect(server.watches[0].request.query).toMatchObject({ watch: 'true', resourceVersion: '12' });
    expect(server.watches[0].request.user).toBe('test');
    expect(informer.synced).toBe(true);
  });

  it('applies watch events and tracks the resourceVersion', async () => {
    const { server, changes, informer } = setup();
    informer.start();
    await flush();
    const c = server.add('c');
    server.emit({ type: 'ADDED', object: c });
    server.emit({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '40' } } });
    expect(informer.resourceVersion).toBe('40');
    server.emit({ type: 'DELETED', object: server.remove('c') as KubeObject });
    expect(changes.map((x) => `${x.type} ${x.key}`)).toEqual([
      'upsert default/c',
      'delete default/c',
    ]);
    expect(informer.cache.size).toBe(0);
  });

  it('relists on 410 Expired and reports objects deleted while the watch was behind', async () => {
    const { server, changes, informer } = setup();
    server.add('a');
    server.add('b');
    informer.start();
    await flush();
    changes.length = 0;
    // While the watch lags, b is deleted and d created; then the server compacts.
    server.remove('b');
    server.add('d');
    server.emit({
      type: 'ERROR',
      object: {
        kind: 'Status',
        apiVersion: 'v1',
        code: 410,
        reason: 'Expired',
        message: 'too old resource version',
      },
    });
    expect(server.watches[0].stopped).toBe(true);
    await flush();
    expect(changes.map((x) => `${x.type} ${x.key}`).sort()).toEqual([
      'delete default/b',
      'upsert default/d',
    ]);
    expect([...informer.cache.keys()].sort()).toEqual(['default/a', 'default/d']);
    expect(server.watches).toHaveLength(2);
    expect(server.watches[1].request.query?.resourceVersion).toBe('13');
  });

  it('rewatches from the last resourceVersion when the server closes the watch', async () => {
    const { server, informer } = setup();
    informer.start();
    await flush();
    server.emit({ type: 'ADDED', object: server.add('x') });
    server.watches[0].stopped = true;
    server.watches[0].handlers.onClose?.();
    expect(server.watches).toHaveLength(2);
    expect(server.watches[1].request.query?.resourceVersion).toBe('11');
  });

  it('ignores events after stop()', async () => {
    const { server, changes, informer } = setup();
    informer.start();
    await flush();
    const handlers = server.watches[0].handlers;
    informer.stop();
    handlers.onEvent({ type: 'ADDED', object: server.add('late') });
    expect(changes).toHaveLength(0);
  });
});
