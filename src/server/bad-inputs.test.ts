/**
 * Catalogue entries of the `http` layer (test/bad-inputs): each request goes over a
 * real socket to `k8s-explorer serve` started in-process on port 0. The answer is the exact
 * Status; afterwards the etcd revision is unchanged and the server still lists namespaces.
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Status } from '../sim/api/types.ts';
import { createCluster, type Cluster } from '../sim/cluster.ts';
import {
  asserted,
  entriesOf,
  materialise,
  messageMatches,
  type HttpInput,
} from '../../test/bad-inputs/catalogue.ts';
import { startServer, type RunningServer } from './http-server.ts';

let cluster: Cluster;
let server: RunningServer;

beforeAll(async () => {
  cluster = createCluster({ workers: 1, seed: 9 });
  server = await startServer({ handler: cluster.api, port: 0 });
});
afterAll(async () => {
  await server?.close();
});

interface Answer {
  status: number;
  body: string;
}

/** One request with node:http; the body is written at once. */
function send(input: HttpInput): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: server.port,
        method: input.method,
        path: input.url,
        headers: input.headers,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(input.body ? materialise(input.body) : undefined);
  });
}

/** Raw bytes on a bare socket; the answer is read until the server closes or answers fully. */
function sendRaw(raw: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    let text = '';
    const finish = () => {
      socket.destroy();
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      const split = text.indexOf('\r\n\r\n');
      resolve({ status, body: split >= 0 ? text.slice(split + 4) : '' });
    };
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
      const length = Number(/content-length: (\d+)/i.exec(text)?.[1] ?? NaN);
      const split = text.indexOf('\r\n\r\n');
      if (split >= 0 && Number.isFinite(length) && text.length - split - 4 >= length) finish();
    });
    socket.on('end', finish);
    socket.on('error', reject);
    socket.write(raw);
  });
}

describe('bad HTTP requests (k8s-explorer serve on a socket)', () => {
  for (const entry of entriesOf('http').filter((e) => !e.pending)) {
    it(`${entry.id}: ${entry.title}`, async () => {
      const want = asserted(entry);
      const revision = cluster.apiserver.etcd.revision();
      const answer = entry.input.raw ? await sendRaw(entry.input.raw) : await send(entry.input);
      expect(answer.status).toBe(want.status);
      if (want.message !== '') {
        const status = JSON.parse(answer.body) as Status;
        expect(status.kind).toBe('Status');
        expect(status.code).toBe(want.status);
        expect(status.reason).toBe(want.reason);
        expect(messageMatches(status.message, want.message), status.message).toBe(true);
      }
      expect(cluster.apiserver.etcd.revision()).toBe(revision);
      const after = await send({ method: 'GET', url: '/api/v1/namespaces' });
      expect(after.status).toBe(200);
    });
  }
});

/** Yields to the event loop until `done()` holds (socket events are not on the virtual clock). */
async function until(done: () => boolean, turns = 20_000): Promise<boolean> {
  for (let i = 0; i < turns && !done(); i++) await new Promise((r) => setImmediate(r));
  return done();
}

describe('misbehaving clients', () => {
  it('keeps answering while a client sends half a body and stalls', async () => {
    const revision = cluster.apiserver.etcd.revision();
    const slow = connect(server.port, '127.0.0.1');
    await new Promise<void>((resolve) => slow.once('connect', () => resolve()));
    slow.write(
      `POST ${'/api/v1/namespaces/default/configmaps'} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"apiVersion":`,
    );
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => send({ method: 'GET', url: '/api/v1/namespaces' })),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    slow.destroy();
    expect(cluster.apiserver.etcd.revision()).toBe(revision);
  });

  it('closes the watches of clients that vanish without a word', async () => {
    const baseline = cluster.apiserver.watchCount();
    const sockets = Array.from({ length: 20 }, () => {
      const socket = connect(server.port, '127.0.0.1');
      socket.write(
        'GET /api/v1/namespaces/default/configmaps?watch=true HTTP/1.1\r\nHost: x\r\n\r\n',
      );
      return socket;
    });
    expect(await until(() => server.openWatches() === 20)).toBe(true);
    for (const socket of sockets) socket.destroy();
    expect(await until(() => server.openWatches() === 0)).toBe(true);
    expect(await until(() => cluster.apiserver.watchCount() === baseline)).toBe(true);
    expect((await send({ method: 'GET', url: '/api/v1/namespaces' })).status).toBe(200);
  });
});
