import { describe, expect, it } from 'vitest';
import { parseCommand, resolveDate } from '../../src/commands/parse.js';
import { ny, TZ } from '../support/fixtures.js';

const now = ny('2026-02-12', '00:30'); // 05:30Z: UTC and New York agree on the date only by accident here

describe('/pipeline arguments', () => {
  it.each([
    ['', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['status', { kind: 'status' }],
    ['status yesterday', { kind: 'status', date: '2026-02-11' }],
    ['STATUS Today', { kind: 'status', date: '2026-02-12' }],
    ['status 2026-02-01', { kind: 'status', date: '2026-02-01' }],
    ['completeness 7', { kind: 'completeness', days: 7 }],
    ['history', { kind: 'history', days: undefined }],
    [
      'heal phase3 yesterday --dry-run',
      { kind: 'heal', target: 'phase3', date: '2026-02-11', force: false, dryRun: true, yes: false },
    ],
  ])('%j', (text, expected) => {
    expect(parseCommand(text, now, TZ)).toEqual(expected);
  });

  it.each([
    ['status 2026-02-30', '"2026-02-30" is not a date'],
    ['status 2026-02-13', 'is in the future'],
    ['status 2025-11-01', 'more than 90 days back'],
    ['status today yesterday', 'at most one date'],
    ['completeness 0', '1 to 90 days'],
    ['completeness lots', 'not a number of days'],
    ['trends 60', 'trends takes 1 to 45 days, not 60.'],
    ['heal', 'needs a target'],
    ['heal phase3 --now', 'unknown option --now'],
    ['deploy prod', 'unknown command "deploy"'],
  ])('%j → a specific error', (text, message) => {
    const c = parseCommand(text, now, TZ);
    expect(c.kind).toBe('error');
    expect(c.kind === 'error' && c.message).toContain(message);
  });

  it('reads an em dash that a Slack client made of "--" as a flag', () => {
    expect(parseCommand('heal phase3 —force —dry-run', now, TZ)).toMatchObject({
      kind: 'heal',
      force: true,
      dryRun: true,
    });
  });

  it('"today" is the New York date, not the UTC one', () => {
    const lateEvening = new Date('2026-02-13T03:00:00Z'); // 22:00 on Feb 12 in New York
    expect(resolveDate('today', lateEvening, TZ)).toEqual({ ok: true, date: '2026-02-12' });
  });
});
