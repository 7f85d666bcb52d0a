import { describe, expect, it, vi } from 'vitest';
import { copyRecord, createClusterStore, objectsOf, SLOW_KINDS } from './cluster-store';

const pod = (name: string, rv: string) => ({
  kind: 'Pod',
  metadata: { name, namespace: 'default', resourceVersion: rv },
});

describe('cluster store', () => {
  it('squashes changes per key and applies them once per frame', () => {
    const frames: (() => void)[] = [];
    const { store, enqueue } = createClusterStore((fn) => frames.push(fn));
    let renders = 0;
    store.subscribe(() => renders++);
    enqueue('Pod', { type: 'upsert', key: 'default/a', object: pod('a', '1') });
    enqueue('Pod', { type: 'upsert', key: 'default/a', object: pod('a', '2') });
    enqueue('Pod', { type: 'upsert', key: 'default/b', object: pod('b', '3') });
    enqueue('Pod', { type: 'delete', key: 'default/b', object: pod('b', '3') });
    expect(frames).toHaveLength(1);
    expect(objectsOf(store.getState(), 'Pod')).toEqual({});
    frames[0]();
    expect(renders).toBe(1);
    const pods = objectsOf(store.getState(), 'Pod');
    expect(Object.keys(pods)).toEqual(['default/a']);
    expect(pods['default/a'].metadata?.resourceVersion).toBe('2');
  });

  it('keeps the identity of kinds that did not change', () => {
    const frames: (() => void)[] = [];
    const { store, enqueue } = createClusterStore((fn) => frames.push(fn));
    enqueue('Node', { type: 'upsert', key: 'n1', object: { metadata: { name: 'n1' } } });
    frames.shift()?.();
    const nodes = objectsOf(store.getState(), 'Node');
    enqueue('Pod', { type: 'upsert', key: 'default/a', object: pod('a', '1') });
    frames.shift()?.();
    expect(objectsOf(store.getState(), 'Node')).toBe(nodes);
  });

  it('applies Events in a task of their own at most every SLOW_KINDS interval, the rest every frame', () => {
    vi.useFakeTimers();
    try {
      const frames: (() => void)[] = [];
      let clock = 1_000;
      const { store, enqueue } = createClusterStore(
        (fn) => frames.push(fn),
        () => clock,
      );
      let updates = 0;
      store.subscribe(() => updates++);
      const event = (name: string) => ({ kind: 'Event', metadata: { name, namespace: 'default' } });
      enqueue('Event', { type: 'upsert', key: 'default/e1', object: event('e1') });
      enqueue('Pod', { type: 'upsert', key: 'default/a', object: pod('a', '1') });
      frames.shift()?.();
      // The frame applies the Pod; the Event follows in its own task, at once the first time.
      expect(Object.keys(objectsOf(store.getState(), 'Pod'))).toEqual(['default/a']);
      expect(objectsOf(store.getState(), 'Event')).toEqual({});
      expect(updates).toBe(1);
      vi.advanceTimersByTime(0);
      expect(Object.keys(objectsOf(store.getState(), 'Event'))).toEqual(['default/e1']);
      expect(updates).toBe(2);

      clock += 100;
      enqueue('Event', { type: 'upsert', key: 'default/e2', object: event('e2') });
      enqueue('Pod', { type: 'upsert', key: 'default/b', object: pod('b', '1') });
      frames.shift()?.();
      // The Pod is applied at once; the Event waits for the rest of the 300 ms.
      expect(Object.keys(objectsOf(store.getState(), 'Pod'))).toEqual(['default/a', 'default/b']);
      vi.advanceTimersByTime(SLOW_KINDS.Event - 101);
      expect(Object.keys(objectsOf(store.getState(), 'Event'))).toEqual(['default/e1']);
      clock += SLOW_KINDS.Event - 100;
      vi.advanceTimersByTime(1);
      expect(Object.keys(objectsOf(store.getState(), 'Event')).sort()).toEqual([
        'default/e1',
        'default/e2',
      ]);
      expect(frames).toHaveLength(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('flush() and a kind becoming synced apply slow kinds at once', () => {
    const frames: (() => void)[] = [];
    let clock = 1_000;
    const cluster = createClusterStore(
      (fn) => frames.push(fn),
      () => clock,
    );
    const event = (name: string) => ({ kind: 'Event', metadata: { name, namespace: 'default' } });
    cluster.enqueue('Event', { type: 'upsert', key: 'default/e1', object: event('e1') });
    frames.shift()?.();
    clock += 10;
    // e1 waits for its own task; flush() applies it and e2 now.
    cluster.enqueue('Event', { type: 'upsert', key: 'default/e2', object: event('e2') });
    cluster.flush();
    expect(Object.keys(objectsOf(cluster.store.getState(), 'Event'))).toHaveLength(2);
    clock += 10;
    cluster.enqueue('Event', { type: 'upsert', key: 'default/e3', object: event('e3') });
    cluster.markSynced('Event');
    frames.shift()?.();
    expect(Object.keys(objectsOf(cluster.store.getState(), 'Event'))).toHaveLength(3);
    expect(cluster.store.getState().synced.Event).toBe(true);
  });

  it('copyRecord copies every key in order, the same objects, and nothing else', () => {
    const source: Record<string, ReturnType<typeof pod>> = {};
    for (let i = 0; i < 1_500; i++)
      source[`default/p-${(i * 7919) % 1_500}`] = pod(`p-${i}`, `${i}`);
    delete source['default/p-3'];
    const copy = copyRecord(source);
    expect(copy).not.toBe(source);
    expect(Object.keys(copy)).toEqual(Object.keys(source));
    for (const key of Object.keys(source)) expect(copy[key]).toBe(source[key]);
    expect('#a' in copy || '#b' in copy).toBe(false);
    copy['default/new'] = pod('new', '1');
    delete copy['default/p-4'];
    expect(Object.keys(source)).toHaveLength(1_499);
    expect(source['default/p-4']).toBeDefined();
    expect(Object.keys(copy).at(-1)).toBe('default/new');
    expect(copyRecord({})).toEqual({});
  });

  it('applies a burst of new keys over a big record with the order of arrival', () => {
    const frames: (() => void)[] = [];
    const { store, enqueue } = createClusterStore((fn) => frames.push(fn));
    for (let i = 0; i < 1_000; i++)
      enqueue('Pod', { type: 'upsert', key: `default/a-${i}`, object: pod(`a-${i}`, '1') });
    frames.shift()?.();
    enqueue('Pod', { type: 'delete', key: 'default/a-10', object: pod('a-10', '1') });
    for (let i = 0; i < 500; i++)
      enqueue('Pod', { type: 'upsert', key: `default/b-${i}`, object: pod(`b-${i}`, '2') });
    frames.shift()?.();
    const keys = Object.keys(objectsOf(store.getState(), 'Pod'));
    expect(keys).toHaveLength(1_499);
    expect(keys[10]).toBe('default/a-11');
    expect(keys.at(-1)).toBe('default/b-499');
  });
});
