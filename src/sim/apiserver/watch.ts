/**
 * Watches, as the apiserver's watch cache serves them (apiserver pkg/storage/cacher): every etcd
 * change is matched against each watcher's filter; a change that makes an object leave the filter
 * becomes DELETED (with the old object at the new resourceVersion), one that makes it enter becomes
 * ADDED (cache_watcher.go convertToWatchEvent). Events are queued during the write and delivered
 * later on one zero-delay clock timer, all watchers in revision order, so nothing a client does in
 * reaction to an event happens inside the write that caused it.
 */
import type { Clock, TimerId } from '../clock.ts';
import type { KubeObject, WatchEvent, WatchStream } from '../api/types.ts';
import type { EtcdEvent } from '../store/etcd.ts';
import type { LabelSelector, FieldRequirement } from './selectors.ts';
import { matchesFields, matchesLabels } from './selectors.ts';

/** Annotation on the bookmark that ends the initial events of a `sendInitialEvents` watch. */
export const INITIAL_EVENTS_END_ANNOTATION = 'k8s.io/initial-events-end';

export interface WatchFilter {
  /** etcd key prefix: resource, or resource + namespace. */
  prefix: string;
  labels?: LabelSelector;
  fields?: FieldRequirement[];
}

export interface WatchOptions extends WatchFilter {
  /** Turns stored objects into what the client asked for (version conversion, Table rows). */
  transform: (object: KubeObject, type: WatchEvent['type']) => KubeObject;
  /** kind/apiVersion of bookmark objects. */
  bookmarkKind: string;
  bookmarkApiVersion: string;
  allowBookmarks: boolean;
  timeoutMs?: number;
  /** Current revision, for bookmarks. */
  revision: () => number;
}

/** One watch: the server side of a WatchStream. */
export class ServerWatch implements WatchStream {
  private listener: ((event: WatchEvent) => void) | undefined;
  private buffered: WatchEvent[] = [];
  private closeListeners: (() => void)[] = [];
  private timers: TimerId[] = [];
  closed = false;
  /** Set when the watch indexes by `spec.nodeName=<value>`. */
  nodeName: string | undefined;

  constructor(
    readonly options: WatchOptions,
    private readonly hub: WatchHub,
  ) {
    for (const f of options.fields ?? [])
      if (f.field === 'spec.nodeName' && f.equals) this.nodeName = f.value;
  }

  onEvent(listener: (event: WatchEvent) => void): void {
    this.listener = listener;
    const pending = this.buffered;
    this.buffered = [];
    for (const event of pending) listener(event);
    if (this.closed) this.fireClose();
  }

  onClose(listener: () => void): void {
    if (this.closed && this.buffered.length === 0) listener();
    else this.closeListeners.push(listener);
  }

  stop(): void {
    this.close();
  }

  /** Whether an object passes this watch's filter. */
  matches(key: string, object: KubeObject): boolean {
    if (!key.startsWith(this.options.prefix)) return false;
    if (
      this.options.labels &&
      this.options.labels.length > 0 &&
      !matchesLabels(this.options.labels, object.metadata?.labels)
    )
      return false;
    if (
      this.options.fields &&
      this.options.fields.length > 0 &&
      !matchesFields(this.options.fields, object)
    )
      return false;
    return true;
  }

  /** Delivers one event now (called by the hub's flush). */
  deliver(event: WatchEvent): void {
    if (this.closed) return;
    if (this.listener) this.listener(event);
    else this.buffered.push(event);
  }

  /** Ends the watch from the server side. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) this.hub.clock.clearTimer(t);
    this.timers = [];
    this.hub.remove(this);
    // Buffered events are still handed to a late listener; close listeners fire after them.
    if (this.buffered.length === 0) this.fireClose();
  }

  private fireClose(): void {
    const listeners = this.closeListeners;
    this.closeListeners = [];
    for (const l of listeners) l();
  }

  /** Starts the bookmark and timeout timers. */
  startTimers(): void {
    const clock = this.hub.clock;
    if (this.options.allowBookmarks) {
      // cacher.go: bookmarks roughly every minute (defaultBookmarkFrequency).
      const tick = () => {
        if (this.closed) return;
        this.hub.enqueue(this, { type: 'BOOKMARK', object: this.bookmark() });
        this.timers.push(clock.setTimer(60_000, tick, 'watch-bookmark'));
      };
      this.timers.push(clock.setTimer(60_000, tick, 'watch-bookmark'));
    }
    if (this.options.timeoutMs !== undefined && this.options.timeoutMs > 0) {
      this.timers.push(
        clock.setTimer(
          this.options.timeoutMs,
          () => this.hub.closeAfterFlush(this),
          'watch-timeout',
        ),
      );
    }
  }

