/**
 * Indexed Jobs (pkg/controller/job/indexed_job_utils.go): the completion index of a pod (annotation,
 * then label `batch.kubernetes.io/job-completion-index`), and `status.completedIndexes` written as
 * ordered intervals, e.g. "0-2,4".
 */
import type { Pod } from './util.ts';

export const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';

/** The pod's completion index, or undefined. */
export function completionIndex(pod: Pod): number | undefined {
  const raw =
    pod.metadata?.annotations?.[COMPLETION_INDEX] ?? pod.metadata?.labels?.[COMPLETION_INDEX];
  if (raw === undefined || !/^(0|[1-9]\d*)$/.test(raw)) return undefined;
  return Number(raw);
}

/** Formats a set of indexes as "0-2,4,7-9". */
export function formatIndexes(indexes: Iterable<number>): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j === i ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** Parses "0-2,4" back into indexes below `completions`. */
export function parseIndexes(text: string | undefined, completions: number): Set<number> {
  const out = new Set<number>();
  for (const part of (text ?? '').split(',')) {
    if (!part) continue;
    const [a, b] = part.split('-').map(Number);
    for (let i = a; i <= (b ?? a) && i < completions; i++) if (Number.isInteger(i)) out.add(i);
  }
  return out;
}
