import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Etcd, type EtcdEvent } from './etcd.ts';

const obj = (name: string, extra: Record<string, unknown> = {}) =>
  Object.freeze({ metadata: { name }, ...extra });

describe('etcd', () => {
  it('keeps a global revision and per-key create/mod revisions and versions', () => {
    const etcd = new Etcd();
    expect(etcd.revision()).toBe(1);
    const a = etcd.put('/registry/pods/default/a', obj('a'));
    const b = etcd.put('/registry/pods/default/b', obj('b'));
    const a2 = etcd.put('/registry/pods/default/a', obj('a', { v: 2 }));
    if (!a.ok || !b.ok || !a2.ok) throw new Error('put failed');
    expect(a.kv).toMatchObject({ createRevision: 2, modRevision: 2, version: 1 });
    expect(b.kv.modRevision).toBe(3);
    expect(a2.kv).toMatchObject({ createRevision: 2, modRevision: 4, version: 2 });
    expect(etcd.revision()).toBe(4);
    expect(etcd.get('/registry/pods/default/a')?.value).toEqual({ metadata: { name: 'a' }, v: 2 });
  });

  it('ranges by prefix in key order, with pages', () => {
    const etcd = new Etcd();
    for (const ns of ['b-ns', 'a-ns'])
      for (const n of ['z', 'x', 'y']) etcd.put(`/registry/pods/${ns}/${n}`, obj(n));
    etcd.put('/registry/services/specs/a-ns/s', obj('s'));
    const all = etcd.range('/registry/pods/');
    expect(all.kvs.map((kv) => kv.key)).toEqual([
      '/registry/pods/a-ns/x',
      '/registry/pods/a-ns/y',
      '/registry/pods/a-ns/z',
      '/registry/pods/b-ns/x',
      '/registry/pods/b-ns/y',
      '/registry/pods/b-ns/z',
    ]);
    expect(etcd.range('/registry/pods/a-ns/').kvs).toHaveLength(3);
    const page1 = etcd.range('/registry/pods/', { limit: 4 });
    expect(page1.kvs).toHaveLength(4);
    expect(page1.more).toBe(2);
    const page2 = etcd.range('/registry/pods/', { startAfter: page1.kvs[3].key, limit: 4 });
    expect(page2.kvs.map((kv) => kv.key)).toEqual([
      '/registry/pods/b-ns/y',
      '/registry/pods/b-ns/z',
    ]);
    expect(page2.more).toBe(0);
    expect(etcd.countPrefix('/registry/pods/')).toBe(6);
  });

  it('keeps range order through deletes and re-creates', () => {
    const etcd = new Etcd();
    for (const n of ['d', 'b', 'a', 'c']) etcd.put(`/r/ns/${n}`, obj(n));
    expect(etcd.range('/r/').kvs.map((kv) => kv.key)).toEqual([
      '/r/ns/a',
      '/r/ns/b',
      '/r/ns/c',
      '/r/ns/d',
    ]);
    etcd.delete('/r/ns/b');
    etcd.put('/r/ns/e', obj('e'));
    etcd.delete('/r/ns/c');
    etcd.put('/r/ns/c', obj('c'));
    etcd.put('/r/ns/0', obj('0'));
    expect(etcd.range('/r/').kvs.map((kv) => kv.key)).toEqual([
      '/r/ns/0',
      '/r/ns/a',
      '/r/ns/c',
      '/r/ns/d',
      '/r/ns/e',
    ]);
  });

  it('compares and swaps on modRevision', () => {
    const etcd = new Etcd();
    expect(etcd.put('/k/a', obj('a'), 0).ok).toBe(true);
    const again = etcd.put('/k/a', obj('a'), 0);
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.code).toBe('key-exists');
    const stale = etcd.put('/k/a', obj('a'), 1);
    expect(stale.ok).toBe(false);
    if (!stale.ok) expect(stale).toMatchObject({ code: 'mod-revision-mismatch', revision: 2 });
    expect(etcd.put('/k/a', obj('a'), 2).ok).toBe(true);
    const del = etcd.delete('/k/a', 2);
    expect(del.ok).toBe(false);
    expect(etcd.delete('/k/a', 3).ok).toBe(true);
    expect(etcd.get('/k/a')).toBeUndefined();
  });

  it('reads at a past revision until compacted', () => {
    const etcd = new Etcd();
    etcd.put('/k/a', obj('a', { v: 1 }));
    etcd.put('/k/b', obj('b'));
    etcd.put('/k/a', obj('a', { v: 2 }));
    etcd.delete('/k/b');
    const at3 = etcd.rangeAt('/k/', 3);
    if (!at3.ok) throw new Error('range failed');
    expect(at3.kvs.map((kv) => [kv.key, kv.value])).toEqual([
      ['/k/a', { metadata: { name: 'a' }, v: 1 }],
      ['/k/b', { metadata: { name: 'b' } }],
    ]);
    const a2 = etcd.getAt('/k/a', 2);
    expect(a2.ok && a2.kv?.value).toEqual({ metadata: { name: 'a' }, v: 1 });
    etcd.compact(4);
    const old = etcd.rangeAt('/k/', 3);
    expect(old.ok).toBe(false);
    if (!old.ok) expect(old).toMatchObject({ code: 'compacted', revision: 4 });
    expect(etcd.rangeAt('/k/', 4).ok).toBe(true);
  });

  it('watches from a revision, replaying history then live changes', () => {
    const etcd = new Etcd();
    etcd.put('/registry/pods/default/a', obj('a'));
    etcd.put('/registry/configmaps/default/c', obj('c'));
    etcd.put('/registry/pods/default/b', obj('b'));
    const seen: EtcdEvent[] = [];
    const w = etcd.watch('/registry/pods/', 2, (e) => seen.push(e));
    expect(w.ok).toBe(true);
    expect(seen.map((e) => [e.type, e.key, e.revision])).toEqual([
      ['PUT', '/registry/pods/default/b', 4],
    ]);
    etcd.delete('/registry/pods/default/a');
    expect(seen[1]).toMatchObject({ type: 'DELETE', key: '/registry/pods/default/a', revision: 5 });
    expect(seen[1].prevKv?.value).toEqual({ metadata: { name: 'a' } });
    if (w.ok) w.cancel();
    etcd.put('/registry/pods/default/z', obj('z'));
    expect(seen).toHaveLength(2);
  });

  it('bounds history and reports watches from compacted revisions', () => {
    const etcd = new Etcd({ historyLimit: 5 });
    for (let i = 0; i < 20; i++) etcd.put(`/k/${i}`, obj(String(i)));
    expect(etcd.revision()).toBe(21);
    expect(etcd.compactedRevision()).toBe(16);
    const w = etcd.watch('/k/', 10, () => undefined);
    expect(w.ok).toBe(false);
    if (!w.ok) expect(w).toMatchObject({ code: 'compacted', revision: 16 });
    const seen: number[] = [];
    expect(etcd.watch('/k/', 16, (e) => seen.push(e.revision)).ok).toBe(true);
    expect(seen).toEqual([17, 18, 19, 20, 21]);
  });

  it('fails every operation while quorum is lost', () => {
    const etcd = new Etcd();
    etcd.quorumLost = true;
    const put = etcd.put('/k/a', obj('a'));
    expect(put.ok).toBe(false);
    if (!put.ok) expect(put.message).toBe('etcdserver: request timed out');
  });

  it('reports stats per resource', () => {
    const etcd = new Etcd();
    etcd.put('/registry/pods/default/a', obj('a'));
    etcd.put('/registry/pods/kube-system/b', obj('b'));
    etcd.put('/registry/minions/n1', obj('n1'));
    etcd.put('/registry/example.com/widgets/default/w', obj('w'));
    const stats = etcd.stats();
    expect(stats.keys).toBe(4);
    expect(stats.keysByResource).toEqual({
      '/registry/pods': 2,
      '/registry/minions': 1,
      '/registry/example.com/widgets': 1,
    });
    expect(stats.approximateBytes).toBeGreaterThan(
      JSON.stringify({ metadata: { name: 'a' } }).length * 4,
    );
  });

  it('ranges and counts like a sorted scan of every key', () => {
    // Keys shaped like the apiserver's: cluster-scoped /r/c/<name>, namespaced /r/n/<ns>/<name>.
    const segment = fc.constantFrom('a', 'b', 'ab', 'pods', 'x');
    const key = fc.oneof(
      segment.map((name) => `/r/c/${name}`),
      fc.tuple(segment, segment).map(([ns, name]) => `/r/n/${ns}/${name}`),
    );
    const op = fc.record({ key, del: fc.boolean() });
    const prefix = fc.oneof(
      key,
      key.map((k) => k.slice(0, k.lastIndexOf('/') + 1)),
      key.map((k) => k.slice(0, -1)),
      fc.constant(''),
      fc.constant('/r/'),
    );
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 40 }),
        fc.array(prefix, { maxLength: 6 }),
        (ops, prefixes) => {
          const etcd = new Etcd();
          const live = new Set<string>();
          for (const o of ops) {
            if (o.del && live.has(o.key)) {
              etcd.delete(o.key);
              live.delete(o.key);
            } else if (!o.del) {
              etcd.put(o.key, obj(o.key));
              live.add(o.key);
            }
          }
          for (const p of prefixes) {
            const expected = [...live].filter((k) => k.startsWith(p)).sort();
            expect(etcd.range(p).kvs.map((kv) => kv.key)).toEqual(expected);
            expect(etcd.countPrefix(p)).toBe(expected.length);
            const page = etcd.range(p, { limit: 2, startAfter: expected[0] });
            expect(page.kvs.map((kv) => kv.key)).toEqual(expected.slice(1, 3));
            expect(page.more).toBe(Math.max(0, expected.length - 3));
          }
          for (const k of live) expect(etcd.get(k)?.key).toBe(k);
          expect(etcd.stats().keys).toBe(live.size);
        },
      ),
      { numRuns: 200 },
    );
  });
});
