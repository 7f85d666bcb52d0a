/** Read-only time travel: asks the Worker for every object at a revision and shows that cluster. */
import type { KubeObject } from '../../sim/api/types';
import type { Connection } from '../connection';
import { showPast, viewStore } from '../store/view-store';

/** Shows the cluster as it was at `revision`; on failure the reason is kept in `travelError`. */
export async function travelTo(
  connection: Connection,
  revision: number,
  atMs?: number,
): Promise<void> {
  try {
    const result = (await connection.sim({ op: 'objects-at', revision })) as {
      revision: number;
      atMs: number;
      objects: KubeObject[];
    };
    // The Worker stamps its own clock; the moment the user picked is the entry's time.
    showPast(result.revision ?? revision, atMs ?? result.atMs ?? 0, result.objects ?? []);
  } catch (error) {
    viewStore.setState({
      travelError: `time travel: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
}
