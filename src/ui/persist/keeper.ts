/**
 * Keeps the work: the editor's tabs, the console history and the cluster are saved in IndexedDB
 * (debounced after changes, and when the page is hidden) and restored on the next load. The
 * cluster is saved as the Worker's journal (`journal` op) and restored by replaying it (`reset`
 * op): the simulation is deterministic, so (setup, journal, time) is the whole cluster.
 */
import type { Connection } from '../connection';
import { consoleStore, setHistory } from '../console/console-store';
import { editorStore, replaceFiles } from '../editor/editor-store';
import { shareValueFromHash } from '../share/share-link';
import { appendLog } from '../store/session-store';
import { idbGet, idbPut } from './idb';
import { makeWorkspace, parseWorkspace, type SavedCluster, type Workspace } from './workspace';

const KEY = 'current';
/** Quiet time after an edit before the workspace is written. */
const SAVE_DELAY_MS = 600;
/** At most one journal fetch from the Worker per this interval while the cluster changes. */
const CLUSTER_DELAY_MS = 3000;

interface JournalResult {
  setup: SavedCluster['setup'];
  journal: SavedCluster['journal'];
  nowMs: number;
}

/** The cluster as the Worker records it, or undefined when the Worker cannot say. */
export async function snapshotCluster(connection: Connection): Promise<SavedCluster | undefined> {
  try {
    const result = (await connection.sim({ op: 'journal' })) as JournalResult;
    return { setup: result.setup, journal: result.journal, nowMs: result.nowMs };
  } catch {
    return undefined;
  }
}

/** The workspace as it is now (the cluster snapshot is fetched from the Worker). */
export async function currentWorkspace(connection: Connection): Promise<Workspace> {
  const { files, active } = editorStore.getState();
  return makeWorkspace(
    files,
    active,
    consoleStore.getState().history,
    await snapshotCluster(connection),
  );
}

/** Puts a workspace in place: tabs, history and (when it has one) the cluster. */
export async function loadWorkspace(connection: Connection, workspace: Workspace): Promise<void> {
  if (workspace.files.length > 0) replaceFiles(workspace.files, workspace.active);
  setHistory(workspace.history);
  if (workspace.cluster) {
    const { setup, journal, nowMs } = workspace.cluster;
    await connection.sim({ op: 'reset', setup, journal, atMs: nowMs });
  }
}

/** Whether this page should bring back the saved workspace (not for share links or embeds). */
function restoreWanted(): boolean {
  const search = new URLSearchParams(location.search);
  return !search.has('embed') && shareValueFromHash(location.hash) === undefined;
}

export interface Keeper {
  /** Resolves once the saved workspace (if any) is back. */
  restored: Promise<void>;
  /** Writes the workspace now. */
  saveNow(): Promise<void>;
  /** Forgets the saved cluster (after "Reset to the default cluster"). */
  clusterChanged(): void;
  stop(): void;
}

/** Restores the saved workspace, then saves on every change. */
export function startKeeper(connection: Connection): Keeper {
  let ready = false;
  let stopped = false;
  let cluster: SavedCluster | undefined;
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  let clusterTimer: ReturnType<typeof setTimeout> | undefined;

  const write = async () => {
    if (!ready || stopped) return;
    const { files, active } = editorStore.getState();
    try {
      await idbPut(KEY, makeWorkspace(files, active, consoleStore.getState().history, cluster));
    } catch (error) {
      appendLog('error', `could not save the workspace: ${(error as Error).message}`);
    }
  };
  const scheduleSave = () => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => void write(), SAVE_DELAY_MS);
  };
  const refreshCluster = async () => {
    const snapshot = await snapshotCluster(connection);
    if (snapshot) cluster = snapshot;
    await write();
  };
  const scheduleCluster = () => {
    if (!ready || clusterTimer) return;
    clusterTimer = setTimeout(() => {
      clusterTimer = undefined;
      void refreshCluster();
    }, CLUSTER_DELAY_MS);
  };

  const restored = (async () => {
    try {
      const saved = restoreWanted() ? await idbGet<unknown>(KEY) : undefined;
      if (saved !== undefined) {
        const workspace = parseWorkspace(saved);
        if (typeof workspace === 'string')
          appendLog('error', `saved workspace ignored: ${workspace}`);
        else {
          await loadWorkspace(connection, workspace);
          cluster = workspace.cluster;
          appendLog('info', 'restored the saved workspace');
        }
      }
    } catch (error) {
      appendLog('error', `could not restore the saved workspace: ${(error as Error).message}`);
    } finally {
      ready = true;
    }
  })();

  const unsubscribe = [
    editorStore.subscribe((s, p) => {
      if (s.files !== p.files || s.active !== p.active) scheduleSave();
    }),
    consoleStore.subscribe(scheduleSave),
    connection.onChanges(scheduleCluster),
  ];
  // The page may never come back: write what is known now (a started transaction completes).
  const onHide = () => {
    if (document.visibilityState === 'hidden' || !document.hidden) void write();
  };
  window.addEventListener('pagehide', onHide);
  document.addEventListener('visibilitychange', onHide);

  return {
    restored,
    saveNow: refreshCluster,
    clusterChanged: scheduleCluster,
    stop() {
      stopped = true;
      clearTimeout(saveTimer);
      clearTimeout(clusterTimer);
      for (const off of unsubscribe) off();
      window.removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onHide);
    },
  };
}
