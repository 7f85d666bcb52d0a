/**
 * The console: the kubectl terminal (xterm, loaded lazily) beside the activity log (API results,
 * cluster Events) with its quick command line.
 */
import './console.css';
import { lazy, memo, Suspense, useMemo, useState, type FormEvent, type UIEvent } from 'react';
import { useConnection } from '../connection-context';
import { usePacedList } from '../store/paced-list';
import { useSession } from '../store/react';
import { appendLog, sessionStore, type LogLine } from '../store/session-store';
import { formatClock } from '../timebar/format';
import { runCommand } from './commands';

const KubectlTerminal = lazy(() => import('./KubectlTerminal'));

/**
 * Lines drawn while the log is scrolled to its newest line. A busy cluster can replace the whole
 * log in one frame, and laying out LOG_LIMIT wrapped lines took tens of milliseconds; scrolling up
 * to the oldest drawn line draws all of them (up to LOG_LIMIT) until the log is back at its end.
 */
const LOG_DRAWN = 100;
/**
 * Lines a log update may add (see usePacedList), the newest first; the older ones follow
 * LINES_DELAY_MS apart. The log shows a few lines, so the newest are all drawn at once.
 */
const LINES_PER_PASS = 20;
const LINES_DELAY_MS = 100;

const lineKey = (line: LogLine) => line.id;

/** One log line; lines never change once written, so a new line redraws only itself. */
const LogRow = memo(function LogRow({ entry }: { entry: LogLine }) {
  return (
    <div className={`log-line log-${entry.level}`}>
      <span className="log-time">{formatClock(entry.at)}</span>
      <span className="log-text">{entry.text}</span>
    </div>
  );
});

export function ConsolePanel() {
  const { client } = useConnection();
  const log = useSession((s) => s.log);
  const [line, setLine] = useState('');
  const [older, setOlder] = useState(false);
  // A copy (slice) reversed: the store's array is never changed in place.
  const newestFirst = useMemo(() => log.slice(older ? 0 : -LOG_DRAWN).reverse(), [log, older]);
  const paced = usePacedList(newestFirst, lineKey, LINES_PER_PASS, LINES_DELAY_MS);
  // Lines keep their DOM order (oldest first): see the log's CSS.
  const drawn = useMemo(() => [...paced].reverse(), [paced]);

  const onScroll = (event: UIEvent<HTMLDivElement>) => {
    const box = event.currentTarget;
    // A column-reverse scroller: scrollTop is 0 at the newest line and negative above it.
    const fromEnd = Math.abs(box.scrollTop);
    const room = box.scrollHeight - box.clientHeight;
    if (!older && log.length > LOG_DRAWN && room - fromEnd < 40) setOlder(true);
    else if (older && fromEnd < 4) setOlder(false);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const command = line.trim();
    setLine('');
    if (!command) return;
    if (command === 'clear') {
      sessionStore.setState({ log: [] });
      return;
    }
    appendLog('command', `$ ${command}`);
    const result = await runCommand(client, command);
    appendLog(result.ok ? 'info' : 'error', ...result.lines);
  };

  return (
    <section className="panel console-panel" aria-label="Console">
      <div className="console-split">
        <div className="console-terminal" aria-label="kubectl console" role="region">
          <Suspense fallback={<div className="muted console-loading">loading kubectl…</div>}>
            <KubectlTerminal client={client} />
          </Suspense>
        </div>
        <div className="console-activity">
          {/*
            The log stays scrolled to its newest line by CSS (a column-reverse scroller starts at
            its end), not by setting scrollTop after each update: that forced a layout of the
            whole page per update. Lines keep their DOM order (oldest first) inside.
          */}
          <div className="console-log" role="log" aria-label="Activity log" onScroll={onScroll}>
            <div className="console-log-lines">
              {log.length === 0 && (
                <div className="muted">
                  Cluster events and API results appear here. Type help below.
                </div>
              )}
              {drawn.map((entry) => (
                <LogRow key={entry.id} entry={entry} />
              ))}
            </div>
          </div>
          <form className="console-input" onSubmit={(e) => void submit(e)}>
            <span aria-hidden="true">$</span>
            <input
              aria-label="Command"
              value={line}
              onChange={(e) => setLine(e.target.value)}
              placeholder="get pods · GET /api/v1/nodes · help"
              spellCheck={false}
              autoComplete="off"
            />
          </form>
        </div>
      </div>
    </section>
  );
}
