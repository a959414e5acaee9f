/** `mute` / `mutes` / `unmute` / `routes` / CLI `ack` `snooze`: matchers and durations, bad input answered clearly. */
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/commands/parse.js';
import { parseDuration, parseSilenceEnd } from '../../src/oncall/duration.js';
import { ny, TZ } from '../support/fixtures.js';

const NOW = ny('2026-02-10', '22:15');
const TRANSITIONS = ['phase2_to_phase3', 'phase3_to_phase4'];
const parse = (text: string) => parseCommand(text, NOW, TZ, TRANSITIONS);
const errorOf = (text: string) => {
  const c = parse(text);
  return c.kind === 'error' ? c.message : `(no error: ${c.kind})`;
};

describe('mute', () => {
  it('matchers, a duration and a reason', () => {
    expect(parse('mute check=drift transition=phase3* 2h backfill running')).toEqual({
      kind: 'mute',
      matchers: { check: 'drift', transition: 'phase3*' },
      endsAt: new Date(NOW.getTime() + 2 * 3_600_000),
      reason: 'backfill running',
    });
  });

  it('until 08:00 is the next 08:00 in the pipeline time zone (tomorrow, past midnight)', () => {
    const c = parse('mute subject=*:2026-02-09 until 08:00 known gap');
    expect(c).toMatchObject({ kind: 'mute', endsAt: ny('2026-02-11', '08:00'), reason: 'known gap' });
  });

  it.each([
    [
      'mute colour=red 2h x',
      /unknown matcher key in "colour=red": use check=, transition=, subject=, severity=/,
    ],
    ['mute check=dr(ift 2h x', /bad pattern for `check` \("dr\(ift"\): it may only use/],
    ['mute check=drfit 2h x', /`check=drfit` matches no check; known: stuck, overdue, drift/],
    ['mute transition=phase9* 2h x', /matches no transition; known: phase2_to_phase3, phase3_to_phase4/],
    ['mute severity=urgent 2h x', /matches no severity; known: critical, warning, info/],
    ['mute check=drift -5h x', /"-5h" is negative; a duration is positive/],
    ['mute check=drift 400d x', /400 days is too long; a silence lasts at most 30 days/],
    ['mute check=drift 2 hours x', /"2" is not a duration: use e\.g\./],
    ['mute check=drift 0m x', /is zero/],
    ['mute check=drift until 25:00 x', /`until` takes a local time `HH:MM`/],
    ['mute check=drift 2h', /say why/],
    ['mute check=drift', /say for how long/],
    ['mute 2h reason', /give at least one matcher/],
    ['mute check=drift check=stuck 2h x', /given twice/],
    [`mute check=drift 2h ${'x'.repeat(301)}`, /at most 300/],
  ])('%s', (text, message) => {
    expect(errorOf(text)).toMatch(message);
  });

  it('hostile input is quoted back escaped and short', () => {
    const msg = errorOf(`mute <!channel>=x${'y'.repeat(200)} 2h x`);
    expect(msg).toContain('&lt;!channel&gt;');
    expect(msg).not.toContain('<!channel>');
    expect(msg.length).toBeLessThan(200);
  });
});

describe('mutes, unmute, routes, ack, snooze', () => {
  it.each([
    ['mutes', { kind: 'mutes' }],
    ['unmute a1b2c3d4', { kind: 'unmute', id: 'a1b2c3d4' }],
    ['routes', { kind: 'routes' }],
    [
      'routes check=stuck transition=phase2_to_phase3',
      { kind: 'routes', probe: { check: 'stuck', transition: 'phase2_to_phase3' } },
    ],
    ['ack stuck:phase2_to_phase3:2026-02-09', { kind: 'ack', alert: 'stuck:phase2_to_phase3:2026-02-09' }],
    [
      'snooze stuck:phase2_to_phase3:2026-02-09 4',
      { kind: 'snooze', alert: 'stuck:phase2_to_phase3:2026-02-09', hours: 4 },
    ],
  ])('%s', (text, expected) => {
    expect(parse(text)).toEqual(expected);
  });

  it.each([
    ['mutes now', /takes no arguments/],
    ['unmute', /unmute takes one silence id/],
    ['unmute ../../x', /not "..\/..\/x"/],
    ['routes colour=red', /unknown matcher key/],
    ['snooze stuck:x -5', /1 to 168 hours, not "-5"/],
    ['snooze stuck:x 400', /not "400"/],
    ['ack', /needs an alert fingerprint/],
  ])('%s', (text, message) => {
    expect(errorOf(text)).toMatch(message);
  });
});

describe('durations', () => {
  it.each([
    ['30m', 30 * 60_000],
    ['2h', 2 * 3_600_000],
    ['1d', 86_400_000],
    ['1h30m', 90 * 60_000],
    ['1W', 7 * 86_400_000],
  ])('%s', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, ms });
  });

  it('a silence of exactly 30 days is allowed, a minute more is not', () => {
    expect(parseSilenceEnd(['30d'], NOW, TZ).ok).toBe(true);
    expect(parseSilenceEnd(['30d1m'], NOW, TZ)).toMatchObject({ ok: false });
  });
});
