/**
 * Making and opening share links against the running cluster: a link captures the editor's
 * files, the cluster's setup and recorded session (journal) and the moment shown; opening one
 * rebuilds exactly that cluster in the Worker (replay is deterministic) and pauses on that moment.
 */
import type { Connection } from '../connection';
import { editorStore, replaceFiles } from '../editor/editor-store';
import { exampleById } from '../examples/examples';
import { exampleExperiment } from '../examples/experiment';
import { appendLog, sessionStore } from '../store/session-store';
import { activityStore } from '../store/activity-store';
import { returnToLive, select } from '../store/view-store';
import type { ClusterSetup, JournalEntry } from '../../worker/protocol';
import { appOptionsStore, showNotice } from '../embed/options-store';
import {
  decodeExperiment,
  shareUrl,
  shareValueFromHash,
  type SharedExperiment,
} from './share-link';

interface JournalResult {
  setup: ClusterSetup;
  journal: JournalEntry[];
  nowMs: number;
}

/** Captures the current experiment (pausing first keeps the moment exact). */
export async function captureExperiment(connection: Connection): Promise<SharedExperiment> {
  const recorded = (await connection.sim({ op: 'journal' })) as JournalResult;
  const { options } = appOptionsStore.getState();
  return {
    files: editorStore.getState().files.map((f) => ({ name: f.name, text: f.text })),
    cluster: { ...recorded.setup },
    timeline: '',
    atMs: Math.floor(recorded.nowMs),
    // The speed the time bar runs at now (the URL's option is only where it started).
    view: { lens: options.lens, speed: sessionStore.getState().clock.speed || options.speed },
    ...(recorded.journal.length > 0 ? { journal: recorded.journal } : {}),
  };
}

/** A share link for the current experiment, for the page at `baseUrl`. */
export async function makeShareLink(connection: Connection, baseUrl: string): Promise<string> {
  connection.control({ action: 'pause' });
  return shareUrl(baseUrl, await captureExperiment(connection));
}

/** Rebuilds a shared experiment in the Worker, paused at its moment. */
export async function openExperiment(
  connection: Connection,
  experiment: SharedExperiment,
  play = false,
): Promise<void> {
  replaceFiles(experiment.files.length > 0 ? experiment.files : editorStore.getState().files);
  connection.control({ action: 'pause' });
  // The old cluster's history, selection and time travel do not belong to the new one.
  returnToLive();
  select(undefined);
  activityStore.setState({ changes: [], pulses: {}, traffic: [], revision: 0 });
  await connection.sim({
    op: 'reset',
    setup: experiment.cluster,
    journal: experiment.journal ?? [],
    timeline: experiment.timeline,
    files: experiment.files,
    atMs: experiment.atMs,
  });
  if (experiment.view?.speed) connection.control({ action: 'speed', speed: experiment.view.speed });
  if (play) connection.control({ action: 'play' });
}

/**
 * Start-up: a share link in the fragment, or `?example=<id>`, decides the first cluster. Returns
 * true when it did (the saved workspace must then not be restored over it).
 */
export async function startFromLocation(
  connection: Connection,
  location: { hash: string; search: string },
): Promise<boolean> {
  const { options } = appOptionsStore.getState();
  const value = shareValueFromHash(location.hash);
  if (value !== undefined) {
    const decoded = decodeExperiment(value);
    if (!decoded.ok) {
      showNotice({
        level: 'error',
        text: `${decoded.error} The default cluster is shown instead.`,
      });
      appendLog('error', decoded.error);
      if (!options.autoplay) connection.control({ action: 'pause' });
      return true;
    }
    await openExperiment(connection, decoded.experiment, false);
    showNotice({
      level: 'info',
      text: 'Opened a shared experiment, paused at its moment. Press Play to continue.',
    });
    return true;
  }
  const exampleId = new URLSearchParams(location.search).get('example');
  if (exampleId !== null) {
    const example = exampleById(exampleId);
    if (!example) {
      showNotice({
        level: 'error',
        text: `There is no example "${exampleId.slice(0, 60)}". The default cluster is shown instead.`,
      });
      return true;
    }
    await openExperiment(connection, exampleExperiment(example), options.autoplay);
    if (!options.autoplay) connection.control({ action: 'pause' });
    // The page's `speed` option (an embed's data-speed) holds for examples too.
    if (options.speed !== 1) connection.control({ action: 'speed', speed: options.speed });
    return true;
  }
  if (!options.autoplay) connection.control({ action: 'pause' });
  if (options.speed !== 1) connection.control({ action: 'speed', speed: options.speed });
  return false;
}
