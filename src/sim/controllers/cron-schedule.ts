/**
 * Cron schedules as the CronJob controller reads them (robfig/cron `ParseStandard`): five fields
 * with day-of-month and day-of-week ORed, the `@yearly`..`@hourly` descriptors, `@midnight`, and
 * `@every <duration>`; evaluated in `spec.timeZone` (UTC when unset, the controller manager's zone
 * in a kubeadm cluster). Parsing uses croner; next times are computed from virtual time only.
 */
import { Cron } from 'croner';

export interface Schedule {
  /** The first activation strictly after `afterMs`. */
  next(afterMs: number): number | undefined;
}

function parseDuration(text: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
    total += Number(m[1]) * unit;
    consumed += m[0].length;
  }
  return consumed === text.length && total > 0 ? total : undefined;
}

/** Parses a schedule; a string error describes why it cannot be parsed. */
export function parseSchedule(schedule: string, timeZone?: string): Schedule | string {
  const text = schedule.trim();
  const every = /^@every\s+(.+)$/.exec(text);
  if (every) {
    const ms = parseDuration(every[1].trim());
    if (ms === undefined) return `failed to parse duration ${every[1]}`;
    // robfig's ConstantDelaySchedule rounds to the second and ticks from the previous activation.
    const step = Math.max(1000, Math.floor(ms / 1000) * 1000);
    return { next: (after) => Math.floor(after / 1000) * 1000 + step };
  }
  const pattern = text === '@midnight' ? '@daily' : text;
  if (!pattern.startsWith('@') && pattern.split(/\s+/).length !== 5)
    return `expected exactly 5 fields, found ${pattern.split(/\s+/).length}: [${pattern}]`;
  try {
    const cron = new Cron(pattern, { paused: true, timezone: timeZone || 'UTC', mode: '5-part' });
    return {
      next(after) {
        // eslint-disable-next-line no-restricted-globals
        const d = cron.nextRun(new Date(after));
        return d ? d.getTime() : undefined;
      },
    };
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/**
 * mostRecentScheduleTime: the latest activation in (earliest, now], the one before it, and how many
 * were missed. Counting stops past 100 (the controller warns and starts the most recent one).
 */
export function mostRecentScheduleTime(
  schedule: Schedule,
  earliestMs: number,
  nowMs: number,
): { last?: number; missed: number } {
  let t = schedule.next(earliestMs);
  let last: number | undefined;
  let missed = 0;
  while (t !== undefined && t <= nowMs) {
    last = t;
    missed++;
    if (missed > 100) {
      // Jump close to now instead of walking every activation (robfig would take long too).
      const probe = schedule.next(nowMs - 60 * 60_000);
      if (probe !== undefined && probe > t) t = probe;
    }
    t = schedule.next(t);
  }
  return { last, missed };
}
