/** Writing a controller's `status` with a minimal merge patch (UpdateStatus without conflicts). */
import type { KubeObject } from '../api/types.ts';
import type { Result, SimClient } from '../client.ts';
import { mergePatchDiff } from './util.ts';

/**
 * Patches `path`/status so the object's status becomes `status`; returns undefined when nothing
 * changed, else the result.
 */
export function writeStatus<T extends KubeObject>(
  client: SimClient,
  path: string,
  current: KubeObject,
  status: Record<string, unknown>,
): Result<T> | undefined {
  const diff = mergePatchDiff(current.status ?? {}, status);
  if (diff === undefined) return undefined;
  return client.patch<T>(`${path}/status`, { status: diff });
}
