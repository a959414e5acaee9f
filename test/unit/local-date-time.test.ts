/** The one way a date and time in the pipeline's zone is written, across DST and day boundaries. */
import { describe, expect, it } from 'vitest';
import { localDateTime } from '../../src/pipeline/dates.js';
import { formatDuration } from '../../src/util/duration-text.js';

const TZ = 'America/New_York';

describe('localDateTime', () => {
  it('writes the date and time in the zone, not in UTC', () => {
    expect(localDateTime(new Date('2026-02-10T03:30:00Z'), TZ)).toBe('2026-02-09 22:30');
    expect(localDateTime(new Date('2026-07-10T03:30:00Z'), TZ)).toBe('2026-07-09 23:30'); // summer time
  });

  it('drops the date on `today`, says `yesterday` when asked, else keeps the date', () => {
    const at = new Date('2026-02-10T13:05:00Z'); // 08:05 local
    expect(localDateTime(at, TZ, { today: '2026-02-10' })).toBe('08:05');
    expect(localDateTime(at, TZ, { today: '2026-02-11' })).toBe('2026-02-10 08:05');
    expect(localDateTime(at, TZ, { today: '2026-02-11', yesterday: true })).toBe('yesterday 08:05');
    expect(localDateTime(at, TZ, { today: '2026-02-12', yesterday: true })).toBe('2026-02-10 08:05');
  });

  it('appends the zone when asked', () => {
    expect(localDateTime(new Date('2026-02-10T13:05:00Z'), TZ, { zone: true })).toBe(
      '2026-02-10 08:05 America/New_York',
    );
    expect(localDateTime(new Date('2026-02-10T13:05:00Z'), TZ, { today: '2026-02-10', zone: true })).toBe(
      '08:05 America/New_York',
    );
  });
});

describe('formatDuration', () => {
  it('minutes, then hours and minutes, then days and hours', () => {
    expect(formatDuration(42 * 60_000)).toBe('42 min');
    expect(formatDuration((3 * 60 + 5) * 60_000)).toBe('3 h 5 min');
    expect(formatDuration((52 * 60 + 30) * 60_000)).toBe('2 d 4 h');
    expect(formatDuration(-5)).toBe('0 min');
  });
});
