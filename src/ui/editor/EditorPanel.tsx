/** The manifest editor: Monaco (loaded lazily), Apply, and the result of the last apply. */
import { lazy, Suspense, useState } from 'react';
import { useStore } from 'zustand';
import { useConnection } from '../connection-context';
import { appendLog } from '../store/session-store';
import { editorStore } from './editor-store';
import type { ApplyLine } from './apply-manifest';

const MonacoEditor = lazy(() => import('./MonacoEditor'));
// kubectl's apply (three-way merge) loads on the first click, not with the page.
const loadApply = () => import('./apply-manifest');

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
  const [results, setResults] = useState<ApplyLine[]>([]);
  const [busy, setBusy] = useState(false);

  const apply = async () => {
    setBusy(true);
    try {
      const text = editorStore.getState().text;
      appendLog('command', '$ kubectl apply -f manifest.yaml');
      const { applyManifest } = await loadApply();
      const next = await applyManifest(client, text);
      setResults(next);
      editorStore.setState({
        problems: next.flatMap((r) =>
          !r.ok && r.line ? [{ line: r.line, message: r.message }] : [],
        ),
      });
      for (const r of next) appendLog(r.ok ? 'info' : 'error', r.message);
    } catch (error) {
      // Errors are shown where the user is looking, never swallowed.
      const message = `error: ${error instanceof Error ? error.message : String(error)}`;
      setResults([{ ok: false, message }]);
      appendLog('error', message);
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
          <MonacoEditor onApply={() => void apply()} />
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
        <button
          type="button"
          className="primary"
          onClick={() => void apply()}
          disabled={busy}
          title="Apply (Ctrl+Enter in the editor)"
          aria-keyshortcuts="Control+Enter"
        >
          Apply
        </button>
      </div>
    </section>
  );
}
