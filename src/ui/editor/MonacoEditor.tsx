/** The Monaco YAML editor bound to the editor store; the default export is what React.lazy loads. */
import { useEffect, useRef } from 'react';
import { editorStore } from './editor-store';
import { monaco } from './monaco-setup';

const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');
const themeName = () => (darkQuery().matches ? 'k8s-dark' : 'k8s-light');

export default function MonacoEditor() {
  const host = useRef<HTMLDivElement>(null);
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
    const changes = model.onDidChangeContent(() =>
      editorStore.setState({ text: model.getValue() }),
    );
    // Text set from outside (examples, tests) flows into the model.
    const unsubscribe = editorStore.subscribe(({ text }) => {
      if (text !== model.getValue()) model.setValue(text);
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
