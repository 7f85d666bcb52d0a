/**
 * etcd as kube-apiserver sees it: an MVCC key-value store with one global revision, per-key
 * create/mod revisions and versions, prefix ranges, compare-and-swap transactions, watches from a
 * revision and compaction (etcd's mvcc/kvstore.go and the apiserver's storage/etcd3/store.go).
 *
 * Values are stored by reference and never mutated: callers must hand in objects they will not
 * change afterwards (the apiserver clones request bodies on the way in). That keeps puts and reads
 * free of serialisation, which is what lets 150,000 pods go through the full API path quickly.
 */
import type { KubeObject } from '../api/types.ts';
import { approximateJsonSize } from './json-size.ts';

export { approximateJsonSize };

/** One key at one revision. */
export interface KeyValue {
  key: string;
  value: KubeObject;
  /** Revision of the put that created the key (etcd `create_revision`). */
  createRevision: number;
  /** Revision of the last change (etcd `mod_revision`); the apiserver's resourceVersion. */
  modRevision: number;
  /** Number of puts since creation, starting at 1. */
  version: number;
}

/** One change, as an etcd watch reports it. */
export interface EtcdEvent {
  type: 'PUT' | 'DELETE';
  revision: number;
  key: string;
  /** The new value (PUT) or undefined (DELETE). */
  kv?: KeyValue;
  /** The value before the change, undefined when the key was created. */
  prevKv?: KeyValue;
}

export type EtcdErrorCode =
  | 'compacted'
  | 'future-revision'
  | 'timeout'
  | 'key-exists'
  | 'key-not-found'
  | 'mod-revision-mismatch';

/** Errors are values: every operation that can fail returns one of these. */
export interface EtcdError {
  ok: false;
  code: EtcdErrorCode;
  message: string;
  /** For `compacted`: the compacted revision; for CAS failures: the current modRevision (0 when absent). */
  revision: number;
  /** For CAS failures: the current value. */
  current?: KeyValue;
}

export type EtcdResult<T> = ({ ok: true } & T) | EtcdError;

export interface EtcdOptions {
  /** How many past revisions stay readable and watchable (kube-apiserver compacts every 5 min; we bound by count). */
  historyLimit?: number;
}

export interface EtcdStats {
  keys: number;
  revision: number;
  compactedRevision: number;
  /** Approximate JSON size of the current values. */
  approximateBytes: number;
  /** Key count per resource prefix, e.g. `/registry/pods` -> 12. */
  keysByResource: Record<string, number>;
}

export type EtcdWatchListener = (event: EtcdEvent) => void;

interface Watcher {
  prefix: string;
  listener: EtcdWatchListener;
}

/** A bucket holds the keys that share everything up to their last `/` (one namespace of one resource). */
interface Bucket {
  keys: Map<string, KeyValue>;
  /** Keys in order, possibly with deleted ones (`dirty`) and missing the `added` ones. */
  sorted: string[];
  added: string[];
  dirty: boolean;
}

/** Values measured per bucket for the size estimate. */
const STATS_SAMPLE = 32;

let _sink = 0;

/** The key flattened in place (a string built from pieces is a tree of them until read). */
function flatten(key: string): string {
  if (key.length > 0) _sink ^= key.charCodeAt(0);
  return key;
}

