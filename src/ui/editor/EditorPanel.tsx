/**
 * The manifest editor: tabs (new, rename, close), Monaco (loaded lazily), Apply / Delete / Diff,
 * the results of the last action and a problems list that jumps to the line it names.
 */
import './editor.css';
import { lazy, Suspense, useState, type KeyboardEvent } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { useConnection } from '../connection-context';
import { ExampleBanner, ExamplesGallery } from '../gallery/ExamplesGallery';
import { Palette } from '../palette/Palette';
import { WorkspaceBar } from '../persist/WorkspaceBar';
import { applyFiles, deleteFile, diffFile, saveEdit } from './editor-actions';
import {
  activeFile,
  closeFile,
  editorStore,
  newFile,
  renameFile,
  type EditorState,
} from './editor-store';

const MonacoEditor = lazy(() => import('./MonacoEditor'));
const MonacoDiff = lazy(() => import('./MonacoDiff'));

function EditorFallback() {
  const text = useStore(editorStore, (s) => activeFile(s).text);
  return (
    <pre className="editor-fallback" aria-busy="true">
      {text}
    </pre>
  );
}

function Tab({ name, active }: { name: string; active: boolean }) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(name);
  const [error, setError] = useState<string>();
  const finish = (commit: boolean) => {
    if (commit) {
      const problem = renameFile(name, draft);
      if (problem) {
        setError(problem);
        return;
      }
    }
    setError(undefined);
    setEditing(false);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter') finish(true);
    if (e.key === 'Escape') finish(false);
  };
  if (editing) {
    return (
      <span className="tab active">
        <input
          className="tab-rename"
          aria-label={`Rename ${name}`}
          aria-invalid={error ? true : undefined}
          title={error}
          value={draft}
          autoFocus
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onKey}
          onBlur={() => finish(true)}
        />
      </span>
    );
  }
  return (
    <span className={`tab${active ? ' active' : ''}`} role="presentation">
      <button
        type="button"
        role="tab"
        aria-selected={active}
        className="tab-name"
        title="Double-click to rename"
        onClick={() => editorStore.setState({ active: name, diff: undefined })}
        onDoubleClick={() => {
          setDraft(name);
          setEditing(true);
        }}
      >
        {name}
      </button>
      <button
        type="button"
        className="tab-close"
        aria-label={`Close ${name}`}
        title="Close"
        onClick={() => closeFile(name)}
      >
        ×
      </button>
    </span>
  );
}

const selectTabs = (s: EditorState) => s.files.map((f) => f.name);

export function EditorPanel() {
  const { client } = useConnection();
  const tabs = useStore(editorStore, useShallow(selectTabs));
  const active = useStore(editorStore, (s) => activeFile(s).name);
  const results = useStore(editorStore, (s) => s.results);
  const problems = useStore(editorStore, (s) => s.problems[activeFile(s).name]);
  const busy = useStore(editorStore, (s) => s.busy);
  const diff = useStore(editorStore, (s) => s.diff);
  const offer = useStore(editorStore, (s) => s.offer);
  const editing = useStore(editorStore, (s) => Boolean(activeFile(s).edit));

  const apply = () => void applyFiles(client, [activeFile().name]);
  const showDiff = () => void diffFile(client, activeFile().name);

  return (
    <section className="panel editor-panel" aria-label="Editor">
      <WorkspaceBar />
      <Palette />
      <ExamplesGallery />
      <ExampleBanner />
      <div className="panel-tabs" role="tablist" aria-label="Files">
        {tabs.map((name) => (
          <Tab key={name} name={name} active={name === active} />
        ))}
        <button
          type="button"
          className="tab-new"
          aria-label="New file"
          title="New file"
          onClick={() => newFile()}
        >
          +
        </button>
      </div>
      {offer && offer.length > 0 && (
        <div className="editor-offer" role="status">
          <span>
            Opened {offer.join(', ')}. Apply {offer.length === 1 ? 'it' : 'them'}?
          </span>
          <button type="button" className="primary" onClick={() => void applyFiles(client, offer)}>
            Apply {offer.length === 1 ? 'file' : `${offer.length} files`}
          </button>
          <button type="button" onClick={() => editorStore.setState({ offer: undefined })}>
            Not now
          </button>
        </div>
      )}
      <div className="editor-body">
        {diff ? (
          <div className="diff-view" role="region" aria-label={`Diff of ${diff.file}`}>
            <div className="diff-header">
              <span>live ⟷ after apply (server dry run) · {diff.file}</span>
              <button type="button" onClick={() => editorStore.setState({ diff: undefined })}>
                Close diff
              </button>
            </div>
            <Suspense fallback={<pre className="editor-fallback">{diff.result}</pre>}>
              <MonacoDiff live={diff.live} result={diff.result} />
            </Suspense>
          </div>
        ) : null}
        <div className="editor-main" hidden={Boolean(diff)}>
          <Suspense fallback={<EditorFallback />}>
            <MonacoEditor onApply={apply} onDiff={showDiff} />
          </Suspense>
        </div>
      </div>
      {problems && problems.length > 0 && (
        <ul className="problems" aria-label="Problems">
          {problems.map((p, i) => (
            <li key={i}>
              <button
                type="button"
                onClick={() =>
                  editorStore.setState((s) => ({
                    diff: undefined,
                    reveal: { file: active, line: p.line, seq: (s.reveal?.seq ?? 0) + 1 },
                  }))
                }
              >
                <span className="problem-line">line {p.line}</span> {p.message.split('\n')[0]}
              </button>
            </li>
          ))}
        </ul>
      )}
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
        {editing && (
          <button
            type="button"
            className="primary"
            onClick={() => void saveEdit(client, activeFile().name)}
            disabled={busy}
            title="Send the edit to the cluster (kubectl edit)"
          >
            Save edit
          </button>
        )}
        <button
          type="button"
          className="primary"
          onClick={apply}
          disabled={busy}
          title="Apply (Ctrl+Enter in the editor)"
          aria-keyshortcuts="Control+Enter"
        >
          Apply
        </button>
        <button
          type="button"
          onClick={showDiff}
          disabled={busy}
          title="What Apply would change, from a server-side dry run (Ctrl+Shift+D)"
          aria-keyshortcuts="Control+Shift+D"
        >
          Diff
        </button>
        <button
          type="button"
          onClick={() => void deleteFile(client, activeFile().name)}
          disabled={busy}
          title="Delete the objects in this file from the cluster"
        >
          Delete
        </button>
      </div>
    </section>
  );
}
