/**
 * The event timeline: attributed changes (who wrote what) and Kubernetes Events, newest first.
 * Hovering an entry highlights its object; clicking one explains it and shows the cluster as it
 * was at that revision (read-only); "Live" returns.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { KubeObject } from '../../sim/api/types';
import type { ChangeSummary } from '../../worker/protocol';
import { eventTime } from '../connection';
import { useConnection } from '../connection-context';
import { objectsOf } from '../store/cluster-store';
import { useActivity, useLiveCluster, useView } from '../store/react';
import { highlight, returnToLive, viewStore, type ObjectRef } from '../store/view-store';
import { formatClock } from '../timebar/format';
import { actorOf } from './actors';
import { describeChange, explainChange, explainEvent, type Explanation } from './explain';
import { travelTo } from './time-travel';

/** How many entries are drawn (the newest). */
const SHOWN = 150;
/** The list redraws at most this often: a busy cluster changes every frame. */
const REDRAW_MS = 300;

/** `value`, updated at most every `ms` (the latest value always arrives). */
function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    const wait = Math.max(0, last.current + ms - performance.now());
    const id = setTimeout(() => {
      last.current = performance.now();
      setShown(value);
    }, wait);
    return () => clearTimeout(id);
  }, [value, ms]);
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

export function Timeline() {
  const connection = useConnection();
  const changes = useThrottled(
    useActivity((s) => s.changes),
    REDRAW_MS,
  );
  const events = useThrottled(
    useLiveCluster((s) => objectsOf(s, 'Event')),
    REDRAW_MS,
  );
  const selectedEntry = useView((s) => s.selectedEntry);
  const past = useView((s) => s.past);
  const travelError = useView((s) => s.travelError);
  const [filter, setFilter] = useState<'all' | 'changes' | 'events'>('all');

  const entries = useMemo(() => {
    const list: Entry[] = [];
    if (filter !== 'events') {
      // Changes arrive in revision order: only the newest can be shown.
      for (const change of changes.slice(-SHOWN)) {
        list.push({
          id: `c:${change.revision}:${change.kind}/${change.namespace ?? ''}/${change.name}`,
          at: change.atMs,
          type: 'change',
          change,
        });
      }
    }
    if (filter !== 'changes') {
      const recent = Object.values(events)
        .map((event) => ({ event, at: cachedEventTime(event) }))
        .sort((a, b) => b.at - a.at)
        .slice(0, SHOWN);
      for (const { event, at } of recent) {
        list.push({
          id: `e:${event.metadata?.uid ?? event.metadata?.name}`,
          at,
          type: 'event',
          event,
        });
      }
    }
    list.sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    return list.slice(0, SHOWN);
  }, [changes, events, filter]);

  const selected = entries.find((e) => e.id === selectedEntry);
  let explanation: Explanation | undefined;
  if (selected?.type === 'change') explanation = explainChange(selected.change, changes);
  if (selected?.type === 'event') explanation = explainEvent(selected.event);

  const open = (entry: Entry) => {
    viewStore.setState({ selectedEntry: entry.id });
    const revision =
      entry.type === 'change'
        ? entry.change.revision
        : Number(entry.event.metadata?.resourceVersion ?? 0);
    if (revision > 0) void travelTo(connection, revision, entry.at);
  };

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
        {entries.map((entry) => {
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
            <li key={entry.id}>
              <button
                type="button"
                className={`timeline-entry ${entry.type} ${warning ? 'warning' : ''} ${entry.id === selectedEntry ? 'selected' : ''}`}
                onMouseEnter={() => highlight([ref])}
                onMouseLeave={() => highlight([])}
                onFocus={() => highlight([ref])}
                onBlur={() => highlight([])}
                onClick={() => open(entry)}
              >
                <time className="log-time">{formatClock(entry.at)}</time>
                <span className="timeline-source">{source}</span>
                <span className="timeline-text">{text}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
