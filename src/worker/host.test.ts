import { describe, expect, it } from 'vitest';
import type { ApiRequest, ApiResponse, WatchEvent } from '../sim/api/types';
import { createWorkerHost, type HostedCluster } from './host';
import type { FromWorker } from './protocol';

function fakeCluster() {
  let listener: ((e: WatchEvent) => void) | undefined;
  let closeListener: (() => void) | undefined;
  const state = { now: 0, playing: true, speed: 1 };
  const stopped: string[] = [];
  const cluster: HostedCluster = {
    api: {
      handle(request: ApiRequest): ApiResponse {
        if (request.query?.watch === 'true') {
          return {
            status: 200,
            body: null,
            watch: {
              onEvent: (l) => (listener = l),
              onClose: (l) => (closeListener = l),
              stop: () => stopped.push(request.path),
            },
          };
        }
        return { status: 200, body: { path: request.path } };
      },
    },
    runner: {
      play: () => (state.playing = true),
      pause: () => (state.playing = false),
      setSpeed: (s) => (state.speed = s),
      step: () => (state.now += 1000),
      advance: (ms) => (state.now += ms),
      tick: (wallMs) => {
        if (state.playing) state.now += wallMs * state.speed;
      },
      state: () => ({ ...state }),
    },
  };
  return {
    cluster,
    emit: (e: WatchEvent) => listener?.(e),
    close: () => closeListener?.(),
    stopped,
  };
}

function setup() {
  const fake = fakeCluster();
  const out: FromWorker[] = [];
  let wall = 0;
  const host = createWorkerHost(fake.cluster, (m) => out.push(m), {
    now: () => wall,
    every: () => () => {},
  });
  return { fake, out, host, setWall: (ms: number) => (wall = ms) };
}

describe('worker host', () => {
  it('answers requests with the response minus the stream', () => {
    const { out, host } = setup();
    out.length = 0;
    host.receive({ kind: 'request', id: 7, request: { method: 'GET', path: '/api/v1/nodes' } });
    expect(out).toEqual([
      { kind: 'response', id: 7, response: { status: 200, body: { path: '/api/v1/nodes' } } },
    ]);
  });

  it('batches watch events into one message per frame, then reports the close', () => {
    const { fake, out, host } = setup();
    host.receive({
      kind: 'watch',
      id: 3,
      request: { method: 'GET', path: '/api/v1/pods', query: { watch: 'true' } },
    });
    out.length = 0;
    fake.emit({ type: 'ADDED', object: { metadata: { name: 'a' } } });
    fake.emit({ type: 'ADDED', object: { metadata: { name: 'b' } } });
    fake.close();
    expect(out).toEqual([]);
    host.frame();
    expect(out.map((m) => m.kind)).toEqual(['watch-events', 'watch-closed']);
    const batch = out[0] as Extract<FromWorker, { kind: 'watch-events' }>;
    expect(batch.batches).toHaveLength(1);
    expect(batch.batches[0].events.map((e) => e.object.metadata?.name)).toEqual(['a', 'b']);
  });

  it('stops a watch on request and drops its pending events', () => {
    const { fake, out, host } = setup();
    host.receive({
      kind: 'watch',
      id: 3,
      request: { method: 'GET', path: '/api/v1/pods', query: { watch: 'true' } },
    });
    fake.emit({ type: 'ADDED', object: { metadata: { name: 'a' } } });
    host.receive({ kind: 'watch-stop', id: 3 });
    out.length = 0;
    host.frame();
    expect(out).toEqual([]);
    expect(fake.stopped).toEqual(['/api/v1/pods']);
  });

  it('ticks the clock with wall time and reports control changes', () => {
    const { out, host, setWall } = setup();
    out.length = 0;
    host.receive({ kind: 'control', action: 'speed', speed: 10 });
    expect(out).toEqual([{ kind: 'clock', state: { now: 0, playing: true, speed: 10 } }]);
    setWall(100);
    host.frame();
    host.receive({ kind: 'control', action: 'pause' });
    expect(out.at(-1)).toEqual({ kind: 'clock', state: { now: 1000, playing: false, speed: 10 } });
  });

  it('moves virtual time in whole milliseconds, carrying the fraction', () => {
    const { fake, host, setWall } = setup();
    const advanced: number[] = [];
    const advance = fake.cluster.runner.advance;
    fake.cluster.runner.advance = (ms) => {
      advanced.push(ms);
      advance(ms);
    };
    host.receive({ kind: 'control', action: 'speed', speed: 0.25 });
    for (const wall of [6, 12, 18, 24]) {
      setWall(wall);
      host.frame();
    }
    expect(advanced).toEqual([1, 2, 1, 2]);
    expect(fake.cluster.runner.state().now).toBe(6);
  });
});
