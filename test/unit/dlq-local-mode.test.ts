/**
 * Local mode shows the dead-letter flow without Google Cloud: the demo puts a dead letter on the
 * embedded stand-in subscription; a pull records it (acked after), the `dlq` check fires for its date,
 * Mark handled is audited once, and `/pipeline dlq` lists it with mrkdwn escaped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBackend } from '../../src/adapters/index.js';
import { executeCommand } from '../../src/commands/execute.js';
import { parseCommand } from '../../src/commands/parse.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { createDeps } from '../../src/service.js';
import { FakeClock } from '../support/fixtures.js';

const NOW = new Date('2026-02-10T20:00:00.000Z');

describe('dead letters in local mode', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('the demo dead letter is pulled, recorded once, alerted, and handled once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipeline-bot-dlq-local-'));
    dirs.push(dir);
    const config = loadConfig(
      { DATA_DIR: dir, PIPELINE_BACKEND: 'local', ALERT_CHANNEL: 'C1', PIPELINE_CONFIG: 'pipeline.yml' },
      { fileExists: () => true, readFile: () => 'heal:\n  allowed_users: [U0ONCALL]\n' },
    );
    const clock = new FakeClock(NOW);
    const backend = await createBackend(config, clock, silentLogger);
    const deps = createDeps(config, clock, silentLogger, backend);
    try {
      expect(await deps.dlq!.pullNow()).toEqual(['recorded']);
      expect(await deps.dlq!.pullNow()).toEqual([]); // acked: gone from the subscription
      const results = await deps.runChecksOnce();
      const dlq = results.find((r) => r.check === 'dlq')!;
      expect(dlq).toMatchObject({ status: 'fail', subject: 'nba-phase3-trigger-dlq-sub' });
      expect(dlq.summary).toContain('2026-02-08');

      const denied = await deps.dlq!.act('nba-phase3-trigger-dlq-sub', 'dismissed', 'U_SOMEONE');
      expect(denied.kind).toBe('denied');

      const clicks = await Promise.all(
        [0, 1, 2].map(() => deps.dlq!.act('nba-phase3-trigger-dlq-sub', 'dismissed', 'U0ONCALL')),
      );
      expect(clicks.flatMap((c) => (c.kind === 'done' ? c.handled : []))).toEqual(['demo-dead-letter-1']);
      // All handled: firing through the quiet period after the last arrival, then resolved.
      expect((await deps.runChecksOnce()).find((r) => r.check === 'dlq')?.status).toBe('fail');
      clock.advance((config.dlq.quiet_minutes + 1) * 60_000);
      expect((await deps.runChecksOnce()).find((r) => r.check === 'dlq')?.status).toBe('ok');

      const list = await executeCommand(parseCommand('dlq', NOW, config.timezone), deps, {
        userId: 'U1',
        source: 'cli',
      });
      expect(JSON.stringify(list.blocks)).toContain('demo-dead-letter-1');
      expect(JSON.stringify(list.blocks)).toContain('dismissed by <@U0ONCALL>');
    } finally {
      await deps.close();
    }
  });
});
