/** The Monaco YAML editor bound to the editor store; the default export is what React.lazy loads. */
import { useEffect, useRef } from 'react';
import { editorStore, type EditorProblem } from './editor-store';
import { monaco } from './monaco-setup';

const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');
const themeName = () => (darkQuery().matches ? 'k8s-dark' : 'k8s-light');

export interface MonacoEditorProps {
  /** Runs on Ctrl/Cmd+Enter. */
  onApply(): void;
}

export default function MonacoEditor({ onApply }: MonacoEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const applyRef = useRef(onApply);
  useEffect(() => {
    applyRef.current = onApply;
  }, [onApply]);
  useEffect(() => {
    if (!host.current) return;
    const model = monaco.editor.createModel(
      editorStore.getState().text,
      'yaml',
      monaco.Uri.parse('file:///manifest.yaml'),
    );
    const editor = monaco.editor.create(host.current, {
      model,
      theme: themeName(),
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      tabSize: 2,
      scrollBeyondLastLine: false,
      ariaLabel: 'Manifest editor',
    });
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => applyRef.current());
    // Edits clear the apply problems: their line numbers no longer hold.
    const changes = model.onDidChangeContent(() =>
      editorStore.setState({ text: model.getValue(), problems: [] }),
    );
    const showProblems = (problems: EditorProblem[]) =>
      monaco.editor.setModelMarkers(
        model,
        'apply',
        problems.map((p) => ({
          severity: monaco.MarkerSeverity.Error,
          message: p.message,
          startLineNumber: p.line,
          startColumn: 1,
          endLineNumber: p.line,
          endColumn: model.getLineMaxColumn(Math.min(p.line, model.getLineCount())),
        })),
      );
    // Text set from outside (examples, tests) flows into the model.
    const unsubscribe = editorStore.subscribe(({ text, problems }, previous) => {
      if (text !== model.getValue()) model.setValue(text);
      if (problems !== previous.problems) showProblems(problems);
    });
    const query = darkQuery();
    const onScheme = () => monaco.editor.setTheme(themeName());
    query.addEventListener('change', onScheme);
    return () => {
      query.removeEventListener('change', onScheme);
      unsubscribe();
      changes.dispose();
      editor.dispose();
      model.dispose();
    };
  }, []);
  return <div className="monaco-host" ref={host} data-testid="monaco-host" />;
}
