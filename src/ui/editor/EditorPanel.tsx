/** The manifest editor: Monaco (loaded lazily), Apply, and the result of the last apply. */
import { lazy, Suspense, useState } from 'react';
import { useStore } from 'zustand';
import { useConnection } from '../connection-context';
import { appendLog } from '../store/session-store';
import { editorStore } from './editor-store';
import { simpleApply, type ApplyResult } from './simple-apply';

const MonacoEditor = lazy(() => import('./MonacoEditor'));

function EditorFallback() {
  const text = useStore(editorStore, (s) => s.text);
  return (
    <pre className="editor-fallback" aria-busy="true">
      {text}
    </pre>
  );
}

export function EditorPanel() {
  const { client } = useConnection();
  const [results, setResults] = useState<ApplyResult[]>([]);
  const [busy, setBusy] = useState(false);

  const apply = async () => {
    setBusy(true);
    try {
      const text = editorStore.getState().text;
      appendLog('command', 'apply manifest.yaml');
      const next = await simpleApply(client, text);
      setResults(next);
      for (const r of next) appendLog(r.ok ? 'info' : 'error', r.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel editor-panel" aria-label="Editor">
      <div className="panel-tabs">
        <span className="tab active">manifest.yaml</span>
      </div>
      <div className="editor-body">
        <Suspense fallback={<EditorFallback />}>
          <MonacoEditor />
        </Suspense>
      </div>
      {results.length > 0 && (
        <ul className="apply-results" aria-label="Apply results" aria-live="polite">
          {results.map((r, i) => (
            <li key={i} className={r.ok ? 'ok' : 'bad'}>
              {r.message}
            </li>
          ))}
        </ul>
      )}
      <div className="panel-actions">
        <button type="button" className="primary" onClick={() => void apply()} disabled={busy}>
          Apply
        </button>
      </div>
    </section>
  );
}
