/** A local store written by an older version (NOT NULL status/is_triggered/updated_at, no run_id) keeps its rows. */
import { expect, it } from 'vitest';
import { openDb } from '../../src/adapters/local/db.js';
import { LocalWarehouse } from '../../src/adapters/local/warehouse.js';

it('upgrades an older run log in place: its runs are still read, and NULL statuses can be stored', async () => {
  const db = openDb(':memory:');
  db.exec(`CREATE TABLE wh_runs (
    kind TEXT NOT NULL, name TEXT NOT NULL, status TEXT NOT NULL, triggered_at INTEGER NOT NULL, error_message TEXT
  )`);
  db.prepare("INSERT INTO wh_runs VALUES ('scraper', 's', 'failed', 1000, 'x')").run();
  const warehouse = new LocalWarehouse(db);
  warehouse.addRuns([{ kind: 'scraper', name: 's', status: null, triggeredAt: new Date(500) }]);
  const [s] = await warehouse.failureStreaks(new Date(0));
  expect(s).toMatchObject({ streak: 1, lastOkAt: new Date(500), lastOkUnknown: true, lastError: 'x' });
  db.close();
});

it('upgrades older phase completions in place: NULL is_triggered and updated_at can be stored', async () => {
  const db = openDb(':memory:');
  db.exec(`CREATE TABLE wh_phase_completions (
    game_date TEXT NOT NULL, phase TEXT NOT NULL, is_triggered INTEGER NOT NULL, trigger_reason TEXT,
    completed_processor_count INTEGER, updated_at INTEGER NOT NULL
  )`);
  db.prepare("INSERT INTO wh_phase_completions VALUES ('2026-02-18', 'phase2', 1, 'old', 5, 1000)").run();
  const warehouse = new LocalWarehouse(db);
  warehouse.addPhaseCompletions([
    { gameDate: '2026-02-19', phase: 'phase2', isTriggered: null, updatedAt: new Date(2000) },
    { gameDate: '2026-02-19', phase: 'phase2', isTriggered: true },
  ]);
  const rows = await warehouse.phaseCompletions(['phase2'], '2026-02-18', '2026-02-19');
  expect(rows.map((r) => [r.gameDate, r.isTriggered, r.triggerReason])).toEqual([
    ['2026-02-18', true, 'old'],
    ['2026-02-19', null, undefined],
  ]);
  db.close();
});
