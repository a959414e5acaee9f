/** Routing and severity: the first matching route wins, globs never become RegExps, severities come from config. */
import { describe, expect, it } from 'vitest';
import { globMatch, globProblem } from '../../src/oncall/glob.js';
import type { AlertFacts } from '../../src/oncall/matchers.js';
import { matches } from '../../src/oncall/matchers.js';
import { chooseRoute } from '../../src/oncall/routes.js';
import { severityOf } from '../../src/oncall/severity.js';
import { configFromYaml } from '../support/fixtures.js';

const config = configFromYaml(`
channels: { alerts: C0ALERTS }
checks:
  drift: { severity: critical }
  completeness: { severity: { default: info, phase3_to_phase4: critical } }
routes:
  - match: { severity: critical, transition: "phase2_*" }
    channels: [C0PAGER, C0DATA]
  - match: { check: completeness }
    channels: [C0QUALITY]
  - match: { subject: "*:2026-02-0?" }
    channels: [C0OLD]
`);

const facts = (f: Partial<AlertFacts>): AlertFacts => ({
  check: 'stuck',
  subject: 'phase2_to_phase3:2026-02-10',
  transition: 'phase2_to_phase3',
  severity: 'critical',
  ...f,
});

describe('glob matching (no RegExp from user input)', () => {
  it.each([
    ['phase3*', 'phase3_to_phase4', true],
    ['phase3*', 'phase2_to_phase3', false],
    ['*phase3', 'phase2_to_phase3', true],
    ['*:2026-02-0?', 'stuck:phase2_to_phase3:2026-02-09', true],
    ['*:2026-02-0?', 'stuck:phase2_to_phase3:2026-02-10', false],
    ['a*b*c', 'aXXbYYc', true],
    ['a*b*c', 'aXXbYY', false],
    ['*', '', true],
    ['stuck', 'stuck', true],
    ['stuck', 'Stuck', false],
  ])('%s vs %s → %s', (pattern, text, expected) => {
    expect(globMatch(pattern, text)).toBe(expected);
  });

  it('a pattern with RegExp syntax is refused, not compiled', () => {
    expect(globProblem('(a+)+$')).toMatch(/may only use/);
    expect(globProblem('')).toBe('is empty');
    expect(globProblem('x'.repeat(201))).toMatch(/longer than/);
  });

  it('a long adversarial text answers at once (linear backtracking)', () => {
    expect(globMatch(`${'*a'.repeat(20)}b`, 'a'.repeat(5000))).toBe(false);
  });
});

describe('routing table', () => {
  const route = (f: Partial<AlertFacts>) => chooseRoute(config.routes, 'C0ALERTS', facts(f));

  it('critical phase 2 alerts go to the pager and data channels (first route)', () => {
    expect(route({})).toEqual({ route: 0, channels: ['C0PAGER', 'C0DATA'] });
  });
  it('first match wins: a critical phase 2 completeness alert takes route 1, not 2', () => {
    expect(route({ check: 'completeness' }).route).toBe(0);
  });
  it('a warning completeness alert takes the completeness route', () => {
    expect(route({ check: 'completeness', severity: 'info', transition: undefined })).toEqual({
      route: 1,
      channels: ['C0QUALITY'],
    });
  });
  it('a subject glob routes old dates', () => {
    expect(route({ transition: 'phase3_to_phase4', subject: 'phase3_to_phase4:2026-02-03' }).route).toBe(2);
  });
  it('nothing matching: the default alert channel', () => {
    expect(route({ transition: 'phase3_to_phase4', subject: 'phase3_to_phase4:2026-02-10' })).toEqual({
      route: 'default',
      channels: ['C0ALERTS'],
    });
  });
  it('a matcher on transition never matches an alert without one', () => {
    expect(matches({ transition: 'phase*' }, facts({ transition: undefined }))).toBe(false);
  });
});

describe('severity per check and per transition', () => {
  it('defaults: stuck critical, drift overridden to critical, heal_frequency info', () => {
    expect(severityOf(config.checks, 'stuck', 'phase2_to_phase3')).toBe('critical');
    expect(severityOf(config.checks, 'drift')).toBe('critical');
    expect(severityOf(config.checks, 'heal_frequency')).toBe('info');
    expect(severityOf(config.checks, 'reconcile')).toBe('warning');
  });
  it('per transition override, else the check default', () => {
    expect(severityOf(config.checks, 'completeness', 'phase3_to_phase4')).toBe('critical');
    expect(severityOf(config.checks, 'completeness', 'phase2_to_phase3')).toBe('info');
  });
  it('a check this version does not know is a warning', () => {
    expect(severityOf(config.checks, 'service_health')).toBe('warning');
  });
});

describe('config validation of on-call keys', () => {
  it.each([
    ['routes: [{ match: { chek: stuck }, channels: [C1] }]', /routes\.0\.match: unknown key\(s\) "chek"/],
    [
      'routes: [{ match: { check: "st(uck" }, channels: [C1] }]',
      /routes\.0\.match\.check: pattern may only use/,
    ],
    ['routes: [{ match: { check: stuck }, channels: [] }]', /routes\.0\.channels/],
    ['checks: { drift: { severity: urgent } }', /checks\.drift\.severity/],
    [
      'maintenance_windows: [{ cron: "0 23 * * *", duration: "-5h" }]',
      /maintenance_windows\.0\.duration: .*negative/,
    ],
    ['maintenance_windows: [{ cron: "0 23 * * *", duration: "400d" }]', /at most 168 hours/],
    ['escalation: { critical: [{ after: 10m }] }', /exactly one of mention_usergroup or dm_users/],
    ['escalation: { critical: [{ after: 10m, dm_users: [U1], hours: "9-17" }] }', /HH:MM-HH:MM/],
    ['links: { firestore: "https://x/{nope}" }', /unknown placeholder\(s\) \{nope\}/],
    ['links: { logs: "javascript:alert(1)" }', /expected an http\(s\) URL/],
  ])('%s', (yaml, message) => {
    expect(() => configFromYaml(yaml)).toThrow(message);
  });
});
