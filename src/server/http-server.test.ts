import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ApiHandler,
  ApiRequest,
  ApiResponse,
  WatchEvent,
  WatchStream,
} from '../sim/api/types.ts';
import { VirtualClock } from '../sim/clock.ts';
import { SimulationRunner } from '../sim/runner.ts';
import { startServer, type RunningServer } from './http-server.ts';

/** A watch whose events the test pushes; events wait on zero-delay clock timers, as in the sim. */
class FakeWatch implements WatchStream {
  private listeners: ((event: WatchEvent) => void)[] = [];
  private closers: (() => void)[] = [];
  stopped!: Promise<void>;
  private resolveStopped!: () => void;
  constructor(private clock: VirtualClock) {
    this.stopped = new Promise((resolve) => (this.resolveStopped = resolve));
  }
  onEvent(listener: (event: WatchEvent) => void): void {
    this.listeners.push(listener);
  }
  onClose(listener: () => void): void {
    this.closers.push(listener);
  }
  stop(): void {
    this.resolveStopped();
  }
  emit(event: WatchEvent): void {
    this.clock.setTimer(0, () => this.listeners.forEach((l) => l(event)));
  }
  close(): void {
    this.clock.setTimer(0, () => this.closers.forEach((c) => c()));
  }
}

const clock = new VirtualClock();
const runner = new SimulationRunner(clock);
const watches: FakeWatch[] = [];
const seen: ApiRequest[] = [];

const handler: ApiHandler = {
  handle(request: ApiRequest): ApiResponse {
    seen.push(request);
    if (request.path === '/healthz') return { status: 200, body: 'ok' };
    if (request.path === '/boom') throw new Error('kaboom');
    if (request.query?.watch === 'true') {
      const watch = new FakeWatch(clock);
      watches.push(watch);
      return { status: 200, body: undefined, watch };
    }
    if (request.path === '/api/v1/namespaces/default/configmaps' && request.method === 'POST') {
      return {
        status: 201,
        body: request.body,
        headers: { Warning: '299 - "unknown field \\"spec.foo\\""' },
      };
    }
    if (request.path === '/echo') {
      return {
        status: 200,
        body: {
          method: request.method,
          query: request.query,
          body: request.body ?? null,
          contentType: request.contentType ?? null,
          accept: request.accept ?? null,
          user: request.user ?? null,
        },
      };
    }
    return {
      status: 404,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        reason: 'NotFound',
        code: 404,
      },
    };
  },
};

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ handler, runner, port: 0, maxBodyBytes: 1024, maxWatches: 3 });
});
afterAll(async () => {
  await server.close();
});

