/**
 * `pipeline-bot test`: the shipped example rule tests pass against the example config (this is how CI runs
 * them); a wrong expectation fails with a diff naming check, subject and time; bad files are answered with
 * the line of the error; exit codes 0 / 1 / 2.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testCommand } from '../../src/replay/cli.js';

const EXAMPLES = resolve('examples/tests');
const dir = mkdtempSync(join(tmpdir(), 'rule-tests-'));

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await testCommand(
    args,
    (l) => out.push(l),
    (l) => err.push(l),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A test file next to the examples' config, from YAML lines. */
function file(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const CONFIG = `config: ${resolve('examples/pipeline.yml')}`;
/** Feb 8's Phase 2 run, all five in by 04:28, never triggered. */
const STUCK_DOCS = [
  'documents:',
  '  phase2_completion/2026-02-02: { _triggered: true }',
  '  phase2_completion/2026-02-03: { _triggered: true }',
  '  phase2_completion/2026-02-04: { _triggered: true }',
  '  phase2_completion/2026-02-05: { _triggered: true }',
  '  phase2_completion/2026-02-06: { _triggered: true }',
  '  phase2_completion/2026-02-07: { _triggered: true }',
  '  phase2_completion/2026-02-08:',
  '    p2_bigdataball_pbp: { completed_at: 2026-02-09T04:00 }',
  '    p2_odds_game_lines: { completed_at: 2026-02-09T04:07 }',
  '    p2_odds_player_props: { completed_at: 2026-02-09T04:14 }',
  '    p2_nbacom_gamebook_pdf: { completed_at: 2026-02-09T04:21 }',
  '    p2_nbacom_boxscores: { completed_at: "2026-02-09T09:28:00Z" }',
];

describe('pipeline-bot test: the shipped examples', () => {
  it('pass against the example config, every test of every group', { timeout: 300_000 }, async () => {
    const r = await run(join(EXAMPLES, 'feb9-stuck.yml'), join(EXAMPLES, 'no-games-day.yml'));
    expect(r.err).toBe('');
    expect(r.out).toContain('10 tests in 2 files: 10 passed, 0 failed');
    expect(r.out).toMatch(/PASS {2}stuck alert within grace \+ 60 s/);
    expect(r.code).toBe(0);
  });
});

describe('pipeline-bot test: expectations', () => {
  it('passes when the open alerts at each time are exactly the expected ones', async () => {
    const path = file('ok.yml', [
      CONFIG,
      ...STUCK_DOCS,
      'tests:',
      '  - { name: within grace, at: 2026-02-09T04:57, expect: [] }',
      '  - name: fired at grace end',
      '    at: 2026-02-09T04:58',
      '    expect: [{ check: stuck, subject: "phase2_to_phase3:2026-02-08", status: fail }]',
    ]);
    const r = await run(path);
    expect(r.out).toContain('2 tests in 1 file: 2 passed, 0 failed');
    expect(r.code).toBe(0);
  });

  it('fails a wrong expectation with a diff naming check, subject and time', async () => {
    const path = file('wrong.yml', [
      CONFIG,
      ...STUCK_DOCS,
      'tests:',
      '  - name: expects the alert a minute too early',
      '    at: 2026-02-09T04:57',
      '    expect: [{ check: stuck, subject: "phase2_to_phase3:2026-02-08" }]',
      '  - name: expects nothing once it fired',
      '    at: 2026-02-09T05:30',
      '    expect: []',
      '  - name: expects the wrong status',
      '    at: 2026-02-09T05:30',
      '    expect: [{ check: stuck, subject: "phase2_to_phase3:2026-02-08", status: warn }]',
    ]);
    const r = await run(path);
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      `FAIL  expects the alert a minute too early  (${path}:${STUCK_DOCS.length + 3}, at 2026-02-09 04:57 America/New_York (2026-02-09T09:57:00.000Z))`,
    );
    expect(r.out).toContain('missing   stuck  phase2_to_phase3:2026-02-08  expected firing, not firing');
    expect(r.out).toMatch(
      /FAIL {2}expects nothing once it fired .*\n +unexpected stuck {2}phase2_to_phase3:2026-02-08 {2}fail since 2026-02-09 04:58 America\/New_York/,
    );
    expect(r.out).toContain('status    stuck  phase2_to_phase3:2026-02-08  expected warn, got fail');
    expect(r.out).toContain('3 tests in 1 file: 0 passed, 3 failed');
  });

  it('limits a test to the checks it names', async () => {
    const path = file('checks.yml', [
      CONFIG,
      ...STUCK_DOCS,
      'tests:',
      '  - { name: overdue only, at: 2026-02-09T05:30, checks: [overdue], expect: [] }',
    ]);
    expect((await run(path)).code).toBe(0);
  });

  it('feeds warehouse rows as time passes: five failed runs in a row fire consecutive_failures', async () => {
    const runs = [1, 2, 3, 4, 5].map(
      (h) =>
        `    - { kind: scraper, name: nbac_injury_report, status: failed, at: 2026-02-09T0${h}:00, error: HTTP 403 }`,
    );
    const path = file('warehouse.yml', [
      CONFIG,
      'start: 2026-02-09T00:00',
      'warehouse:',
      '  runs:',
      ...runs,
      'tests:',
      '  - { name: four failures, at: 2026-02-09T04:59, checks: [consecutive_failures], expect: [] }',
      '  - name: the fifth fires',
      '    at: 2026-02-09T05:15',
      '    checks: [consecutive_failures]',
      '    expect: [{ check: consecutive_failures, subject: "scraper:nbac_injury_report", status: fail }]',
    ]);
    const r = await run(path);
    expect(r.out).toContain('2 passed, 0 failed');
    expect(r.code).toBe(0);
  });
});

