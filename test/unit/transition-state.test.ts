import { describe, expect, it } from 'vitest';
import { parseCompletionDoc } from '../../src/pipeline/completion.js';
import { localDate } from '../../src/pipeline/dates.js';
import { deadlineFor, deriveState } from '../../src/pipeline/state.js';
import { ny, P2, p2Doc, TZ, testConfig } from '../support/fixtures.js';

const config = testConfig();
const p2 = config.transitions.find((t) => t.id === 'phase2_to_phase3')!;
const p3 = config.transitions.find((t) => t.id === 'phase3_to_phase4')!;
const lastAt = (date: string) => new Date(ny(date, '03:00').getTime() + 4 * 60_000); // 5 processors, +1 min each

describe('transition state (§2)', () => {
  const date = '2026-02-09'; // game date; Phase 2→3 runs on Feb 10
  const all = p2Doc(date, P2, ny('2026-02-10', '03:00'));
  const cases: { name: string; doc: ReturnType<typeof p2Doc>; now: Date; games?: number; state: string }[] = [
    {
      name: 'no games → idle',
      doc: p2Doc(date, [], ny('2026-02-10', '03:00')),
      now: ny('2026-02-11', '12:00'),
      games: 0,
      state: 'idle',
    },
    {
      name: 'no games even with all in → idle',
      doc: all,
      now: ny('2026-02-11', '12:00'),
      games: 0,
      state: 'idle',
    },
    {
      name: 'some missing before the deadline → waiting',
      doc: p2Doc(date, P2.slice(0, 3), ny('2026-02-10', '03:00')),
      now: ny('2026-02-10', '09:59'),
      games: 7,
      state: 'waiting',
    },
    {
      name: 'some missing after the deadline → overdue',
      doc: p2Doc(date, P2.slice(0, 3), ny('2026-02-10', '03:00')),
      now: ny('2026-02-10', '10:00'),
      games: 7,
      state: 'overdue',
    },
    {
      name: 'all in, 29 minutes after the last → waiting (grace)',
      doc: all,
      now: new Date(lastAt('2026-02-10').getTime() + 29 * 60_000),
      games: 7,
      state: 'waiting',
    },
    {
      name: 'all in, 31 minutes after the last → stuck',
      doc: all,
      now: new Date(lastAt('2026-02-10').getTime() + 31 * 60_000),
      games: 7,
      state: 'stuck',
    },
    {
      name: 'all in past the deadline → stuck wins over overdue',
      doc: all,
      now: ny('2026-02-12', '12:00'),
      games: 7,
      state: 'stuck',
    },
    {
      name: 'triggered → triggered',
      doc: p2Doc(date, P2, ny('2026-02-10', '03:00'), { _triggered: true }),
      now: ny('2026-02-12', '12:00'),
      games: 7,
      state: 'triggered',
    },
    {
      name: 'schedule unknown → counts as a game date',
      doc: all,
      now: ny('2026-02-12', '12:00'),
      games: undefined,
      state: 'stuck',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(deriveState({ transition: p2, doc: c.doc, now: c.now, tz: TZ, games: c.games }).state).toBe(
        c.state,
      );
    });
  }

  it('reports the grace end as the next instant the verdict can change', () => {
    const now = new Date(lastAt('2026-02-10').getTime() + 10 * 60_000);
    const s = deriveState({ transition: p2, doc: all, now, tz: TZ, games: 3 });
    expect(s.nextChangeAt?.toISOString()).toBe(
      new Date(lastAt('2026-02-10').getTime() + 30 * 60_000).toISOString(),
    );
  });

  it('unexpected processors are reported but never count toward all complete', () => {
    const doc = p2Doc(date, [...P2.slice(0, 4), 'p2_new_scraper'], ny('2026-02-10', '03:00'));
    const s = deriveState({ transition: p2, doc, now: ny('2026-02-10', '09:00'), tz: TZ, games: 3 });
    expect(s.state).toBe('waiting');
    expect(s.unexpected).toEqual(['p2_new_scraper']);
    expect(s.missing).toEqual(['p2_nbacom_boxscores']);
  });

  it('a transition with no expected processors is never stuck', () => {
    const empty = { ...p3, expected_processors: [] };
    const s = deriveState({
      transition: empty,
      doc: p2Doc(date, [], ny('2026-02-10', '03:00')),
      now: ny('2026-02-12', '12:00'),
      tz: TZ,
      games: 3,
    });
    expect(s.state).toBe('waiting');
  });
});

