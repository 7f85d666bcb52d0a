import { describe, expect, it } from 'vitest';
import { LineEditor, type LineEditorHost } from './line-editor';

function setup(history: string[] = [], candidates: string[] = []) {
  let screen = '';
  const ran: string[] = [];
  const saved: string[][] = [];
  let release: (() => void) | undefined;
  let signal: AbortSignal | undefined;
  const host: LineEditorHost = {
    write: (d) => (screen += d),
    run: (line, s) => {
      ran.push(line);
      signal = s;
      if (line.includes('-w')) return new Promise<void>((r) => (release = r));
      return Promise.resolve();
    },
    complete: () => Promise.resolve(candidates),
    onHistory: (h) => saved.push(h),
  };
  const editor = new LineEditor(host, history);
  return {
    editor,
    ran,
    saved,
    screen: () => screen,
    release: () => release?.(),
    signal: () => signal,
  };
}

describe('LineEditor', () => {
  it('runs lines, keeps history and browses it with the arrows', async () => {
    const { editor, ran, saved } = setup(['get nodes']);
    await editor.input('get pods\r');
    expect(ran).toEqual(['get pods']);
    expect(saved.at(-1)).toEqual(['get nodes', 'get pods']);
    await editor.input('\x1b[A');
    expect(editor.line).toBe('get pods');
    await editor.input('\x1b[A');
    expect(editor.line).toBe('get nodes');
    await editor.input('\x1b[B\x1b[B');
    expect(editor.line).toBe('');
  });

  it('edits in the middle of the line and ignores foreign escape sequences', async () => {
    const { editor } = setup();
    await editor.input('get pds');
    await editor.input('\x1b[D');
    await editor.input('\x1b[D');
    await editor.input('o');
    expect(editor.line).toBe('get pods');
    await editor.input('\x1b[1;5X');
    expect(editor.line).toBe('get pods');
    await editor.input('\x7f');
    expect(editor.line).toBe('get pds');
  });

  it('completes a single candidate with a space and a common prefix without one', async () => {
    const one = setup([], ['deployments']);
    await one.editor.input('get dep\t');
    expect(one.editor.line).toBe('get deployments ');
    const many = setup([], ['rollout', 'run']);
    await many.editor.input('r\t');
    expect(many.editor.line).toBe('r');
    expect(many.screen()).toContain('rollout  run');
  });

  it('Ctrl+C stops a streaming command', async () => {
    const { editor, signal, release } = setup();
    const done = editor.input('get pods -w\r');
    await Promise.resolve();
    expect(editor.busy).toBe(true);
    await editor.input('\x03');
    expect(signal()?.aborted).toBe(true);
    release();
    await done;
    expect(editor.busy).toBe(false);
  });
});
