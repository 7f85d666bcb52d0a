/** Clock formatting for the time bar and the log. */

/** `HH:MM:SS` of the virtual time (UTC); the default cluster starts at midnight, so this reads as elapsed time. */
export function formatClock(ms: number): string {
  if (!ms) return '--:--:--';
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** `2026-01-01 00:03:12 UTC` for tooltips. */
export function formatTimestamp(ms: number): string {
  return ms ? `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC` : '';
}