  /** A BOOKMARK object: only kind, apiVersion and metadata.resourceVersion. */
  bookmark(annotations?: Record<string, string>): KubeObject {
    return {
      kind: this.options.bookmarkKind,
      apiVersion: this.options.bookmarkApiVersion,
      metadata: {
        resourceVersion: String(this.options.revision()),
        ...(annotations ? { annotations } : {}),
      },
    };
  }
}

/** Routes etcd changes to watches and delivers them on the clock. */
export class WatchHub {
  private readonly byPrefix = new Map<string, Set<ServerWatch>>();
  private readonly byNode = new Map<string, Map<string, Set<ServerWatch>>>();
  /**
   * Per resource prefix, its plain watches in order when none of them filters (whole resource, no
   * selector: every change reaches all of them), else null; rebuilt when the set changes. Such a
   * change is queued once for the whole list instead of once per watch.
   */
  private readonly broadcastLists = new Map<string, readonly ServerWatch[] | null>();
  // The delivery queue as three parallel arrays (watch or broadcast list, event, close after
  // it): no object per queued entry.
  private pendingWatches: (ServerWatch | readonly ServerWatch[])[] = [];
  private pendingEvents: WatchEvent[] = [];
  private pendingCloses: boolean[] = [];
  private flushTimer: TimerId | undefined;
  /** The etcd event last converted, and the watch events made from it (shared by its watchers). */
  private converted: EtcdEvent | undefined;
  private added: WatchEvent | undefined;
  private modified: WatchEvent | undefined;
  private deleted: WatchEvent | undefined;

  constructor(
    readonly clock: Clock,
    /** Maps a key to the watch index prefix (the resource's etcd prefix with trailing slash). */
    private readonly resourcePrefixOf: (key: string) => string,
  ) {}

  /** Number of open watches (stats, tests). */
  size(): number {
    let n = 0;
    for (const set of this.byPrefix.values()) n += set.size;
    for (const m of this.byNode.values()) for (const set of m.values()) n += set.size;
    return n;
  }

  /** Registers a watch under its resource prefix. */
  add(watch: ServerWatch, resourcePrefix: string): void {
    if (watch.nodeName !== undefined) {
      let m = this.byNode.get(resourcePrefix);
      if (!m) this.byNode.set(resourcePrefix, (m = new Map()));
      let set = m.get(watch.nodeName);
      if (!set) m.set(watch.nodeName, (set = new Set()));
      set.add(watch);
    } else {
      let set = this.byPrefix.get(resourcePrefix);
      if (!set) this.byPrefix.set(resourcePrefix, (set = new Set()));
      set.add(watch);
      this.broadcastLists.delete(resourcePrefix);
    }
    (watch as { indexPrefix?: string }).indexPrefix = resourcePrefix;
  }

  /** Unregisters a closed watch. */
  remove(watch: ServerWatch): void {
    const prefix = (watch as { indexPrefix?: string }).indexPrefix;
    if (prefix === undefined) return;
    if (watch.nodeName !== undefined) this.byNode.get(prefix)?.get(watch.nodeName)?.delete(watch);
    else {
      this.byPrefix.get(prefix)?.delete(watch);
      this.broadcastLists.delete(prefix);
    }
  }

  /** The broadcast list of a prefix's plain watches (see broadcastLists). */
  private broadcastList(prefix: string, plain: Set<ServerWatch>): readonly ServerWatch[] | null {
    let list = this.broadcastLists.get(prefix);
    if (list === undefined) {
      list = [...plain];
      for (const w of list) {
        const o = w.options;
        if (o.prefix !== prefix || (o.labels?.length ?? 0) > 0 || (o.fields?.length ?? 0) > 0) {
          list = null;
          break;
        }
      }
      this.broadcastLists.set(prefix, list);
    }
    return list;
  }

  /** Ends every open watch (the apiserver going away). */
  closeAll(): void {
    const all: ServerWatch[] = [];
    for (const set of this.byPrefix.values()) all.push(...set);
    for (const m of this.byNode.values()) for (const set of m.values()) all.push(...set);
    for (const w of all) w.close();
  }

  /** Queues an event for one watch and makes sure a flush is scheduled. */
  enqueue(
    watch: ServerWatch | readonly ServerWatch[],
    event: WatchEvent,
    closeAfter = false,
  ): void {
    this.pendingWatches.push(watch);
    this.pendingEvents.push(event);
    this.pendingCloses.push(closeAfter);
    this.schedule();
  }

  /** Closes a watch once everything already queued for it is delivered. */
  closeAfterFlush(watch: ServerWatch): void {
    this.enqueue(watch, { type: 'BOOKMARK', object: {} }, true);
  }

