/**
 * The event timeline: attributed changes (who wrote what) and Kubernetes Events, newest first.
 * Hovering an entry highlights its object; clicking one explains it and shows the cluster as it
 * was at that revision (read-only); "Live" returns.
 */
import { memo, useCallback, useEffect, useMemo, useState } from 'react';
import type { StoreApi } from 'zustand';
import type { KubeObject } from '../../sim/api/types';
import type { ChangeSummary } from '../../worker/protocol';
import { eventTime } from '../connection';
import { useConnection } from '../connection-context';
import { activityStore, type ActivityState } from '../store/activity-store';
import { objectsOf, type ClusterState } from '../store/cluster-store';
import { useView } from '../store/react';
import { usePacedList } from '../store/paced-list';
import { highlight, returnToLive, viewStore, type ObjectRef } from '../store/view-store';
import { formatClock } from '../timebar/format';
import { actorOf } from './actors';
import { newestEvents } from './newest';
import { describeChange, explainChange, explainEvent, type Explanation } from './explain';
import { travelTo } from './time-travel';

/** How many entries are drawn (the newest). */
const SHOWN = 150;
/**
 * Rows a redraw may add (see usePacedList); the rest follow ROWS_DELAY_MS apart. The panel shows
 * a handful of rows, so the newest are all drawn at once.
 */
const ROWS_PER_PASS = 20;
const ROWS_DELAY_MS = 100;
/** The list redraws at most this often: a busy cluster changes every frame. */
const REDRAW_MS = 300;

/**
 * A store's selected value, updated at most every `ms` (the latest value always arrives). The
 * store is watched outside React, so the many updates in between cost a comparison, not a render.
 * `selector` must be stable (a module-level function).
 */
