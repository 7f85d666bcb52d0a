import { describe, expect, it } from 'vitest';
import type { WatchEvent } from '../api/types.ts';
import { podManifest, testServer } from './test-helpers.ts';

const CM = '/api/v1/namespaces/default/configmaps';

function names(events: WatchEvent[]): string[] {
  return events.map((e) => `${e.type} ${e.object.metadata?.name ?? ''}`);
}

describe('watch fan-out', () => {
  it('delivers one change to every whole-resource watch, in order, sharing the event', () => {
    const t = testServer();
    const a = t.watch('/api/v1/configmaps', { resourceVersion: String(t.server.etcd.revision()) });
    const b = t.watch('/api/v1/configmaps', { resourceVersion: String(t.server.etcd.revision()) });
    t.ok('POST', CM, { metadata: { name: 'x' } });
    t.ok('PATCH', `${CM}/x`, { data: { k: 'v' } }, { contentType: 'application/merge-patch+json' });
    t.ok('DELETE', `${CM}/x`);
    t.clock.advance(0);
    expect(names(a.events)).toEqual(['ADDED x', 'MODIFIED x', 'DELETED x']);
    expect(names(b.events)).toEqual(names(a.events));
    expect(b.events[1]).toBe(a.events[1]);
  });

  it('filters per watch as soon as one watch of the resource has a selector', () => {
    const t = testServer();
    const rv = String(t.server.etcd.revision());
    const all = t.watch('/api/v1/configmaps', { resourceVersion: rv });
    const labelled = t.watch('/api/v1/configmaps', { resourceVersion: rv, labelSelector: 'a=1' });
    t.ok('POST', CM, { metadata: { name: 'x', labels: { a: '1' } } });
    t.ok('POST', CM, { metadata: { name: 'y' } });
    t.ok(
      'PATCH',
      `${CM}/x`,
      { metadata: { labels: { a: '2' } } },
      {
        contentType: 'application/merge-patch+json',
      },
    );
    t.clock.advance(0);
    expect(names(all.events)).toEqual(['ADDED x', 'ADDED y', 'MODIFIED x']);
    expect(names(labelled.events)).toEqual(['ADDED x', 'DELETED x']);
  });

  it('gives a change to the watches open when it happened, not to later or stopped ones', () => {
    const t = testServer();
    const early = t.watch('/api/v1/configmaps', {
      resourceVersion: String(t.server.etcd.revision()),
    });
    const stopped = t.watch('/api/v1/configmaps', {
      resourceVersion: String(t.server.etcd.revision()),
    });
    t.ok('POST', CM, { metadata: { name: 'x' } });
    stopped.stop();
    // Opened after the write (from the current revision), before delivery.
    const late = t.watch('/api/v1/configmaps', {
      resourceVersion: String(t.server.etcd.revision()),
    });
    t.ok('POST', CM, { metadata: { name: 'y' } });
    t.clock.advance(0);
    expect(names(early.events)).toEqual(['ADDED x', 'ADDED y']);
    expect(names(stopped.events)).toEqual([]);
    expect(names(late.events)).toEqual(['ADDED y']);
  });

  it('routes pod changes to node watches, with or without further filters', () => {
    const t = testServer();
    const rv = String(t.server.etcd.revision());
    const watch = (fieldSelector: string, path = '/api/v1/pods') =>
      t.watch(path, { resourceVersion: rv, fieldSelector });
    const n1 = watch('spec.nodeName=n1');
    const n2 = watch('spec.nodeName=n2');
    const unassigned = watch('spec.nodeName=');
    const n1Running = watch('spec.nodeName=n1,status.phase=Running');
    const n1Other = watch('spec.nodeName=n1', '/api/v1/namespaces/other/pods');
    t.ok('POST', '/api/v1/namespaces/default/pods', podManifest('p'));
    t.ok('POST', '/api/v1/namespaces/default/pods/p/binding', {
      target: { kind: 'Node', name: 'n1' },
    });
    t.ok(
      'PATCH',
      '/api/v1/namespaces/default/pods/p/status',
      { status: { phase: 'Running' } },
      {
        contentType: 'application/merge-patch+json',
      },
    );
    t.ok('DELETE', '/api/v1/namespaces/default/pods/p', undefined, {
      query: { gracePeriodSeconds: '0' },
    });
    t.clock.advance(0);
    expect(names(n1.events)).toEqual(['ADDED p', 'MODIFIED p', 'DELETED p']);
    expect(names(n2.events)).toEqual([]);
    expect(names(unassigned.events)).toEqual(['ADDED p', 'DELETED p']);
    expect(names(n1Running.events)).toEqual(['ADDED p', 'DELETED p']);
    expect(names(n1Other.events)).toEqual([]);
  });
});
