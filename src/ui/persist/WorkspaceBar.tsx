/**
 * The workspace toolbar: the examples gallery, export and import of the whole workspace as one
 * JSON file, and "Reset to the default cluster". It also starts the keeper that saves the
 * workspace in IndexedDB and restores it on load.
 */
import { useEffect, useRef, useState } from 'react';
import type { Connection } from '../connection';
import { useConnection } from '../connection-context';
import { galleryStore } from '../gallery/gallery-store';
import { appendLog } from '../store/session-store';
import { currentWorkspace, loadWorkspace, startKeeper, type Keeper } from './keeper';
import { MAX_WORKSPACE_BYTES, parseWorkspace } from './workspace';

// One keeper per connection, however often React mounts the bar (StrictMode mounts twice).
const keepers = new WeakMap<Connection, Keeper>();

/** The keeper of a connection, started on first use. */
export function keeperFor(connection: Connection): Keeper {
  let keeper = keepers.get(connection);
  if (!keeper) {
    keeper = startKeeper(connection);
    keepers.set(connection, keeper);
  }
  return keeper;
}

export function WorkspaceBar() {
  const connection = useConnection();
  const input = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState('');
  useEffect(() => {
    keeperFor(connection);
  }, [connection]);

  const exportWorkspace = async () => {
    const workspace = await currentWorkspace(connection);
    const blob = new Blob([JSON.stringify(workspace, null, 1)], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = 'k8s-explorer-workspace.json';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setStatus('Workspace exported.');
  };

  const importWorkspace = async (file: File) => {
    if (file.size > MAX_WORKSPACE_BYTES) {
      setStatus(`${file.name} is larger than 20 MiB; not a workspace.`);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(await file.text());
    } catch {
      setStatus(`${file.name} is not JSON.`);
      return;
    }
    const workspace = parseWorkspace(value);
    if (typeof workspace === 'string') {
      setStatus(`${file.name}: ${workspace}.`);
      return;
    }
    try {
      await loadWorkspace(connection, workspace);
      setStatus(`Imported ${file.name}.`);
    } catch (error) {
      setStatus(`The cluster could not be restored: ${(error as Error).message}`);
    }
    await keeperFor(connection).saveNow();
  };

  const reset = async () => {
    try {
      await connection.sim({ op: 'reset' });
      appendLog('info', 'reset to the default cluster');
      setStatus('Cluster reset.');
    } catch (error) {
      setStatus(`Reset failed: ${(error as Error).message}`);
    }
    await keeperFor(connection).saveNow();
  };

  return (
    <div className="workspace-bar" role="toolbar" aria-label="Workspace">
      <button type="button" onClick={() => galleryStore.setState({ open: true })}>
        Examples
      </button>
      <span className="spacer" />
      <button
        type="button"
        onClick={() => void exportWorkspace()}
        title="Download the tabs, console history and cluster as one JSON file"
      >
        Export
      </button>
      <button type="button" onClick={() => input.current?.click()} title="Open a workspace file">
        Import
      </button>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        hidden
        aria-label="Workspace file to import"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void importWorkspace(file);
        }}
      />
      <button type="button" onClick={() => void reset()} title="Reset to the default cluster">
        Reset cluster
      </button>
      <span className="sr-only" role="status">
        {status}
      </span>
    </div>
  );
}