function bucketOf(key: string): string {
  return key.slice(0, key.lastIndexOf('/') + 1);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The store. Synchronous: the simulation is single-threaded; watchers are notified inside the write. */
export class Etcd {
  private rev = 1;
  private compacted = 0;
  private readonly buckets = new Map<string, Bucket>();
  /** Bucket names in order, rebuilt when a bucket appears or goes (rare). */
  private bucketNames: string[] | undefined;
  private count = 0;
  /** Ring of the last `historyLimit` events, oldest first, from `history[historyHead]`. */
  private history: EtcdEvent[] = [];
  private historyHead = 0;
  private readonly historyLimit: number;
  private readonly watchers = new Set<Watcher>();
  private readonly sizes = new WeakMap<object, number>();
  /** Simulated loss of quorum: every read and write times out. */
  quorumLost = false;

  constructor(options: EtcdOptions = {}) {
    this.historyLimit = Math.max(1, options.historyLimit ?? 10_000);
  }

  /** The current revision (etcd's header revision). A fresh store is at revision 1, like etcd. */
  revision(): number {
    return this.rev;
  }

  /** The highest compacted revision: reads and watches at or below it fail. */
  compactedRevision(): number {
    return this.compacted;
  }

  /** Current value of a key, in O(1). */
  get(key: string): KeyValue | undefined {
    return this.buckets.get(bucketOf(key))?.keys.get(key);
  }

  /** Value of a key at a past revision (time travel), or an error when compacted. */
  getAt(key: string, revision: number): EtcdResult<{ kv: KeyValue | undefined }> {
    const range = this.rangeAt(key, revision, true);
    if (!range.ok) return range;
    return { ok: true, kv: range.kvs[0] };
  }

  /**
   * Current keys under a prefix, sorted by key (etcd ranges are ordered). `startAfter` and `limit`
   * page through the range; `more` tells whether keys remain after the page.
   */
  range(
    prefix: string,
    options: { startAfter?: string; limit?: number } = {},
  ): { kvs: KeyValue[]; more: number } {
    // Buckets never nest, so ordering them by name orders their keys too: walk them in order,
    // binary-search the start, and stop at the limit without copying the rest.
    const names = this.bucketsFor(prefix);
    const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
    const startAfter = options.startAfter;
    const kvs: KeyValue[] = [];
    let more = 0;
    for (const name of names) {
      const bucket = this.buckets.get(name) as Bucket;
      const keys = this.sortedKeys(bucket);
      const whole = name.startsWith(prefix);
      let from = whole ? 0 : lowerBound(keys, prefix);
      let to = whole ? keys.length : from;
      if (!whole) while (to < keys.length && keys[to].startsWith(prefix)) to++;
      if (startAfter !== undefined) from = Math.max(from, upperBound(keys, startAfter));
      if (from >= to) continue;
      const room = limit - kvs.length;
      const take = Math.min(room, to - from);
      for (let k = from; k < from + take; k++) kvs.push(bucket.keys.get(keys[k]) as KeyValue);
      more += to - from - take;
    }
    return { kvs, more };
  }

  /** Names of the buckets that may hold keys under `prefix`, in order. */
  private bucketsFor(prefix: string): string[] {
    const names: string[] = [];
    // Buckets the prefix reaches into: those named by a `/`-ending part of it.
    for (let i = prefix.indexOf('/'); i >= 0; i = prefix.indexOf('/', i + 1)) {
      const name = prefix.slice(0, i + 1);
      if (name.length < prefix.length && this.buckets.has(name)) names.push(name);
    }
    // Buckets wholly under the prefix: a run of the sorted names (no scan of every bucket).
    const all = (this.bucketNames ??= [...this.buckets.keys()].sort(compareStrings));
    for (let i = lowerBound(all, prefix); i < all.length && all[i].startsWith(prefix); i++)
      names.push(all[i]);
    if (names.length > 1) names.sort(compareStrings);
    return names;
  }

  /** Number of keys under a prefix without materialising them. */
  countPrefix(prefix: string): number {
    let n = 0;
    for (const [name, bucket] of this.buckets) {
      if (name.startsWith(prefix)) n += bucket.keys.size;
      else if (prefix.startsWith(name))
        for (const k of bucket.keys.keys()) if (k.startsWith(prefix)) n++;
    }
    return n;
  }

  /**
   * Keys under a prefix as they were at `revision`: the current state with every later change
   * undone, newest first. Fails with `compacted` below the compaction point.
   */
  rangeAt(prefix: string, revision: number, exactKey = false): EtcdResult<{ kvs: KeyValue[] }> {
    if (this.quorumLost) return this.timeout();
    if (revision < this.compacted) return this.compactedError();
    if (revision > this.rev) {
      return {
        ok: false,
        code: 'future-revision',
        message: 'etcdserver: mvcc: required revision is a future revision',
        revision: this.rev,
      };
    }
    const matches = (k: string) => (exactKey ? k === prefix : k.startsWith(prefix));
    const state = new Map<string, KeyValue>();
    if (exactKey) {
      const kv = this.get(prefix);
      if (kv) state.set(prefix, kv);
    } else {
      for (const kv of this.range(prefix).kvs) state.set(kv.key, kv);
    }
    for (let i = this.history.length - 1; i >= this.historyHead; i--) {
      const event = this.history[i];
      if (event.revision <= revision) break;
      if (!matches(event.key)) continue;
      if (event.prevKv) state.set(event.key, event.prevKv);
      else state.delete(event.key);
    }
    const kvs = [...state.values()].sort((a, b) => compareStrings(a.key, b.key));
    return { ok: true, kvs };
  }

  /** Whether any key under `prefix` changed after `revision` (cheap check before a historical read). */
  changedSince(prefix: string, revision: number): boolean {
    if (!this.canReplayFrom(revision)) return true;
    for (let i = this.history.length - 1; i >= this.historyHead; i--) {
      const event = this.history[i];
      if (event.revision <= revision) return false;
      if (event.key.startsWith(prefix)) return true;
    }
    return false;
  }

  /**
   * Put as a transaction: `expectedModRevision` 0 means "must not exist" (create), a positive value
   * means "must be at this revision" (optimistic update), undefined means unconditional.
   */
  put(key: string, value: KubeObject, expectedModRevision?: number): EtcdResult<{ kv: KeyValue }> {
    if (this.quorumLost) return this.timeout();
    // One bucket lookup serves both the read and the write.
    const bucketName = bucketOf(key);
    let bucket = this.buckets.get(bucketName);
    const current = bucket?.keys.get(key);
    const mismatch = this.checkExpected(current, expectedModRevision);
    if (mismatch) return mismatch;
    const revision = ++this.rev;
    // The stored key string is the first one (flattened): a caller's key is usually a fresh
    // template-literal tree, which each KeyValue and history event would otherwise keep.
    const storedKey = current ? current.key : flatten(key);
    const kv: KeyValue = {
      key: storedKey,
      value,
      createRevision: current ? current.createRevision : revision,
      modRevision: revision,
      version: current ? current.version + 1 : 1,
    };
    if (!bucket) {
      bucket = { keys: new Map(), sorted: [], added: [], dirty: false };
      this.buckets.set(bucketName, bucket);
      this.bucketNames = undefined;
    }
    if (!current) {
      bucket.added.push(storedKey);
      this.count++;
    }
    bucket.keys.set(storedKey, kv);
    this.record({ type: 'PUT', revision, key: storedKey, kv, prevKv: current });
    return { ok: true, kv };
  }

  /** Delete as a transaction, optionally guarded by the expected modRevision. */
  delete(
    key: string,
    expectedModRevision?: number,
  ): EtcdResult<{ prevKv: KeyValue; revision: number }> {
    if (this.quorumLost) return this.timeout();
    const current = this.get(key);
    if (!current)
      return { ok: false, code: 'key-not-found', message: `key not found: ${key}`, revision: 0 };
    const mismatch = this.checkExpected(current, expectedModRevision);
    if (mismatch) return mismatch;
    const revision = ++this.rev;
    const bucket = this.buckets.get(bucketOf(key));
    if (bucket) {
      bucket.keys.delete(key);
      bucket.dirty = true;
      if (bucket.keys.size === 0) {
        this.buckets.delete(bucketOf(key));
        this.bucketNames = undefined;
      }
    }
    this.count--;
    this.record({ type: 'DELETE', revision, key: current.key, prevKv: current });
    return { ok: true, prevKv: current, revision };
  }

  /**
   * Watches keys under `prefix`, delivering every change after `afterRevision` (replayed from
   * history first, synchronously, then live). Returns a cancel function, or `compacted` when the
   * history no longer reaches back that far.
   */
  watch(
    prefix: string,
    afterRevision: number,
    listener: EtcdWatchListener,
  ): EtcdResult<{ cancel: () => void }> {
    if (!this.canReplayFrom(afterRevision)) return this.compactedError();
    for (const event of this.eventsSince(afterRevision))
      if (event.key.startsWith(prefix)) listener(event);
    const watcher: Watcher = { prefix, listener };
    this.watchers.add(watcher);
    return { ok: true, cancel: () => this.watchers.delete(watcher) };
  }

  /** Past events after `afterRevision` (those still in history), oldest first. */
  eventsSince(afterRevision: number): EtcdEvent[] {
    const out: EtcdEvent[] = [];
    let i = this.history.length;
    while (i > this.historyHead && this.history[i - 1].revision > afterRevision) i--;
    for (; i < this.history.length; i++) out.push(this.history[i]);
    return out;
  }

  /** Whether a watch or read from `afterRevision` can still be served from history. */
  canReplayFrom(afterRevision: number): boolean {
    // Every revision after the compaction point has its event in history (revision 1 has none).
    return afterRevision >= this.compacted;
  }

  /** Drops history at and below `revision` (etcd `Compact`). */
  compact(revision: number): void {
    const target = Math.min(revision, this.rev);
    if (target <= this.compacted) return;
    this.compacted = target;
    while (
      this.historyHead < this.history.length &&
      this.history[this.historyHead].revision <= target
    )
      this.historyHead++;
    this.trimHistory();
  }

  /** Key count, revision and approximate size: the UI's "what is in etcd". */
  stats(): EtcdStats {
    let bytes = 0;
    const byResource: Record<string, number> = {};
    for (const [name, bucket] of this.buckets) {
      const resource = resourcePrefix(name);
      byResource[resource] = (byResource[resource] ?? 0) + bucket.keys.size;
      // Sizes are estimated from up to 32 values per bucket: stats stay cheap at 150,000 pods.
      let sampled = 0;
      let sampleBytes = 0;
      for (const kv of bucket.keys.values()) {
        sampleBytes += kv.key.length + this.sizeOf(kv.value);
        if (++sampled >= STATS_SAMPLE) break;
      }
      if (sampled > 0) bytes += Math.round((sampleBytes / sampled) * bucket.keys.size);
    }
    return {
      keys: this.count,
      revision: this.rev,
      compactedRevision: this.compacted,
      approximateBytes: bytes,
      keysByResource: byResource,
    };
  }

  private checkExpected(
    current: KeyValue | undefined,
    expected: number | undefined,
  ): EtcdError | undefined {
    if (expected === undefined) return undefined;
    if (expected === 0) {
      if (!current) return undefined;
      return {
        ok: false,
        code: 'key-exists',
        message: 'key already exists',
        revision: current.modRevision,
        current,
      };
    }
    if (!current)
      return { ok: false, code: 'key-not-found', message: 'key not found', revision: 0 };
    if (current.modRevision !== expected) {
      return {
        ok: false,
        code: 'mod-revision-mismatch',
        message: 'mod revision mismatch',
        revision: current.modRevision,
        current,
      };
    }
    return undefined;
  }

  private record(event: EtcdEvent): void {
    this.history.push(event);
    if (this.history.length - this.historyHead > this.historyLimit) {
      this.historyHead++;
      this.compacted = this.history[this.historyHead - 1].revision;
    }
    this.trimHistory();
    for (const watcher of this.watchers)
      if (event.key.startsWith(watcher.prefix)) watcher.listener(event);
  }

  private trimHistory(): void {
    // Amortised O(1): drop the consumed head once it is as large as the live part.
    if (this.historyHead > 1024 && this.historyHead * 2 > this.history.length) {
      this.history = this.history.slice(this.historyHead);
      this.historyHead = 0;
    }
  }

  /**
   * The bucket's keys in order. New keys are merged in lazily (sort the few added, merge in O(n))
   * and deleted ones dropped, so a 150,000-pod bucket is never fully re-sorted on each write.
   */
  private sortedKeys(bucket: Bucket): string[] {
    if (bucket.added.length === 0 && !bucket.dirty) return bucket.sorted;
    const added = bucket.added.sort(compareStrings);
    const old = bucket.sorted;
    const out: string[] = [];
    let i = 0;
    let j = 0;
    let last: string | undefined;
    const take = (k: string) => {
      if (k !== last && bucket.keys.has(k)) out.push(k);
      last = k;
    };
    while (i < old.length || j < added.length) {
      if (j >= added.length || (i < old.length && old[i] <= added[j])) take(old[i++]);
      else take(added[j++]);
    }
    bucket.sorted = out;
    bucket.added = [];
    bucket.dirty = false;
    return out;
  }

  private sizeOf(value: object): number {
    let size = this.sizes.get(value);
    if (size === undefined) {
      size = approximateJsonSize(value);
      this.sizes.set(value, size);
    }
    return size;
  }

  private compactedError(): EtcdError {
    return {
      ok: false,
      code: 'compacted',
      message: 'etcdserver: mvcc: required revision has been compacted',
      revision: this.compacted,
    };
  }

  private timeout(): EtcdError {
    return {
      ok: false,
      code: 'timeout',
      message: 'etcdserver: request timed out',
      revision: this.rev,
    };
  }
}

/** `/registry/pods/default/` -> `/registry/pods`; `/registry/apps/deployments/ns/` -> `/registry/apps/deployments`. */
function resourcePrefix(bucket: string): string {
  const parts = bucket.split('/').filter(Boolean);
  // Core resources are /registry/<resource>/..., grouped ones /registry/<group>/<resource>/...
  const take = parts.length > 1 && parts[1].includes('.') ? 3 : 2;
  return '/' + parts.slice(0, Math.min(take, parts.length)).join('/');
}

function lowerBound(sorted: string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(sorted: string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
