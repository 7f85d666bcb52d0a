import { describe, expect, it } from 'vitest';
import type { ApiRequest, KubeObject } from '../api/types.ts';
import { SimClient } from '../client.ts';
import { VirtualClock, type Clock } from '../clock.ts';
import { PodEventRecorder } from '../node/kubelet-events.ts';
import { EVENT_CACHE_ENTRIES, EventRecorder, eventName } from './events.ts';

/** A client whose apiserver accepts every request and remembers it. */
function recordingClient(): { client: SimClient; requests: ApiRequest[] } {
  const requests: ApiRequest[] = [];
  const client = new SimClient(
    {
      handle: (req: ApiRequest) => {
        requests.push(req);
        return { status: req.method === 'POST' ? 201 : 200, body: req.body ?? {} };
      },
    },
    'test',
  );
  return { client, requests };
}

const pod = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', uid: `uid-${name}` },
});

const names = (requests: ApiRequest[]) =>
  requests
    .filter((r) => r.method === 'POST')
    .map((r) => (r.body as KubeObject).metadata?.name ?? '');

describe('event recorders', () => {
  it('gives same-millisecond events of one object from different recorders distinct names', () => {
    const clock = new VirtualClock();
    const { client, requests } = recordingClient();
    const controller = new EventRecorder(client, clock, 'replicaset-controller');
    const kubelet = new PodEventRecorder(client, clock, 'worker-1');
    controller.event(pod('web'), 'Normal', 'A', 'a');
    kubelet.event(pod('web') as never, 'Normal', 'B', 'b');
    controller.event(pod('web'), 'Normal', 'C', 'c');
    const got = names(requests);
    expect(new Set(got).size).toBe(3);
    const nanos = BigInt(clock.now()) * 1_000_000n;
    expect(got[0]).toBe(`web.${nanos.toString(16)}`);
    expect(got[2]).toBe(`web.${(nanos + 2n).toString(16)}`);
  });

  it('names events at fractional virtual milliseconds without throwing', () => {
    let now = 1_767_225_696_102.7207;
    const clock = { now: () => now } as unknown as Clock;
    const a = eventName(clock, 'x');
    now += 0.0000001;
    const b = eventName(clock, 'x');
    expect(a).not.toBe(b);
  });

  it('bumps count for a repeat and forgets the oldest beyond the LRU size', () => {
    const clock = new VirtualClock();
    const { client, requests } = recordingClient();
    const recorder = new EventRecorder(client, clock, 'test-controller');
    recorder.event(pod('first'), 'Normal', 'R', 'm');
    recorder.event(pod('first'), 'Normal', 'R', 'm');
    expect(requests.map((r) => r.method)).toEqual(['POST', 'PATCH']);
    for (let i = 0; i < EVENT_CACHE_ENTRIES; i++) recorder.event(pod(`p${i}`), 'Normal', 'R', 'm');
    requests.length = 0;
    // Evicted from the LRU: a new event rather than a count bump (as client-go's correlator).
    recorder.event(pod('first'), 'Normal', 'R', 'm');
    expect(requests.map((r) => r.method)).toEqual(['POST']);
  });

  it('still drops events beyond the per-object burst of 25', () => {
    const clock = new VirtualClock();
    const { client, requests } = recordingClient();
    const recorder = new EventRecorder(client, clock, 'test-controller');
    for (let i = 0; i < 40; i++) recorder.event(pod('busy'), 'Normal', `R${i}`, `m${i}`);
    expect(requests).toHaveLength(25);
    clock.advance(5 * 60 * 1000);
    recorder.event(pod('busy'), 'Normal', 'later', 'x');
    expect(requests).toHaveLength(26);
  });
});
