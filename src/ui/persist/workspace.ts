/**
 * A workspace: the editor's tabs, the console history and the cluster (its setup and journal of
 * timed inputs, from which the deterministic simulation rebuilds it). The same shape is saved in
 * IndexedDB and exported/imported as one JSON file; `parseWorkspace` checks what it is given.
 */
import type { ClusterSetup, JournalEntry } from '../../worker/protocol';

export const WORKSPACE_FORMAT = 'k8s-explorer-workspace';
export const WORKSPACE_VERSION = 1;
/** Imported files larger than this are refused (a workspace is text and a journal). */
export const MAX_WORKSPACE_BYTES = 20 * 1024 * 1024;

export interface SavedCluster {
  setup: Partial<ClusterSetup>;
  journal: JournalEntry[];
  /** Virtual milliseconds since the cluster started, when it was saved. */
  nowMs: number;
}

export interface Workspace {
  format: typeof WORKSPACE_FORMAT;
  version: typeof WORKSPACE_VERSION;
  files: { name: string; text: string }[];
  active?: string;
  history: string[];
  cluster?: SavedCluster;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks a parsed value; returns the workspace or an error sentence. */
export function parseWorkspace(value: unknown): Workspace | string {
  if (!isRecord(value) || value.format !== WORKSPACE_FORMAT)
    return 'not a k8s-explorer workspace file';
  if (value.version !== WORKSPACE_VERSION)
    return `unsupported workspace version ${String(value.version)} (this app reads version ${WORKSPACE_VERSION})`;
  if (!Array.isArray(value.files)) return 'the workspace has no files list';
  const files: Workspace['files'] = [];
  for (const f of value.files) {
    if (!isRecord(f) || typeof f.name !== 'string' || typeof f.text !== 'string')
      return 'a file in the workspace has no name or text';
    if (!f.name.trim()) return 'a file in the workspace has an empty name';
    files.push({ name: f.name.replace(/[\s/\\]+/g, '-'), text: f.text });
  }
  const history = Array.isArray(value.history)
    ? value.history.filter((h): h is string => typeof h === 'string')
    : [];
  let cluster: SavedCluster | undefined;
  if (value.cluster !== undefined) {
    const c = value.cluster;
    if (
      !isRecord(c) ||
      !Array.isArray(c.journal) ||
      typeof c.nowMs !== 'number' ||
      !Number.isFinite(c.nowMs) ||
      c.nowMs < 0
    )
      return 'the saved cluster is damaged (journal or time missing)';
    cluster = {
      setup: isRecord(c.setup) ? (c.setup as Partial<ClusterSetup>) : {},
      journal: c.journal as JournalEntry[],
      nowMs: c.nowMs,
    };
  }
  return {
    format: WORKSPACE_FORMAT,
    version: WORKSPACE_VERSION,
    files,
    active: typeof value.active === 'string' ? value.active : undefined,
    history,
    ...(cluster ? { cluster } : {}),
  };
}

/** Builds a workspace value. */
export function makeWorkspace(
  files: Workspace['files'],
  active: string | undefined,
  history: string[],
  cluster?: SavedCluster,
): Workspace {
  return {
    format: WORKSPACE_FORMAT,
    version: WORKSPACE_VERSION,
    files: files.map((f) => ({ name: f.name, text: f.text })),
    ...(active ? { active } : {}),
    history,
    ...(cluster ? { cluster } : {}),
  };
}
