/**
 * Opening a guided experiment: its files replace the tabs and the cluster is reset to the shape it
 * needs, with its files and scripted timeline (op `reset`), so every run starts the same way.
 */
import type { Connection } from '../connection';
import { applyFiles } from '../editor/editor-actions';
import { replaceFiles } from '../editor/editor-store';
import type { Example } from '../examples/examples';
import { filesAppliedByTimeline } from '../examples/experiment';
import { appendLog } from '../store/session-store';
import { galleryStore } from './gallery-store';

/** Loads `example` into the editor and resets the cluster for it; rejects with the Worker's error. */
export async function openExample(connection: Connection, example: Example): Promise<void> {
  replaceFiles(example.files);
  galleryStore.setState({ open: false, current: example.id });
  appendLog('command', `# example: ${example.title}`);
  await connection.sim({
    op: 'reset',
    setup: {
      workers: example.cluster?.workers ?? 3,
      controlPlanes: example.cluster?.controlPlanes ?? 1,
    },
    ...(example.timeline ? { timeline: example.timeline } : {}),
    files: example.files,
  });
  // The rest is applied now, as a user would, so the experiment starts with its objects.
  const scripted = filesAppliedByTimeline(example.timeline);
  const now = example.files.map((f) => f.name).filter((name) => !scripted.has(name));
  if (now.length > 0) await applyFiles(connection.client, now);
}