describe('deadlines and dates across DST', () => {
  it('spring forward: a 10:00 deadline is 14:00 UTC after the change (EDT) and 15:00 UTC before (EST)', () => {
    // DST starts 2026-03-08 in New York. Phase 2 for game date 2026-03-07 runs on 03-08.
    expect(deadlineFor(p2, '2026-03-07', TZ)?.toISOString()).toBe('2026-03-08T14:00:00.000Z');
    expect(deadlineFor(p2, '2026-03-06', TZ)?.toISOString()).toBe('2026-03-07T15:00:00.000Z');
  });
  it('fall back: the deadline on 2026-11-01 is 15:00 UTC (EST)', () => {
    expect(deadlineFor(p2, '2026-10-31', TZ)?.toISOString()).toBe('2026-11-01T15:00:00.000Z');
  });
  it('the local date flips at local midnight, not UTC midnight', () => {
    expect(localDate(new Date('2026-03-08T04:59:00Z'), TZ)).toBe('2026-03-07'); // 23:59 EST
    expect(localDate(new Date('2026-03-08T05:00:00Z'), TZ)).toBe('2026-03-08');
    expect(localDate(new Date('2026-11-01T03:59:00Z'), TZ)).toBe('2026-10-31'); // 23:59 EDT
    expect(localDate(new Date('2026-11-01T04:00:00Z'), TZ)).toBe('2026-11-01');
  });
  it('grace across the fall-back hour is measured in real minutes', () => {
    // All in at 01:40 EDT (05:40Z); 01:10 EST (06:10Z) is 30 real minutes later although the wall clock went back.
    const at = new Date('2026-11-01T05:36:00Z');
    const doc = p2Doc('2026-10-31', P2, at); // last at 05:40Z
    const s29 = deriveState({
      transition: { ...p2, deadline: undefined },
      doc,
      now: new Date('2026-11-01T06:09:00Z'),
      tz: TZ,
      games: 1,
    });
    const s31 = deriveState({
      transition: { ...p2, deadline: undefined },
      doc,
      now: new Date('2026-11-01T06:11:00Z'),
      tz: TZ,
      games: 1,
    });
    expect([s29.state, s31.state]).toEqual(['waiting', 'stuck']);
  });
});

describe('junk documents', () => {
  it('survives values that are not maps, odd timestamps and a non-boolean _triggered', () => {
    const doc = parseCompletionDoc('phase2_completion', '2026-02-09', {
      p2_bigdataball_pbp: 'done',
      p2_odds_game_lines: 42,
      p2_odds_player_props: null,
      p2_nbacom_gamebook_pdf: { completed_at: 'not a date', record_count: '17' },
      p2_nbacom_boxscores: { completed_at: { _seconds: 1770710400, _nanoseconds: 0 } },
      _triggered: 'false',
      _trigger_reason: 7,
    });
    expect(Object.keys(doc.processors)).toHaveLength(5);
    expect(doc.processors.p2_bigdataball_pbp?.malformed).toBe(true);
    expect(doc.processors.p2_nbacom_gamebook_pdf?.completedAt).toBeUndefined();
    expect(doc.processors.p2_nbacom_gamebook_pdf?.recordCount).toBe(17);
    expect(doc.processors.p2_nbacom_boxscores?.completedAt?.toISOString()).toBe('2026-02-10T08:00:00.000Z');
    expect(doc.triggered).toBe(false);
    expect(doc.triggerReason).toBeUndefined();
  });
  it('a document that is not an object exists but has no processors', () => {
    const doc = parseCompletionDoc('phase2_completion', '2026-02-09', ['x']);
    expect(doc.exists).toBe(true);
    expect(doc.processors).toEqual({});
  });
  it('all in with no completion times is stuck at once rather than silent', () => {
    const doc = parseCompletionDoc(
      'phase2_completion',
      '2026-02-09',
      Object.fromEntries(P2.map((p) => [p, 'ok'])),
    );
    const s = deriveState({ transition: p2, doc, now: ny('2026-02-10', '04:00'), tz: TZ, games: 2 });
    expect(s.state).toBe('stuck');
  });
});
