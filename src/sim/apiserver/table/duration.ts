/**
 * kubectl's age formats, ported from apimachinery pkg/util/duration/duration.go (v0.32.0), and an
 * RFC 3339 parser that needs no `Date` (the simulation may not use it).
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * `duration.HumanDuration`: ~2-3 significant figures, e.g. `45s`, `119s`, `3m12s`, `12m`, `3h5m`,
 * `20h`, `2d3h`, `30d`, `2y10d`, `9y`. Less than -1 s is `<invalid>`, a little negative is `0s`.
 */
export function humanDuration(ms: number): string {
  // Go converts with int(d.Seconds()), which truncates toward zero.
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 10) {
    const s = Math.trunc(ms / SECOND) % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    const years = Math.trunc(hours / 24 / 365);
    return dy === 0 ? `${years}y` : `${years}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** `duration.ShortHumanDuration`: one unit only (`5s`, `3m`, `2h`, `4d`, `1y`). */
export function shortHumanDuration(ms: number): string {
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${Math.trunc(hours / 24)}d`;
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Milliseconds since the epoch of an RFC 3339 timestamp, or undefined when it does not parse. */
export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = RFC3339.exec(value);
  if (!match) return undefined;
  const [
    ,
    year,
    month,
    day,
    hour,
    minute,
    second,
    fraction,
    zulu,
    sign,
    offsetHours,
    offsetMinutes,
  ] = match;
  let ms =
    daysFromCivil(Number(year), Number(month), Number(day)) * 24 * HOUR +
    Number(hour) * HOUR +
    Number(minute) * MINUTE +
    Number(second) * SECOND;
  if (fraction) ms += Math.trunc(Number(`0.${fraction}`) * 1000);
  if (!zulu) {
    const offset = (Number(offsetHours) * 60 + Number(offsetMinutes)) * MINUTE;
    ms -= sign === '-' ? -offset : offset;
  }
  return ms;
}

/** `translateTimestampSince`: the age of a timestamp, `<unknown>` when absent. */
export function translateTimestampSince(timestamp: unknown, nowMs: number): string {
  const ms = parseTimestamp(timestamp);
  if (ms === undefined) return '<unknown>';
  return humanDuration(nowMs - ms);
}

/** RFC 3339 in UTC without fractions, like Go's `time.RFC3339` of a metav1.Time. */
export function formatRfc3339(ms: number): string {
  const days = Math.floor(ms / (24 * HOUR));
  let rest = ms - days * 24 * HOUR;
  // civilFromDays (inverse of daysFromCivil)
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(rest / HOUR);
  rest -= hour * HOUR;
  const minute = Math.floor(rest / MINUTE);
  rest -= minute * MINUTE;
  const second = Math.floor(rest / SECOND);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}Z`;
}
