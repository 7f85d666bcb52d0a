import { describe, expect, it } from 'vitest';
import type { WatchEvent } from '../sim/api/types';
import type { FromWorker, ToWorker } from '../worker/protocol';
import { createWorkerTransport, type MessageEndpoint } from './worker-transport';

function fakeEndpoint() {
  const sent: ToWorker[] = [];
  let listener: ((event: MessageEvent<FromWorker>) => void) | undefined;
  const endpoint: MessageEndpoint = {
    postMessage: (m) => sent.push(m),
    addEventListener: (_t, l) => (listener = l),
    removeEventListener: () => (listener = undefined),
  };
  const deliver = (data: FromWorker) => listener?.({ data } as MessageEvent<FromWorker>);
  return { endpoint, sent, deliver };
}

const event = (name: string): WatchEvent => ({ type: 'ADDED', object: { metadata: { name } } });

describe('worker transport', () => {
  it('matches responses to requests by id', async () => {
    const { endpoint, sent, deliver } = fakeEndpoint();
    const t = createWorkerTransport(endpoint);
    const a = t.request({ method: 'GET', path: '/a' });
    const b = t.request({ method: 'GET', path: '/b' });
    const [ma, mb] = sent as Extract<ToWorker, { kind: 'request' }>[];
    deliver({ kind: 'response', id: mb.id, response: { status: 404, body: 'b' } });
    deliver({ kind: 'response', id: ma.id, response: { status: 200, body: 'a' } });
    expect(await a).toEqual({ status: 200, body: 'a' });
    expect(await b).toEqual({ status: 404, body: 'b' });
  });

  it('routes batched events to their watch and stops mid-batch when asked', () => {
    const { endpoint, sent, deliver } = fakeEndpoint();
    const t = createWorkerTransport(endpoint);
    const seen: string[] = [];
    const handle = t.watch(
      { method: 'GET', path: '/pods' },
      {
        onEvent: (e) => {
          seen.push(e.object.metadata?.name ?? '');
          if (seen.length === 2) handle.stop();
        },
      },
    );
    const id = (sent[0] as Extract<ToWorker, { kind: 'watch' }>).id;
    deliver({
      kind: 'watch-events',
      batches: [{ watchId: id, events: [event('a'), event('b'), event('c')] }],
    });
    expect(seen).toEqual(['a', 'b']);
    expect(sent.at(-1)).toEqual({ kind: 'watch-stop', id });
  });

  it('reports a refused watch as closed, and a server close once', async () => {
    const { endpoint, sent, deliver } = fakeEndpoint();
    const t = createWorkerTransport(endpoint);
    let closed = 0;
    const refused = t.watch(
      { method: 'GET', path: '/x' },
      { onEvent: () => {}, onClose: () => closed++ },
    );
    deliver({
      kind: 'response',
      id: (sent[0] as { id: number }).id,
      response: { status: 410, body: null },
    });
    expect((await refused.ready).status).toBe(410);
    expect(closed).toBe(1);
    t.watch({ method: 'GET', path: '/y' }, { onEvent: () => {}, onClose: () => closed++ });
    const id = (sent[1] as { id: number }).id;
    deliver({ kind: 'watch-closed', watchId: id });
    deliver({ kind: 'watch-closed', watchId: id });
    expect(closed).toBe(2);
  });

  it('forwards clock reports and controls', () => {
    const { endpoint, sent, deliver } = fakeEndpoint();
    const t = createWorkerTransport(endpoint);
    const clocks: number[] = [];
    t.onClock((s) => clocks.push(s.now));
    deliver({ kind: 'clock', state: { now: 5, playing: true, speed: 1 } });
    t.control({ action: 'speed', speed: 10 });
    expect(clocks).toEqual([5]);
    expect(sent).toEqual([{ kind: 'control', action: 'speed', speed: 10 }]);
  });
});
