/**
 * The kubectl console: an xterm running H8's kubectl (src/kubectl/cli) against the cluster, with
 * history, Tab completion and Ctrl+C for streaming commands. Loaded lazily (xterm and the command
 * code stay out of the first bundle). Output from commands is already escaped for the terminal
 * (sanitizeForTerminal), so object data can never drive the terminal; the only escape sequences
 * written are the line editor's own cursor moves. Screen readers get xterm's screen-reader mode,
 * and the text of every command and its output is mirrored in a log region.
 */
import '@xterm/xterm/css/xterm.css';
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import { useEffect, useRef, useState } from 'react';
import type { KubeClient } from '../../client/client';
import { completeKubectl, runKubectl } from '../../kubectl/cli/index';
import { openFiles } from '../editor/editor-store';
import { consoleStore } from './console-store';
import { pageKubectlEnv } from './kubectl-env';
import { LineEditor, PROMPT, toTerminal } from './line-editor';
import { isDarkScheme } from '../embed/theme';

/** Lines kept in the mirror region. */
const MIRROR_LINES = 400;

export interface KubectlTerminalProps {
  client: KubeClient;
}

const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');
// A forced `?theme=` wins over the system setting, as for the rest of the page.
const theme = () =>
  isDarkScheme()
    ? { background: '#111722', foreground: '#dbe4f0', cursor: '#dbe4f0' }
    : {
        background: '#ffffff',
        foreground: '#18212f',
        cursor: '#18212f',
        selectionBackground: '#bcd3fb',
      };

export default function KubectlTerminal({ client }: KubectlTerminalProps) {
  const host = useRef<HTMLDivElement>(null);
  const [mirror, setMirror] = useState<string[]>([]);
  const generation = useRef(consoleStore.getState().generation);

  useEffect(() => {
    if (!host.current) return;
    const term = new Terminal({
      screenReaderMode: true,
      convertEol: false,
      cursorBlink: true,
      fontFamily: getComputedStyle(host.current).fontFamily,
      fontSize: 12.5,
      scrollback: 5000,
      theme: theme(),
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(host.current);
    const refit = () => {
      try {
        fit.fit();
      } catch {
        // Not laid out yet (hidden panel): the next resize fits it.
      }
    };
    refit();
    const observer = new ResizeObserver(refit);
    observer.observe(host.current);

    const mirrorText = (text: string) =>
      setMirror((lines) => {
        const next = [...lines];
        const parts = text.split('\n');
        next[next.length - 1] = (next[next.length - 1] ?? '') + parts[0];
        next.push(...parts.slice(1));
        return next.slice(-MIRROR_LINES);
      });
    setMirror(['']);

    let atLineStart = true;
    const write = (data: string) => {
      if (data.length > 0) atLineStart = data.endsWith('\n');
      term.write(data);
    };
    const editor = new LineEditor(
      {
        write,
        async run(line, signal) {
          mirrorText(`${PROMPT}${line}\n`);
          const env = pageKubectlEnv(client, {
            signal,
            onOutput(_stream, text) {
              write(toTerminal(text));
              mirrorText(text);
            },
          });
          const result = await runKubectl(line, env);
          if (!atLineStart) write('\r\n');
          if (result.edit) {
            const { object } = result.edit;
            const kind = (object.kind ?? 'object').toLowerCase();
            const [name] = openFiles([
              {
                name: `edit-${kind}-${object.metadata?.name ?? 'object'}.yaml`,
                text: result.edit.yaml,
                edit: result.edit,
              },
            ]);
            const note = `Opened ${kind} "${object.metadata?.name ?? ''}" in the editor tab ${name}; press "Save edit" there to send the change.\n`;
            write(toTerminal(note));
            mirrorText(note);
          }
        },
        complete: (line, cursor) => completeKubectl(line, cursor, pageKubectlEnv(client)),
        onHistory: (history) => consoleStore.setState({ history }),
        onClear: () => setMirror(['']),
      },
      consoleStore.getState().history,
    );
    const intro =
      'kubectl against the simulated cluster. Tab completes, ↑/↓ history, Ctrl+C stops -w.\n';
    write(toTerminal(intro));
    editor.prompt();
    const data = term.onData((d) => void editor.input(d));
    // A restored workspace brings its own history.
    const unsubscribe = consoleStore.subscribe((s) => {
      if (s.generation === generation.current) return;
      generation.current = s.generation;
      editor.setHistory(s.history);
    });
    const query = darkQuery();
    const onScheme = () => (term.options.theme = theme());
    query.addEventListener('change', onScheme);
    return () => {
      query.removeEventListener('change', onScheme);
      unsubscribe();
      data.dispose();
      observer.disconnect();
      term.dispose();
    };
  }, [client]);

  return (
    <>
      <div className="terminal-host nokey" ref={host} data-testid="kubectl-terminal" />
      <div className="sr-only" role="log" aria-live="off" aria-label="kubectl output">
        {mirror.join('\n')}
      </div>
    </>
  );
}