  /** Matches one etcd change against the watches of its resource (called inside the write). */
  dispatch(event: EtcdEvent): void {
    const prefix = this.resourcePrefixOf(event.key);
    const plain = this.byPrefix.get(prefix);
    if (plain && plain.size > 0) {
      const list = this.broadcastList(prefix, plain);
      if (list) {
        // Every one of them sees the change as it is: the event convert() would queue for each.
        const cur = event.kv?.value;
        const old = event.prevKv?.value;
        const shared = this.eventFor(event, cur !== undefined, old !== undefined);
        if (shared) this.enqueue(list, shared);
      } else for (const w of plain) this.convert(w, event);
    }
    const nodes = this.byNode.get(prefix);
    if (nodes) {
      const newNode = nodeNameOf(event.kv?.value);
      const oldNode = nodeNameOf(event.prevKv?.value);
      const targets = nodes.get(newNode);
      if (targets) for (const w of targets) this.convertByNode(w, event, prefix, newNode, oldNode);
      if (oldNode !== newNode) {
        const oldTargets = nodes.get(oldNode);
        if (oldTargets)
          for (const w of oldTargets) this.convertByNode(w, event, prefix, newNode, oldNode);
      }
    }
  }

  /** convert() for a node-indexed watch: one whose only filter is its node needs no matching. */
  private convertByNode(
    w: ServerWatch,
    event: EtcdEvent,
    resourcePrefix: string,
    newNode: string,
    oldNode: string,
  ): void {
    const o = w.options;
    if (!(o.prefix === resourcePrefix && (o.labels?.length ?? 0) === 0 && o.fields?.length === 1)) {
      this.convert(w, event);
      return;
    }
    const curPasses = event.kv !== undefined && newNode === w.nodeName;
    const oldPasses = event.prevKv !== undefined && oldNode === w.nodeName;
    const shared = this.eventFor(event, curPasses, oldPasses);
    if (shared) this.enqueue(w, shared);
  }

  /** Turns an etcd event into the watch event this watcher should see, if any, and queues it. */
  convert(w: ServerWatch, event: EtcdEvent): void {
    const cur = event.kv?.value;
    const old = event.prevKv?.value;
    const curPasses = cur !== undefined && w.matches(event.key, cur);
    const oldPasses = old !== undefined && w.matches(event.key, old);
    const shared = this.eventFor(event, curPasses, oldPasses);
    if (shared) this.enqueue(w, shared);
  }

  /**
   * The watch event for a change whose new and old states do or do not pass a watch's filter:
   * leaving it is DELETED (the old object at the new revision), entering it ADDED. Watches of one
   * change share these objects (nobody writes to a delivered event).
   */
  private eventFor(
    event: EtcdEvent,
    curPasses: boolean,
    oldPasses: boolean,
  ): WatchEvent | undefined {
    if (event !== this.converted) {
      this.converted = event;
      this.added = this.modified = this.deleted = undefined;
    }
    const cur = event.kv?.value;
    const old = event.prevKv?.value;
    if (curPasses && oldPasses && cur) return (this.modified ??= { type: 'MODIFIED', object: cur });
    if (curPasses && cur) return (this.added ??= { type: 'ADDED', object: cur });
    if (oldPasses && old)
      return (this.deleted ??= {
        type: 'DELETED',
        object: withResourceVersion(old, event.revision),
      });
    return undefined;
  }

  private schedule(): void {
    if (this.flushTimer !== undefined) return;
    this.flushTimer = this.clock.setTimer(0, () => this.flush(), 'watch-delivery');
  }

  /** Delivers everything queued, in order. Events queued during delivery wait for the next flush. */
  flush(): void {
    this.flushTimer = undefined;
    const watches = this.pendingWatches;
    const events = this.pendingEvents;
    const closes = this.pendingCloses;
    this.pendingWatches = [];
    this.pendingEvents = [];
    this.pendingCloses = [];
    for (let i = 0; i < watches.length; i++) {
      const target = watches[i];
      if (isList(target)) {
        const event = events[i];
        for (const w of target) if (!w.closed) w.deliver(this.transform(w, event));
        continue;
      }
      const watch = target;
      if (watch.closed) continue;
      const event = events[i];
      if (closes[i]) {
        if (event.type !== 'BOOKMARK' || event.object.kind)
          watch.deliver(this.transform(watch, event));
        watch.close();
        continue;
      }
      watch.deliver(this.transform(watch, event));
    }
  }

  private transform(w: ServerWatch, event: WatchEvent): WatchEvent {
    if (event.type === 'BOOKMARK' || event.type === 'ERROR') return event;
    const object = w.options.transform(event.object, event.type);
    // Most watches are served in the storage version: the event goes out as it is.
    return object === event.object ? event : { type: event.type, object };
  }
}

function isList(target: ServerWatch | readonly ServerWatch[]): target is readonly ServerWatch[] {
  return Array.isArray(target);
}

function nodeNameOf(obj: KubeObject | undefined): string {
  const spec = obj?.spec as { nodeName?: string } | undefined;
  return spec?.nodeName ?? '';
}

/** A copy of the object whose metadata.resourceVersion is `revision` (DELETED events carry the delete revision). */
export function withResourceVersion(obj: KubeObject, revision: number): KubeObject {
  return { ...obj, metadata: { ...obj.metadata, resourceVersion: String(revision) } };
}
