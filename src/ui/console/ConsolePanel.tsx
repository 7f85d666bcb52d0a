/**
 * The console: the kubectl terminal (xterm, loaded lazily) beside the activity log (API results,
 * cluster Events) with its quick command line.
 */
import './console.css';
import { lazy, Suspense, useEffect, useRef, useState, type FormEvent } from 'react';
import { useConnection } from '../connection-context';
import { useSession } from '../store/react';
import { appendLog, sessionStore } from '../store/session-store';
import { formatClock } from '../timebar/format';
import { runCommand } from './commands';

const KubectlTerminal = lazy(() => import('./KubectlTerminal'));

export function ConsolePanel() {
  const { client } = useConnection();
  const log = useSession((s) => s.log);
  const [line, setLine] = useState('');
  const end = useRef<HTMLDivElement>(null);

  useEffect(() => {
    // Scroll the log itself, never with scrollIntoView: that also scrolls every ancestor,
    // including the documentation page around an embedded explorer (H13).
    const box = end.current?.parentElement;
    if (box) box.scrollTop = box.scrollHeight;
  }, [log]);

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
          <div className="console-log" role="log" aria-label="Activity log">
            {log.length === 0 && (
              <div className="muted">
                Cluster events and API results appear here. Type help below.
              </div>
            )}
            {log.map((entry) => (
              <div key={entry.id} className={`log-line log-${entry.level}`}>
                <span className="log-time">{formatClock(entry.at)}</span>
                <span className="log-text">{entry.text}</span>
              </div>
            ))}
            <div ref={end} />
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
