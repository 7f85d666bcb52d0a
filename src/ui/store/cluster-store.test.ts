import { describe, expect, it } from 'vitest';
import { createClusterStore, objectsOf } from './cluster-store';

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
});
