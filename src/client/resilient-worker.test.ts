import { describe, expect, it } from 'vitest';
import type { FromWorker, ToWorker } from '../worker/protocol';
import { createResilientWorker, type WorkerLike } from './resilient-worker';

class FakeWorker implements WorkerLike {
  sent: ToWorker[] = [];
  terminated = false;
  private message: ((e: never) => void)[] = [];
  private error: ((e: never) => void)[] = [];
  postMessage(m: ToWorker) {
    this.sent.push(m);
  }
  addEventListener(type: 'message' | 'error', l: (e: never) => void) {
    (type === 'message' ? this.message : this.error).push(l);
  }
  terminate() {
    this.terminated = true;
  }
  emit(data: FromWorker) {
    for (const l of this.message) l({ data } as never);
  }
  crash(message: string) {
    for (const l of this.error) l({ message, preventDefault() {} } as never);
  }
}

function setup() {
  const workers: FakeWorker[] = [];
  let now = 0;
  const intervals: { ms: number; fn: () => void; last: number }[] = [];
  const restarts: string[] = [];
  const endpoint = createResilientWorker(
    () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    {
      timeoutMs: 5_000,
      snapshotMs: 2_000,
      onRestart: (r) => restarts.push(r),
      timers: {
        now: () => now,
        every: (ms, fn) => {
          const entry = { ms, fn, last: now };
          intervals.push(entry);
          return () => intervals.splice(intervals.indexOf(entry), 1);
        },
        visible: () => true,
      },
    },
  );
  const received: FromWorker[] = [];
  endpoint.addEventListener('message', (e) => received.push(e.data));
  const advance = (ms: number) => {
    const end = now + ms;
    while (now < end) {
      now += 100;
      for (const i of [...intervals]) {
        if (now - i.last >= i.ms) {
          i.last = now;
          i.fn();
        }
      }
    }
  };
  return { workers, endpoint, received, advance, restarts };
}

describe('resilient worker endpoint', () => {
  it('passes messages both ways and keeps the last journal snapshot', () => {
    const { workers, endpoint, received, advance } = setup();
    endpoint.postMessage({ kind: 'request', id: 1, request: { method: 'GET', path: '/api' } });
    expect(workers[0].sent[0]).toMatchObject({ kind: 'request', id: 1 });
    workers[0].emit({ kind: 'response', id: 1, response: { status: 200, body: {} } });
    expect(received).toEqual([{ kind: 'response', id: 1, response: { status: 200, body: {} } }]);
    advance(2_000);
    const snap = workers[0].sent.find((m) => m.kind === 'sim' && m.op.op === 'journal');
    expect(snap).toBeDefined();
  });

  it('replaces a crashed Worker: watches closed, requests answered 503, session reset from the snapshot', () => {
    const { workers, endpoint, received, advance, restarts } = setup();
    endpoint.postMessage({
      kind: 'watch',
      id: 5,
      request: { method: 'GET', path: '/api/v1/pods', query: { watch: 'true' } },
    });
    workers[0].emit({ kind: 'response', id: 5, response: { status: 200, body: null } });
    advance(2_000);
    const snap = workers[0].sent.find((m) => m.kind === 'sim' && m.op.op === 'journal') as Extract<
      ToWorker,
      { kind: 'sim' }
    >;
    const journal = {
      setup: { workers: 3, controlPlanes: 1, seed: 9 },
      journal: [],
      nowMs: 42_000,
    };
    workers[0].emit({ kind: 'sim-result', id: snap.id, ok: true, result: journal });
    endpoint.postMessage({ kind: 'request', id: 6, request: { method: 'GET', path: '/api' } });
    workers[0].crash('boom');
    expect(workers[0].terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(restarts).toEqual(['the cluster Worker failed: boom']);
    expect(received).toContainEqual({ kind: 'watch-closed', watchId: 5 });
    const expired = received.find((m) => m.kind === 'watch-events');
    expect(expired).toMatchObject({
      batches: [{ watchId: 5, events: [{ type: 'ERROR', object: { code: 410 } }] }],
    });
    expect(received.find((m) => m.kind === 'response' && m.id === 6)).toMatchObject({
      response: { status: 503 },
    });
    expect(workers[1].sent[0]).toMatchObject({
      kind: 'sim',
      op: { op: 'reset', setup: journal.setup, atMs: 42_000 },
    });
    // Snapshot answers are internal: the page never sees them.
    expect(received.some((m) => m.kind === 'sim-result')).toBe(false);
  });

  it('asks only for journal entries recorded since its last snapshot, and restores the whole journal', () => {
    const { workers, advance } = setup();
    const journalAsks = () =>
      workers[0].sent.filter(
        (m): m is Extract<ToWorker, { kind: 'sim' }> => m.kind === 'sim' && m.op.op === 'journal',
      );
    const setupOf = { workers: 3, controlPlanes: 1, seed: 1 };
    const entry = (atMs: number) => ({
      atMs,
      type: 'sim' as const,
      op: { op: 'add-node' as const },
    });
    advance(2_000);
    workers[0].emit({
      kind: 'sim-result',
      id: journalAsks()[0].id,
      ok: true,
      result: { setup: setupOf, journal: [entry(1), entry(2)], from: 0, epoch: 1, nowMs: 5 },
    });
    advance(2_000);
    expect(journalAsks()[1].op).toEqual({ op: 'journal', from: 2, epoch: 1 });
    workers[0].emit({
      kind: 'sim-result',
      id: journalAsks()[1].id,
      ok: true,
      result: { setup: setupOf, journal: [entry(3)], from: 2, epoch: 1, nowMs: 9 },
    });
    workers[0].crash('boom');
    expect(workers[1].sent[0]).toMatchObject({
      op: { op: 'reset', journal: [entry(1), entry(2), entry(3)], atMs: 9 },
    });
  });

  it('treats a silent Worker as hung and replaces it; a talking one is left alone', () => {
    const { workers, advance, restarts } = setup();
    for (let i = 0; i < 10; i++) {
      advance(1_000);
      workers[0].emit({ kind: 'heartbeat' });
    }
    expect(restarts).toEqual([]);
    advance(7_000);
    expect(restarts).toEqual(['the cluster Worker stopped answering for 5 s']);
    expect(workers).toHaveLength(2);
  });
});
