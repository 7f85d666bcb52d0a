/**
 * The building blocks of kubectl's describers (pkg/describe/describe.go): a prefix writer whose
 * output is aligned by a tab writer with minwidth 0 and padding 2 (`tabbedString`), and the shared
 * sections: labels, annotations, taints, tolerations, events, RFC 1123Z times.
 */
import type { KubeObject } from '../../../sim/api/types';
import { translateTimestampSince } from '../duration';
import { TabWriter } from '../tabwriter';
import { goSort } from '../go-sort';

/** Accumulates describe output; `flush()` ends an alignment block (describe.go `w.Flush()`). */
export class DescribeWriter {
  private chunks: string[] = [];
  private current = '';

  /** Writes at an indent level (two spaces per level), like PrefixWriter.Write. */
  write(level: number, text: string): void {
    this.current += '  '.repeat(level) + text;
  }

  flush(): void {
    this.chunks.push(this.current);
    this.current = '';
  }

  /** The aligned text. */
  toString(): string {
    this.flush();
    return this.chunks.map(alignDescribe).join('');
  }
}

function alignDescribe(text: string): string {
  const w = new TabWriter({ minWidth: 0, padding: 2 });
  w.write(text);
  return w.flush();
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Go's time.RFC1123Z in UTC: `Mon, 02 Jan 2006 15:04:05 +0000`. */
export function rfc1123z(timestamp: string | undefined): string {
  const ms = Date.parse(timestamp ?? '');
  if (Number.isNaN(ms)) return 'Mon, 01 Jan 0001 00:00:00 +0000';
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** printLabelsMultiline: `Labels:\tk=v` then `\tk2=v2` lines, `<none>` when empty. */
export function writeLabels(
  w: DescribeWriter,
  title: string,
  labels: Record<string, string> | undefined,
  initialIndent = '',
): void {
  w.write(0, `${initialIndent}${title}:\t`);
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) {
    w.write(0, '<none>\n');
    return;
  }
  keys.forEach((k, i) => {
    if (i > 0) w.write(0, `${initialIndent}\t`);
    w.write(0, `${k}=${(labels as Record<string, string>)[k]}\n`);
  });
}

const SKIP_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);
const MAX_ANNOTATION_LEN = 140;

/** printAnnotationsMultiline (skips last-applied-configuration, wraps long values). */
export function writeAnnotations(
  w: DescribeWriter,
  title: string,
  annotations: Record<string, string> | undefined,
): void {
  w.write(0, `${title}:\t`);
  const keys = Object.keys(annotations ?? {})
    .filter((k) => !SKIP_ANNOTATIONS.has(k))
    .sort();
  if (keys.length === 0) {
    w.write(0, '<none>\n');
    return;
  }
  keys.forEach((k, i) => {
    if (i > 0) w.write(0, '\t');
    const value = (annotations as Record<string, string>)[k].replace(/\n$/, '');
    if (value.length + k.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(0, `${k}:\n`);
      for (const s of value.split('\n'))
        w.write(
          0,
          `\t  ${s.length > MAX_ANNOTATION_LEN - 2 ? `${s.slice(0, MAX_ANNOTATION_LEN - 2)}...` : s}\n`,
        );
    } else w.write(0, `${k}: ${value}\n`);
  });
}

interface Taint {
  key: string;
  value?: string;
  effect: string;
}

/** Taint.ToString: `key=value:Effect` or `key:Effect`. */
export function taintString(t: Taint): string {
  return `${t.key}${t.value ? `=${t.value}` : ''}${t.effect ? `:${t.effect}` : ''}`;
}

/** printNodeTaintsMultiline (sorted by effect then key). */
export function writeTaints(w: DescribeWriter, title: string, taints: Taint[] | undefined): void {
  w.write(0, `${title}:\t`);
  const sorted = [...(taints ?? [])].sort((a, b) =>
    `${a.effect},${a.key}` < `${b.effect},${b.key}` ? -1 : 1,
  );
  if (sorted.length === 0) {
    w.write(0, '<none>\n');
    return;
  }
  sorted.forEach((t, i) => {
    if (i > 0) w.write(0, '\t');
    w.write(0, `${taintString(t)}\n`);
  });
}

interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** printTolerationsMultilineWithIndent. */
export function writeTolerations(
  w: DescribeWriter,
  title: string,
  tolerations: Toleration[] | undefined,
  initialIndent = '',
): void {
  w.write(0, `${initialIndent}${title}:\t`);
  const sorted = [...(tolerations ?? [])].sort((a, b) =>
    (a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0,
  );
  if (sorted.length === 0) {
    w.write(0, '<none>\n');
    return;
  }
  sorted.forEach((t, i) => {
    if (i > 0) w.write(0, `${initialIndent}\t`);
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null)
      s += ` for ${t.tolerationSeconds}s`;
    w.write(0, `${s}\n`);
  });
}

/** DescribeEvents: `Events:\t<none>` or the Type/Reason/Age/From/Message table. */
export function writeEvents(
  w: DescribeWriter,
  events: KubeObject[] | undefined,
  nowMs: number,
): void {
  if (!events) return;
  if (events.length === 0) {
    w.write(0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  const first = (e: KubeObject) =>
    (e.eventTime as string | undefined) || (e.firstTimestamp as string | undefined);
  // pkg/util/event SortableEvents: sort.Sort by LastTimestamp (unstable, hence Go's exact order).
  const ts = (e: KubeObject) => Date.parse((e.lastTimestamp as string | undefined) ?? '') || 0;
  const sorted = goSort([...events], (a, b) => ts(a) < ts(b));
  w.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    const firstSince = translateTimestampSince(first(e), nowMs);
    const series = e.series as { count?: number; lastObservedTime?: string } | undefined;
    const count = (e.count as number | undefined) ?? 0;
    let interval = firstSince;
    if (series)
      interval = `${translateTimestampSince(series.lastObservedTime, nowMs)} (x${series.count ?? 0} over ${firstSince})`;
    else if (count > 1)
      interval = `${translateTimestampSince(e.lastTimestamp as string | undefined, nowMs)} (x${count} over ${firstSince})`;
    const source =
      (e.source as { component?: string } | undefined)?.component ||
      (e.reportingComponent as string | undefined) ||
      (e.reportingController as string | undefined) ||
      '';
    w.write(
      1,
      `${(e.type as string | undefined) ?? ''}\t${(e.reason as string | undefined) ?? ''}\t${interval}\t${source}\t${String(e.message ?? '').trim()}\n`,
    );
  }
}

/** metav1.FormatLabelSelector: `app=web,tier in (a,b)`, `<none>` for empty. */
export function formatLabelSelector(
  selector:
    | {
        matchLabels?: Record<string, string>;
        matchExpressions?: { key: string; operator: string; values?: string[] }[];
      }
    | undefined,
): string {
  if (!selector) return '<none>';
  const parts: string[] = [];
  for (const k of Object.keys(selector.matchLabels ?? {}).sort())
    parts.push(`${k}=${selector.matchLabels?.[k]}`);
  for (const e of selector.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  const s = parts.join(',');
  return s === '' ? '<none>' : s;
}

/** printController: `ReplicaSet/web-abc` for the controller owner reference. */
export function controlledBy(obj: KubeObject): string {
  const ref = obj.metadata?.ownerReferences?.find((r) => r.controller);
  return ref ? `${ref.kind}/${ref.name}` : '';
}