function useThrottledStore<S, T>(store: StoreApi<S>, selector: (state: S) => T, ms: number): T {
  const [shown, setShown] = useState(() => selector(store.getState()));
  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let current = selector(store.getState());
    setShown(current);
    const show = () => {
      timer = undefined;
      last = performance.now();
      setShown(current);
    };
    const unsubscribe = store.subscribe((state) => {
      const next = selector(state);
      if (Object.is(next, current)) return;
      current = next;
      timer ??= setTimeout(show, Math.max(0, last + ms - performance.now()));
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [store, selector, ms]);
  return shown;
}

/** Event times, parsed once per Event object. */
const eventTimes = new WeakMap<KubeObject, number>();
function cachedEventTime(event: KubeObject): number {
  let at = eventTimes.get(event);
  if (at === undefined) eventTimes.set(event, (at = eventTime(event) ?? 0));
  return at;
}

type Entry =
  | { id: string; at: number; type: 'change'; change: ChangeSummary }
  | { id: string; at: number; type: 'event'; event: KubeObject };

/** Entries are made once per change or Event object, so unchanged rows keep their props. */
const entryCache = new WeakMap<object, Entry>();
function changeEntry(change: ChangeSummary): Entry {
  let entry = entryCache.get(change);
  if (!entry) {
    entry = {
      id: `c:${change.revision}:${change.kind}/${change.namespace ?? ''}/${change.name}`,
      at: change.atMs,
      type: 'change',
      change,
    };
    entryCache.set(change, entry);
  }
  return entry;
}
function eventEntry(event: KubeObject): Entry {
  let entry = entryCache.get(event);
  if (!entry) {
    entry = {
      id: `e:${event.metadata?.uid ?? event.metadata?.name}`,
      at: cachedEventTime(event),
      type: 'event',
      event,
    };
    entryCache.set(event, entry);
  }
  return entry;
}

const refOfChange = (c: ChangeSummary): ObjectRef => ({
  kind: c.kind,
  key: c.namespace ? `${c.namespace}/${c.name}` : c.name,
});

function refOfEvent(event: KubeObject): ObjectRef {
  const o = (event.involvedObject ?? event.regarding ?? {}) as {
    kind?: string;
    name?: string;
    namespace?: string;
  };
  return {
    kind: o.kind ?? '',
    key: o.namespace ? `${o.namespace}/${o.name ?? ''}` : (o.name ?? ''),
  };
}

const entryKey = (entry: Entry) => entry.id;
const selectChanges = (s: ActivityState) => s.changes;
const selectEvents = (s: ClusterState) => objectsOf(s, 'Event');

export function Timeline() {
  const connection = useConnection();
  const changes = useThrottledStore(activityStore, selectChanges, REDRAW_MS);
  const events = useThrottledStore(connection.cluster.store, selectEvents, REDRAW_MS);
  const selectedEntry = useView((s) => s.selectedEntry);
  const past = useView((s) => s.past);
  const travelError = useView((s) => s.travelError);
  const [filter, setFilter] = useState<'all' | 'changes' | 'events'>('all');

  const entries = useMemo(() => {
    const list: Entry[] = [];
    if (filter !== 'events') {
      // Changes arrive in revision order: only the newest can be shown.
      for (const change of changes.slice(-SHOWN)) list.push(changeEntry(change));
    }
    if (filter !== 'changes') {
      const recent = newestEvents(Object.values(events), SHOWN, cachedEventTime);
      for (const { event } of recent) list.push(eventEntry(event));
    }
    list.sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    return list.slice(0, SHOWN);
  }, [changes, events, filter]);

  const drawn = usePacedList(entries, entryKey, ROWS_PER_PASS, ROWS_DELAY_MS);

  const selected = entries.find((e) => e.id === selectedEntry);
  let explanation: Explanation | undefined;
  if (selected?.type === 'change') explanation = explainChange(selected.change, changes);
  if (selected?.type === 'event') explanation = explainEvent(selected.event);

  const open = useCallback(
    (entry: Entry) => {
      viewStore.setState({ selectedEntry: entry.id });
      const revision =
        entry.type === 'change'
          ? entry.change.revision
          : Number(entry.event.metadata?.resourceVersion ?? 0);
      if (revision > 0) void travelTo(connection, revision, entry.at);
    },
    [connection],
  );

  return (
    <section className="panel timeline-panel" aria-label="Timeline">
      <div className="panel-tabs timeline-tabs">
        <span className="tab active">Timeline</span>
        <select
          aria-label="Show"
          value={filter}
          onChange={(e) => setFilter(e.target.value as typeof filter)}
        >
          <option value="all">changes and events</option>
          <option value="changes">changes</option>
          <option value="events">events</option>
        </select>
        {past && (
          <button type="button" className="primary" onClick={returnToLive} aria-label="Live">
            ● Live
          </button>
        )}
      </div>
      {travelError && <p className="bad timeline-error">{travelError}</p>}
      {explanation && (
        <div className="explanation" aria-label="Explanation" role="note">
          <p className="explanation-what">{explanation.what}</p>
          <p>{explanation.why}</p>
          {explanation.next.length > 0 && (
            <>
              <p className="muted">What it caused next:</p>
              <ul>
                {explanation.next.map((line, i) => (
                  <li key={i}>{line}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      <ol className="timeline-list" aria-label="Changes and events">
        {entries.length === 0 && <li className="muted">Nothing has happened yet.</li>}
        {drawn.map((entry) => (
          <TimelineRow
            key={entry.id}
            entry={entry}
            selected={entry.id === selectedEntry}
            onOpen={open}
          />
        ))}
      </ol>
    </section>
  );
}

/** One entry; entries never change once listed, so a redraw touches only new or reselected ones. */
const TimelineRow = memo(function TimelineRow({
  entry,
  selected,
  onOpen,
}: {
  entry: Entry;
  selected: boolean;
  onOpen: (entry: Entry) => void;
}) {
  const ref = entry.type === 'change' ? refOfChange(entry.change) : refOfEvent(entry.event);
  const source =
    entry.type === 'change'
      ? actorOf(entry.change.user).label
      : String(
          entry.event.reportingComponent ||
            (entry.event.source as { component?: string } | undefined)?.component ||
            '',
        );
  const text =
    entry.type === 'change'
      ? describeChange(entry.change).replace(/ by [^:]*/, '')
      : `${String(entry.event.reason ?? '')} ${ref.kind}/${ref.key.split('/').pop() ?? ''}: ${String(entry.event.message ?? '')}`;
  const warning = entry.type === 'event' && entry.event.type === 'Warning';
  return (
    <li>
      <button
        type="button"
        className={`timeline-entry ${entry.type} ${warning ? 'warning' : ''} ${selected ? 'selected' : ''}`}
        onMouseEnter={() => highlight([ref])}
        onMouseLeave={() => highlight([])}
        onFocus={() => highlight([ref])}
        onBlur={() => highlight([])}
        onClick={() => onOpen(entry)}
      >
        <time className="log-time">{formatClock(entry.at)}</time>
        <span className="timeline-source">{source}</span>
        <span className="timeline-text">{text}</span>
      </button>
    </li>
  );
});
