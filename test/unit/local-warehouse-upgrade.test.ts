/** A local store written by an older version (runs without `run_id`, status NOT NULL) keeps its runs. */
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
