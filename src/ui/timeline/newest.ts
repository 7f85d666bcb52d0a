/** Picking the newest few of many timestamped items without sorting them all. */

/**
 * The newest `count` of `items` by `timeOf`, newest first. A busy cluster holds thousands of
 * Events and the timeline shows the newest 150: a running window is kept instead of sorting all.
 */
export function newestEvents<T>(
  items: readonly T[],
  count: number,
  timeOf: (item: T) => number,
): { event: T; at: number }[] {
  const byTime = (a: { at: number }, b: { at: number }) => b.at - a.at;
  if (items.length <= count)
    return items.map((event) => ({ event, at: timeOf(event) })).sort(byTime);
  const kept: { event: T; at: number }[] = [];
  let floor = -Infinity;
  for (const event of items) {
    const at = timeOf(event);
    if (kept.length >= count && at <= floor) continue;
    kept.push({ event, at });
    if (kept.length >= count * 2) {
      kept.sort(byTime);
      kept.length = count;
      floor = kept[count - 1].at;
    }
  }
  return kept.sort(byTime).slice(0, count);
}
