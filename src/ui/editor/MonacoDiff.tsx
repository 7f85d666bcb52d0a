/** Monaco's diff editor: the live objects (left) against what Apply would make of them (right). */
import { useEffect, useRef } from 'react';
import { monaco } from './monaco-setup';

export interface MonacoDiffProps {
  live: string;
  result: string;
}

export default function MonacoDiff({ live, result }: MonacoDiffProps) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!host.current) return;
    // Plain text models: the schema checks belong to the files being edited, not to this view.
    const original = monaco.editor.createModel(live, 'yaml', monaco.Uri.parse('diff://live.yaml'));
    const modified = monaco.editor.createModel(
      result,
      'yaml',
      monaco.Uri.parse('diff://dry-run.yaml'),
    );
    const diff = monaco.editor.createDiffEditor(host.current, {
      automaticLayout: true,
      readOnly: true,
      originalEditable: false,
      renderSideBySide: host.current.clientWidth > 520,
      minimap: { enabled: false },
      fontSize: 12,
      scrollBeyondLastLine: false,
      // Collapse what does not change, so the changes are in view at once.
      hideUnchangedRegions: { enabled: true, contextLineCount: 2, minimumLineCount: 3 },
      ariaLabel: 'Diff of the live objects and the dry-run result',
    });
    diff.setModel({ original, modified });
    return () => {
      diff.dispose();
      original.dispose();
      modified.dispose();
    };
  }, [live, result]);
  return <div className="monaco-host nokey" ref={host} data-testid="monaco-diff" />;
}
