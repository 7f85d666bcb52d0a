import { describe, expect, it } from 'vitest';
import { formatRfc3339, humanDuration, parseTimestamp, shortHumanDuration } from './duration';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe('humanDuration (apimachinery duration.HumanDuration)', () => {
  it.each([
    [-2 * s, '<invalid>'],
    [-2 * s + 1, '0s'],
    [0, '0s'],
    [s - 1, '0s'],
    [s, '1s'],
    [70 * s, '70s'],
    [2 * m - 1, '119s'],
    [2 * m, '2m'],
    [2 * m + s, '2m1s'],
    [190 * s, '3m10s'],
    [10 * m - 1, '9m59s'],
    [10 * m + s, '10m'],
    [70 * m, '70m'],
    [3 * h - 1, '179m'],
    [3 * h + m, '3h1m'],
    [8 * h - 1, '7h59m'],
    [8 * h + 59 * m, '8h'],
    [47 * h, '47h'],
    [2 * d, '2d'],
    [49 * h, '2d1h'],
    [8 * d - 1, '7d23h'],
    [8 * d + 2 * h, '8d'],
    [367 * d, '367d'],
    [2 * 365 * d - 1, '729d'],
    [2 * 365 * d + 25 * h, '2y1d'],
    [8 * 365 * d + 2 * h, '8y'],
  ])('%d ms -> %s', (ms, expected) => {
    expect(humanDuration(ms)).toBe(expected);
  });

  it('has a one-unit short form', () => {
    expect(shortHumanDuration(59 * s)).toBe('59s');
    expect(shortHumanDuration(90 * m)).toBe('1h');
    expect(shortHumanDuration(400 * d)).toBe('1y');
  });
});

describe('RFC 3339 timestamps without Date', () => {
  it('parses UTC, fractions and offsets', () => {
    expect(parseTimestamp('1970-01-01T00:00:00Z')).toBe(0);
    expect(parseTimestamp('2026-01-01T00:00:00Z')).toBe(Date.UTC(2026, 0, 1));
    expect(parseTimestamp('2024-02-29T12:34:56.789Z')).toBe(Date.UTC(2024, 1, 29, 12, 34, 56, 789));
    expect(parseTimestamp('2024-03-01T01:00:00+01:00')).toBe(Date.UTC(2024, 2, 1, 0, 0, 0));
    expect(parseTimestamp('yesterday')).toBeUndefined();
  });

  it('formats like Go time.RFC3339 in UTC', () => {
    expect(formatRfc3339(Date.UTC(2026, 10, 23, 14, 5, 9, 500))).toBe('2026-11-23T14:05:09Z');
    expect(formatRfc3339(0)).toBe('1970-01-01T00:00:00Z');
  });
});
