/**
 * `pipeline-bot replay` against a local data folder: the timeline as text and as JSON, usage errors exit 2,
 * and the store is only read (no alert written, nothing posted). The folder's warehouse tables are read
 * as of each simulated instant: its `phase_completions` agree with the documents (reconcile stays quiet),
 * and a scraper's failure streak fires and resolves when it happened.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalAlertStore } from '../../src/adapters/local/alert-store.js';
import { LocalCompletionStore } from '../../src/adapters/local/completion-store.js';
import { openDb, setMeta } from '../../src/adapters/local/db.js';
import { LocalWarehouse } from '../../src/adapters/local/warehouse.js';
import { replayCommand } from '../../src/replay/cli.js';
import { ny, P2 } from '../support/fixtures.js';

const dataDir = mkdtempSync(join(tmpdir(), 'replay-cli-'));
const env = { DATA_DIR: dataDir, PIPELINE_CONFIG: resolve('examples/pipeline.yml'), LOG_LEVEL: 'silent' };

async function replay(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await replayCommand(
    args,
    env,
    (l) => out.push(l),
    (l) => err.push(l),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  const db = openDb(dataDir);
  setMeta(db, 'seeded_at', new Date().toISOString()); // no demo: this folder holds only the case below
  const store = new LocalCompletionStore(db);
  for (let d = 1; d <= 7; d++) await store.put('phase2_completion', `2026-02-0${d}`, { _triggered: true });
  const fields = Object.fromEntries(
    P2.map((p, i) => [
      p,
      { status: 'success', completed_at: new Date(ny('2026-02-09', '04:00').getTime() + i * 7 * 60_000) },
    ]),
  );
  await store.put('phase2_completion', '2026-02-08', {
    ...fields,
    _triggered: true,
    _triggered_at: ny('2026-02-11', '11:00'),
  });
  const warehouse = new LocalWarehouse(db);
  const row = (date: string, isTriggered: boolean, updatedAt: Date) => ({
    gameDate: date,
    phase: 'phase2',
    isTriggered,
    updatedAt,
  });
  warehouse.addPhaseCompletions([
    ...[1, 2, 3, 4, 5, 6, 7].map((d) => row(`2026-02-0${d}`, true, ny(`2026-02-0${d + 1}`, '05:00'))),
    row('2026-02-08', false, ny('2026-02-09', '04:30')),
    row('2026-02-08', true, ny('2026-02-11', '11:00')),
  ]);
  // A scraper run every two hours from 04:07: a success, six failures (the default threshold is 5), a success.
  warehouse.addRuns(
    Array.from({ length: 8 }, (_, i) => ({
      kind: 'scraper' as const,
      name: 'nbac_injury_report',
      status: i === 0 || i === 7 ? 'success' : 'failed',
      triggeredAt: new Date(ny('2026-02-09', '04:07').getTime() + i * 2 * 3_600_000),
      errorMessage: i === 0 || i === 7 ? undefined : 'HTTP 403',
    })),
  );
  db.close();
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('pipeline-bot replay', () => {
  it('prints when each alert would have fired, reminded and resolved, and the digests', {
    timeout: 60_000,
  }, async () => {
    const r = await replay('--from', '2026-02-09T04:00', '--to', '2026-02-11T12:00');
    expect(r.code).toBe(0);
    expect(r.out).toContain('2026-02-09 04:58  FIRED     stuck:phase2_to_phase3:2026-02-08  fail');
    expect(r.out).toContain(
      '2026-02-09 08:58  REMINDER  stuck:phase2_to_phase3:2026-02-08  fail  still firing after 4 h 0 min',
    );
    expect(r.out).toContain(
      '2026-02-11 11:00  RESOLVED  stuck:phase2_to_phase3:2026-02-08  fail  after 2 d 6 h (check passes)',
    );
    // The fifth failure (14:07) is seen by the 14:15 warehouse run; the success of 18:07 by the 18:15 one.
    expect(r.out).toContain(
      '2026-02-09 14:15  FIRED     consecutive_failures:scraper:nbac_injury_report  fail  scraper nbac_injury_report has failed 5 times in a row since 2026-02-09 06:07; last error: HTTP 403',
    );
    expect(r.out).toContain(
      '2026-02-09 18:15  RESOLVED  consecutive_failures:scraper:nbac_injury_report  fail  after 4 h 0 min (check passes)',
    );
    expect(r.out).not.toContain('reconcile:');
    expect(r.out).not.toContain('check_health');
    expect(r.out).toMatch(/2026-02-10 08:00 {2}DIGEST {4}2026-02-10: .*1 open alert/);
  });

  it('--json gives the same timeline for machines', { timeout: 60_000 }, async () => {
    const r = await replay('--from', '2026-02-09T04:00-05:00', '--to', '2026-02-09T06:00-05:00', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.timezone).toBe('America/New_York');
    expect(json.events).toEqual([
      expect.objectContaining({
        kind: 'fired',
        check: 'stuck',
        subject: 'phase2_to_phase3:2026-02-08',
        at: '2026-02-09T09:58:00.000Z',
      }),
    ]);
  });

  it('only reads the store: no alert is recorded by a replay', async () => {
    const db = openDb(dataDir);
    expect(await new LocalAlertStore(db).listSince(new Date(0))).toEqual([]);
    db.close();
  });

  it.each([
    [['--from', '2026-02-09'], '--from and --to are required'],
    [['--from', 'monday', '--to', '2026-02-10'], 'expected a date-time'],
    [['--from', '2026-02-10', '--to', '2026-02-09'], '--from must be before --to'],
    [['--from', '2026-01-01', '--to', '2026-03-01'], 'at most 31 days apart'],
    [['--from', '2026-02-09', '--to', '2026-02-10', '--color'], 'unexpected argument "--color"'],
  ])('usage error %j exits 2', async (args, message) => {
    const r = await replay(...args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });
});
