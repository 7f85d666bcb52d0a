/**
 * The FailedScheduling message (pkg/scheduler/framework/types.go FitError.Error): `0/N nodes are
 * available:` then either the PreFilter message, or a histogram of per-node reasons (`count reason`,
 * sorted as strings, joined by `, `) closed by `.`; then the PostFilter (preemption) message.
 * In 1.32 the PostFilter part is appended with the same ` %v.` separator, and preemption's own
 * message already ends in `.`: real clusters print `...for incoming pod..` (verified against
 * FailedScheduling events of 1.2x-1.32 clusters; newer releases dropped the second period).
 */
import type { FilterStatus } from './framework.ts';

export interface Diagnosis {
  numAllNodes: number;
  /** Status per node that was rejected (nodes absent here passed, or were not evaluated). */
  nodeToStatus: Map<string, FilterStatus>;
  /** Status for nodes absent from the map (preemption's "not helpful" nodes). */
  absentStatus?: FilterStatus;
  preFilterMsg?: string;
  postFilterMsg?: string;
}

/** `0/N nodes are available: ...` exactly as kube-scheduler 1.32 words it. */
export function fitErrorMessage(d: Diagnosis): string {
  let msg = `0/${d.numAllNodes} nodes are available:`;
  if (d.preFilterMsg) msg += ` ${d.preFilterMsg}.`;
  else {
    const reasons = new Map<string, number>();
    for (const status of d.nodeToStatus.values())
      for (const r of status.reasons) reasons.set(r, (reasons.get(r) ?? 0) + 1);
    const absent = d.numAllNodes - d.nodeToStatus.size;
    if (absent > 0 && d.absentStatus)
      for (const r of d.absentStatus.reasons) reasons.set(r, (reasons.get(r) ?? 0) + absent);
    // Go's sort.Strings: byte-wise order.
    const parts = [...reasons].map(([r, n]) => `${n} ${r}`).sort(byteCompare);
    if (parts.length) msg += ` ${parts.join(', ')}.`;
  }
  if (d.postFilterMsg) msg += ` ${d.postFilterMsg}.`;
  return msg;
}

function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