describe('pipeline-bot test: bad files are answered with the line of the error', () => {
  const cases: [string, string[], string][] = [
    ['broken YAML (a key twice)', [CONFIG, 'tests: []', 'tests: []'], ':3:'],
    [
      'a time that is not one',
      [CONFIG, 'tests:', '  - name: x', '    at: yesterday', '    expect: []'],
      ':4:',
    ],
    ['an unknown key', [CONFIG, 'tests:', '  - name: x', '    at: 2026-02-09T04:57', '    expct: []'], ':5:'],
    [
      'an unknown check',
      [
        CONFIG,
        'tests:',
        '  - name: x',
        '    at: 2026-02-09T04:57',
        '    expect:',
        '      - { check: stuk, subject: a }',
      ],
      ':6:',
    ],
    [
      'a bad completion time',
      [
        CONFIG,
        'documents:',
        '  phase2_completion/2026-02-08:',
        '    p2_odds_game_lines: { completed_at: 4am }',
        'tests: []',
      ],
      ':4:',
    ],
    [
      'a config that does not exist',
      ['tests: [{ name: x, at: 2026-02-09, expect: [] }]', 'config: ./nowhere.yml'],
      ':2:',
    ],
    [
      'an invalid inline config',
      ['config:', '  checks: { drift_lookback_days: 0 }', 'tests: [{ name: x, at: 2026-02-09, expect: [] }]'],
      ':2:',
    ],
  ];
  for (const [what, lines, where] of cases) {
    it(what, async () => {
      const path = file(`bad-${what.replaceAll(' ', '-')}.yml`, lines);
      const r = await run(path);
      expect(r.code).toBe(1);
      expect(r.err).toContain(`${path}${where}`);
      expect(r.err).not.toMatch(/\n\s+at .*\.(ts|js):\d+/); // no stack trace
    });
  }

  it('a file that does not exist', async () => {
    const r = await run(join(dir, 'missing.yml'));
    expect(r.err).toContain('missing.yml:1:1: file not found');
    expect(r.code).toBe(1);
  });

  it('usage errors exit 2', async () => {
    expect((await run()).code).toBe(2);
    expect((await run('--verbose', 'x.yml')).code).toBe(2);
  });
});

it('the examples name real files', () => {
  expect(readFileSync(join(EXAMPLES, 'feb9-stuck.yml'), 'utf8')).toContain('config: ../pipeline.yml');
});