describe('startServer', () => {
  it('listens on loopback on a free port', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });

  it('passes method, decoded query, body, content type, accept and user agent to the handler', async () => {
    const res = await fetch(
      `${server.url}/echo?labelSelector=app%3Dweb&fieldManager=kubectl-patch`,
      {
        method: 'PATCH',
        headers: {
          'Content-Type': 'application/strategic-merge-patch+json',
          Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io',
          'User-Agent': 'kubectl/v1.32.4 (linux/amd64) kubernetes/abc',
        },
        body: JSON.stringify({ spec: { replicas: 2 } }),
      },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({
      method: 'PATCH',
      query: { labelSelector: 'app=web', fieldManager: 'kubectl-patch' },
      body: { spec: { replicas: 2 } },
      contentType: 'application/strategic-merge-patch+json',
      accept: 'application/json;as=Table;v=v1;g=meta.k8s.io',
      user: 'kubectl/v1.32.4',
    });
  });

  it('parses YAML bodies of server-side apply', async () => {
    const res = await fetch(`${server.url}/echo`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/apply-patch+yaml' },
      body: 'kind: ConfigMap\ndata:\n  a: "1"\n',
    });
    expect((await res.json()).body).toEqual({ kind: 'ConfigMap', data: { a: '1' } });
  });

  it('copies status and headers such as Warning', async () => {
    const res = await fetch(`${server.url}/api/v1/namespaces/default/configmaps`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"kind":"ConfigMap"}',
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('warning')).toBe('299 - "unknown field \\"spec.foo\\""');
    expect(await res.json()).toEqual({ kind: 'ConfigMap' });
  });

  it('answers string bodies as text/plain', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toBe('ok');
  });

  it('answers malformed JSON with a 400 BadRequest Status without calling the handler', async () => {
    const before = seen.length;
    const res = await fetch(`${server.url}/echo`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"kind": ',
    });
    expect(res.status).toBe(400);
    const status = await res.json();
    expect(status).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'BadRequest',
      code: 400,
    });
    expect(status.message).toMatch(/^couldn't get version\/kind; json parse error: /);
    expect(seen.length).toBe(before);
  });

  it('answers bodies in other media types (CBOR) with 415', async () => {
    const res = await fetch(`${server.url}/echo`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/cbor' },
      body: 'xx',
    });
    expect(res.status).toBe(415);
    expect((await res.json()).reason).toBe('UnsupportedMediaType');
  });

  it('answers bodies over the limit with 413 RequestEntityTooLarge', async () => {
    const res = await fetch(`${server.url}/echo`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ data: 'x'.repeat(2000) }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({
      reason: 'RequestEntityTooLarge',
      message: 'Request entity too large: limit is 1024',
      code: 413,
    });
  });

  it('turns a throwing handler into a 500 InternalError Status', async () => {
    const res = await fetch(`${server.url}/boom`);
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({
      reason: 'InternalError',
      message: 'Internal error occurred: kaboom',
    });
  });

  it('survives a client that sends garbage, then serves the next request', async () => {
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(server.port, '127.0.0.1', () =>
        socket.write('NOT HTTP AT ALL\r\n\r\n'),
      );
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('close', () => resolve(data));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('answers an oversized header block with 431', async () => {
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(server.port, '127.0.0.1', () =>
        socket.write(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(40_000)}\r\n\r\n`),
      );
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', () => resolve(data));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 431/);
  });

  it('rejects an unknown HTTP method with 405', async () => {
    const status = await new Promise<number>((resolve) => {
      const req = httpRequest(`${server.url}/echo`, { method: 'OPTIONS' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.end();
    });
    expect(status).toBe(405);
  });
});

describe('watch streaming', () => {
  it('streams events as JSON lines as the clock delivers them, and stops the watch when the client leaves', async () => {
    const abort = new AbortController();
    const res = await fetch(`${server.url}/api/v1/pods?watch=true`, { signal: abort.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const watch = watches[watches.length - 1];
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffered = '';
    const nextLine = async (): Promise<string> => {
      while (!buffered.includes('\n')) {
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffered += decoder.decode(value, { stream: true });
      }
      const index = buffered.indexOf('\n');
      const line = buffered.slice(0, index);
      buffered = buffered.slice(index + 1);
      return line;
    };
    watch.emit({ type: 'ADDED', object: { kind: 'Pod', metadata: { name: 'a' } } });
    expect(JSON.parse(await nextLine())).toEqual({
      type: 'ADDED',
      object: { kind: 'Pod', metadata: { name: 'a' } },
    });
    watch.emit({ type: 'DELETED', object: { kind: 'Pod', metadata: { name: 'a' } } });
    expect(JSON.parse(await nextLine()).type).toBe('DELETED');
    expect(server.openWatches()).toBe(1);
    abort.abort();
    await watch.stopped;
    expect(server.openWatches()).toBe(0);
  });

  it('ends the HTTP response when the server closes the watch', async () => {
    const res = await fetch(`${server.url}/api/v1/pods?watch=true`);
    const watch = watches[watches.length - 1];
    watch.emit({ type: 'BOOKMARK', object: { kind: 'Pod', metadata: { resourceVersion: '7' } } });
    watch.close();
    const text = await res.text();
    expect(text).toBe(
      '{"type":"BOOKMARK","object":{"kind":"Pod","metadata":{"resourceVersion":"7"}}}\n',
    );
    await watch.stopped;
  });

  it('answers 429 once the watch limit is reached', async () => {
    const aborts = [new AbortController(), new AbortController(), new AbortController()];
    const streams = await Promise.all(
      aborts.map((a) => fetch(`${server.url}/api/v1/pods?watch=true`, { signal: a.signal })),
    );
    expect(streams.every((s) => s.status === 200)).toBe(true);
    const refused = await fetch(`${server.url}/api/v1/pods?watch=true`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect((await refused.json()).reason).toBe('TooManyRequests');
    const open = watches.slice(-3);
    aborts.forEach((a) => a.abort());
    await Promise.all(open.map((w) => w.stopped));
  });
});

describe('/sim/v1 clock controls', () => {
  it('reports and changes the virtual clock', async () => {
    const post = (body: unknown) =>
      fetch(`${server.url}/sim/v1/clock`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    let state = await (await post({ action: 'pause', speed: 10 })).json();
    expect(state).toMatchObject({ playing: false, speed: 10 });
    const before = state.now as number;
    state = await (await post({ action: 'advance', ms: 60_000 })).json();
    expect(state.now).toBe(before + 60_000);
    expect(state.time).toBe(new Date(before + 60_000).toISOString());
    const got = await (await fetch(`${server.url}/sim/v1/clock`)).json();
    expect(got).toEqual(state);
    state = await (await post({ action: 'play', speed: 1 })).json();
    expect(state).toMatchObject({ playing: true, speed: 1 });
  });

  it('rejects bad actions with a 422 Status and unknown paths with 404', async () => {
    const bad = await fetch(`${server.url}/sim/v1/clock`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"action":"rewind"}',
    });
    expect(bad.status).toBe(422);
    expect((await bad.json()).message).toBe(
      'action: Unsupported value: "rewind": supported values: "play", "pause", "step", "advance"',
    );
    const speed = await fetch(`${server.url}/sim/v1/clock`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"speed":1000}',
    });
    expect(speed.status).toBe(422);
    expect((await fetch(`${server.url}/sim/v1/nodes`)).status).toBe(404);
    expect((await fetch(`${server.url}/sim/v1/clock`, { method: 'DELETE' })).status).toBe(405);
  });

  it('lists its routes, including extension routes', async () => {
    const extended = await startServer({
      handler,
      runner,
      port: 0,
      simRoutes: [
        {
          method: 'POST',
          path: /^\/nodes\/([^/]+)\/fail$/,
          handle: (_req, match) => ({ status: 200, body: { failed: match?.[1] } }),
        },
      ],
    });
    try {
      const index = await (await fetch(`${extended.url}/sim/v1`)).json();
      expect(index.routes).toContain('GET /sim/v1/clock');
      const res = await fetch(`${extended.url}/sim/v1/nodes/worker-2/fail`, { method: 'POST' });
      expect(await res.json()).toEqual({ failed: 'worker-2' });
    } finally {
      await extended.close();
    }
  });
});
