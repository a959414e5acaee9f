import { describe, expect, it } from 'vitest';
import { addDays, localInstant } from '../../src/pipeline/dates.js';

describe('calendar answers are memoized without changing them', () => {
  it('hands out a fresh Date each time: a caller changing one does not change the next answer', () => {
    const first = localInstant('2026-03-08', '02:30', 'America/New_York');
    first.setTime(0);
    expect(localInstant('2026-03-08', '02:30', 'America/New_York').toISOString()).toBe(
      '2026-03-08T07:30:00.000Z',
    );
  });

  it('stays right past the memo bound (thousands of distinct questions)', () => {
    for (let i = 0; i < 10_000; i++) addDays('2026-01-01', i);
    expect(addDays('2026-01-01', 365)).toBe('2027-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(localInstant('2026-11-01', '01:30', 'America/New_York').toISOString()).toBe(
      '2026-11-01T05:30:00.000Z',
    );
  });
});
