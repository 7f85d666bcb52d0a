/**
 * The Monaco YAML editor bound to the editor store: one Monaco model per tab, markers for the
 * problems of the last apply, and line reveals from the problems list. The default export is what
 * React.lazy loads.
 */
import { useEffect, useRef } from 'react';
import { editorStore, setFileText, type EditorState } from './editor-store';
import { monaco } from './monaco-setup';
import { isDarkScheme } from '../embed/theme';

const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');
// A forced `?theme=` wins over the system setting, as for the rest of the page.
const themeName = () => (isDarkScheme() ? 'k8s-dark' : 'k8s-light');

declare global {
  interface Window {
    /** The editor instance, for end-to-end tests (they turn off auto-indent before typing). */
    k8sExplorerEditor?: monaco.editor.IStandaloneCodeEditor;
  }
}

export interface MonacoEditorProps {
  /** Runs on Ctrl/Cmd+Enter. */
  onApply(): void;
  /** Runs on Ctrl/Cmd+Shift+D. */
  onDiff(): void;
}

const uriOf = (name: string) => monaco.Uri.parse(`file:///${encodeURIComponent(name)}`);

export default function MonacoEditor({ onApply, onDiff }: MonacoEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const actions = useRef({ onApply, onDiff });
  useEffect(() => {
    actions.current = { onApply, onDiff };
  }, [onApply, onDiff]);
  useEffect(() => {
    if (!host.current) return;
    const models = new Map<string, monaco.editor.ITextModel>();
    const viewStates = new Map<string, monaco.editor.ICodeEditorViewState | null>();
    const listeners: monaco.IDisposable[] = [];
    const editor = monaco.editor.create(host.current, {
      theme: themeName(),
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      tabSize: 2,
      scrollBeyondLastLine: false,
      ariaLabel: 'Manifest editor',
      // Tooltips (hover docs, completion details) may leave the editor's panel.
      fixedOverflowWidgets: true,
    });
    window.k8sExplorerEditor = editor;
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () =>
      actions.current.onApply(),
    );
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyMod.Shift | monaco.KeyCode.KeyD, () =>
      actions.current.onDiff(),
    );

    const showProblems = (state: EditorState) => {
      for (const [name, model] of models) {
        monaco.editor.setModelMarkers(
          model,
          'apply',
          (state.problems[name] ?? []).map((p) => {
            const line = Math.max(1, Math.min(p.line, model.getLineCount()));
            return {
              severity: monaco.MarkerSeverity.Error,
              message: p.message,
              source: 'kube-apiserver',
              startLineNumber: line,
              startColumn: model.getLineFirstNonWhitespaceColumn(line) || 1,
              endLineNumber: line,
              endColumn: model.getLineMaxColumn(line),
            };
          }),
        );
      }
    };

    const sync = (state: EditorState, previous?: EditorState) => {
      // Models follow the tabs: new files get one, closed (or renamed) files lose theirs.
      const names = new Set(state.files.map((f) => f.name));
      for (const [name, model] of models) {
        if (names.has(name)) continue;
        model.dispose();
        models.delete(name);
        viewStates.delete(name);
      }
      for (const file of state.files) {
        let model = models.get(file.name);
        if (!model) {
          model = monaco.editor.createModel(file.text, 'yaml', uriOf(file.name));
          const name = file.name;
          const created = model;
          listeners.push(created.onDidChangeContent(() => setFileText(name, created.getValue())));
          models.set(file.name, model);
        } else if (model.getValue() !== file.text) {
          // Text set from outside (examples, drops, kubectl edit) replaces the buffer as one undoable edit.
          model.pushEditOperations(
            [],
            [{ range: model.getFullModelRange(), text: file.text }],
            () => null,
          );
        }
      }
      const shown = editor.getModel();
      const active = models.get(state.active) ?? models.get(state.files[0]?.name ?? '');
      if (active && shown !== active) {
        const shownName = [...models].find(([, m]) => m === shown)?.[0];
        if (shownName) viewStates.set(shownName, editor.saveViewState());
        editor.setModel(active);
        const saved = viewStates.get(state.active);
        if (saved) editor.restoreViewState(saved);
      }
      if (!previous || state.problems !== previous.problems || state.files !== previous.files)
        showProblems(state);
      if (state.reveal && state.reveal !== previous?.reveal) {
        const { line } = state.reveal;
        editor.revealLineInCenter(line);
        editor.setPosition({ lineNumber: line, column: 1 });
        editor.focus();
      }
    };
    sync(editorStore.getState());
    const unsubscribe = editorStore.subscribe(sync);

    const query = darkQuery();
    const onScheme = () => monaco.editor.setTheme(themeName());
    query.addEventListener('change', onScheme);
    return () => {
      query.removeEventListener('change', onScheme);
      unsubscribe();
      for (const l of listeners) l.dispose();
      editor.dispose();
      for (const model of models.values()) model.dispose();
      if (window.k8sExplorerEditor === editor) delete window.k8sExplorerEditor;
    };
  }, []);
  // `nokey`: React Flow ignores key presses inside (its Space handler would eat typed spaces:
  // Monaco uses an EditContext div, not a textarea, which React Flow does not see as an input).
  return <div className="monaco-host nokey" ref={host} data-testid="monaco-host" />;
}
