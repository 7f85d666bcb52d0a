/**
 * What the editor's buttons do, shared with drops, the palette and the console: Apply, Delete and
 * Diff of tabs against the cluster. Results land in the editor store (results list, problems with
 * their lines, the diff view); the text of the tabs is never touched.
 */
import type { KubeClient } from '../../client/client';
import { appendLog } from '../store/session-store';
import { editorStore, type EditorProblem } from './editor-store';

// kubectl's apply and the command code load on first use, not with the page.
const loadApply = () => import('./apply-manifest');
const loadKubectl = () => import('../../kubectl/cli/index');

type ResultLine = { ok: boolean; message: string; file?: string; line?: number };

async function running<T>(fn: () => Promise<T>): Promise<T | undefined> {
  editorStore.setState({ busy: true });
  try {
    return await fn();
  } catch (error) {
    // Errors are shown where the user is looking, never swallowed.
    const message = `error: ${error instanceof Error ? error.message : String(error)}`;
    editorStore.setState({ results: [{ ok: false, message }] });
    appendLog('error', message);
    return undefined;
  } finally {
    editorStore.setState({ busy: false });
  }
}

const textOf = (name: string) => editorStore.getState().files.find((f) => f.name === name)?.text;

/** `kubectl apply -f` of the named tabs, in order; returns true when every document applied. */
export async function applyFiles(client: KubeClient, names: string[]): Promise<boolean> {
  const ok = await running(async () => {
    const { applyManifest } = await loadApply();
    const results: ResultLine[] = [];
    const problems: Record<string, EditorProblem[]> = {};
    for (const name of names) {
      const text = textOf(name);
      if (text === undefined) continue;
      appendLog('command', `$ kubectl apply -f ${name}`);
      const lines = await applyManifest(client, text, 'default', name);
      results.push(...lines.map((l) => ({ ...l, file: name })));
      problems[name] = lines.flatMap((l) =>
        !l.ok && l.line ? [{ line: l.line, message: l.message }] : [],
      );
      for (const l of lines) appendLog(l.ok ? 'info' : 'error', l.message);
    }
    editorStore.setState((s) => ({
      results,
      problems: { ...s.problems, ...problems },
      offer: undefined,
    }));
    return results.every((r) => r.ok);
  });
  return ok ?? false;
}

/** `kubectl delete -f` of a tab: the objects it names, in order. */
export async function deleteFile(client: KubeClient, name: string): Promise<void> {
  await running(async () => {
    const [{ runKubectl }, { pageKubectlEnv }] = await Promise.all([
      loadKubectl(),
      import('../console/kubectl-env'),
    ]);
    appendLog('command', `$ kubectl delete -f ${name}`);
    const r = await runKubectl(['delete', '-f', name, '--wait=false'], pageKubectlEnv(client));
    const results: ResultLine[] = [
      ...r.stdout
        .split('\n')
        .filter(Boolean)
        .map((message) => ({ ok: true, message })),
      ...r.stderr
        .split('\n')
        .filter(Boolean)
        .map((message) => ({ ok: false, message })),
    ];
    editorStore.setState({ results });
    for (const l of results) appendLog(l.ok ? 'info' : 'error', l.message);
  });
}

/** What Apply of a tab would change (server-side dry run), shown in the diff view. */
export async function diffFile(client: KubeClient, name: string): Promise<void> {
  await running(async () => {
    const text = textOf(name);
    if (text === undefined) return;
    const { diffManifest } = await loadApply();
    const { lines, live, result } = await diffManifest(client, text, name);
    const problems = lines.flatMap((l) =>
      !l.ok && l.line ? [{ line: l.line, message: l.message }] : [],
    );
    editorStore.setState((s) => ({
      results: lines.map((l) => ({ ...l, file: name })),
      problems: { ...s.problems, [name]: problems },
      diff: { file: name, live, result },
    }));
  });
}

/** Saves a `kubectl edit` buffer: patches the object with what changed, as kubectl edit does. */
export async function saveEdit(client: KubeClient, name: string): Promise<void> {
  await running(async () => {
    const file = editorStore.getState().files.find((f) => f.name === name);
    if (!file?.edit) return;
    const [{ finishEdit }, { pageKubectlEnv }] = await Promise.all([
      loadKubectl(),
      import('../console/kubectl-env'),
    ]);
    const r = await finishEdit(file.edit, file.text, pageKubectlEnv(client));
    const results: ResultLine[] = [
      ...r.stdout
        .split('\n')
        .filter(Boolean)
        .map((message) => ({ ok: true, message })),
      ...r.stderr
        .split('\n')
        .filter(Boolean)
        .map((message) => ({ ok: r.exitCode === 0, message })),
    ];
    editorStore.setState({ results });
    for (const l of results) appendLog(l.ok ? 'info' : 'error', l.message);
  });
}
