/**
 * The open-alert count `status` shows per transition (SPEC §6): the current status counts every open alert
 * of the transition, `status <date>` only those of that run; resolved alerts never count. The rule, over
 * the local store; the signed-request wire is `test/integration/status-counts-open-alerts.test.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../src/adapters/index.js';
import type { AlertRecord } from '../../src/alerts/types.js';
import { executeCommand } from '../../src/commands/execute.js';
import { parseCommand } from '../../src/commands/parse.js';
import type { Deps } from '../../src/deps.js';
import { silentLogger } from '../../src/log.js';
import { createDeps } from '../../src/service.js';
import { alertRecord, checkResult } from '../support/builders.js';
import { FakeClock, ny, TZ, testConfig } from '../support/fixtures.js';

describe('open alerts counted by status', () => {
  let dir: string;
  let deps: Deps;
  const clock = new FakeClock(ny('2026-02-10', '15:00'));
  const status = async (line: string) =>
    JSON.stringify(
      (await executeCommand(parseCommand(line, clock.now(), TZ), deps, { userId: 'U1', source: 'cli' }))
        .blocks,
    );
  const store = (record: AlertRecord) => deps.alertStore.update(record.fingerprint, () => record);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pipeline-bot-status-alerts-'));
    const config = testConfig({ DATA_DIR: dir });
    deps = createDeps(config, clock, silentLogger, await createBackend(config, clock, silentLogger));
    // Phase 2→3 (it works on the day before the run day): two open alerts of two runs, and one resolved
    // whose root edit is still to be delivered (so the store still lists it as active).
    await store(alertRecord({}, checkResult({ date: '2026-02-09' })));
    await store(alertRecord({}, checkResult({ check: 'drift', date: '2026-02-08' })));
    const resolved = checkResult({ check: 'overdue', date: '2026-02-09' });
    await store(alertRecord({ state: 'resolved', outbox: [{ id: 'o1', kind: 'update' }] }, resolved));
  });
  afterAll(async () => {
    await deps?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the current status counts every open alert of the transition, not the resolved one', async () => {
    const blocks = await status('status');
    expect(blocks).toContain('2 open alerts');
    expect(blocks).not.toContain('3 open alerts');
  });

  it('status <date> counts only the open alerts of that run', async () => {
    const blocks = await status('status 2026-02-10');
    expect(blocks).toContain('1 open alert');
    expect(blocks).not.toContain('2 open alerts');
  });
});
