/**
 * The on-call commands without a chat (the CLI's caller): the same parser and executor as `/pipeline`, over
 * the local store. `ack` / `snooze` are recorded on the alert; the running bot posts their notes on its next
 * run. (The CLI's own wiring — `main()`, exit codes — is `test/integration/cli-main.test.ts`.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../src/adapters/index.js';
import { applyResult } from '../../src/alerts/lifecycle.js';
import { executeCommand } from '../../src/commands/execute.js';
import { parseCommand } from '../../src/commands/parse.js';
import type { Deps } from '../../src/deps.js';
import { silentLogger } from '../../src/log.js';
import { createDeps } from '../../src/service.js';
import { renderMessage } from '../../src/views/terminal.js';
import { checkResult } from '../support/builders.js';
import { FakeClock, ny, testConfig } from '../support/fixtures.js';

describe('on-call commands answered without a chat', () => {
  let dir: string;
  let deps: Deps;
  const clock = new FakeClock(ny('2026-02-10', '12:00'));
  const FP = 'stuck:phase2_to_phase3:2026-02-09';
  const run = async (line: string) => {
    const cmd = parseCommand(line, clock.now(), 'America/New_York', ['phase2_to_phase3', 'phase3_to_phase4']);
    return renderMessage(await executeCommand(cmd, deps, { userId: 'alice', source: 'cli' }));
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pipeline-bot-oncall-cli-'));
    const config = testConfig({ DATA_DIR: dir });
    deps = createDeps(config, clock, silentLogger, await createBackend(config, clock, silentLogger));
    await deps.alertStore.update(FP, (cur) =>
      applyResult(cur, checkResult({ summary: 'stuck' }), clock.now()),
    );
  });
  afterAll(async () => {
    await deps?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ack records who acknowledged; the thread note waits in the outbox for the bot', async () => {
    expect(await run(`ack ${FP}`)).toContain(
      'Acknowledged. Reminders stop. (the bot posts it on its next run)',
    );
    const rec = await deps.alertStore.get(FP);
    expect(rec).toMatchObject({ state: 'acknowledged', ackBy: 'alice' });
    expect(rec?.outbox).toContainEqual(
      expect.objectContaining({ kind: 'note', note: { type: 'acknowledged', by: 'alice' } }),
    );
  });

  it('snooze and an unknown alert', async () => {
    expect(await run(`snooze ${FP} 2`)).toContain('Snoozed until 2026-02-10 14:00');
    expect(await run('ack stuck:nope')).toContain('No alert stuck:nope');
  });

  it('mute, mutes, unmute', async () => {
    const created = await run('mute transition=phase2* until 18:00 deploy window');
    const id = /Silence ([a-z0-9]+) holds/.exec(created)?.[1];
    expect(id).toBeDefined();
    expect(await run('mutes')).toContain('deploy window');
    expect(await run(`unmute ${id}`)).toContain('ended');
    expect(await run(`unmute ${id}`)).toContain('already ended');
    expect(await run('unmute zzzz')).toContain('No silence zzzz');
  });

  it('routes from the CLI', async () => {
    expect(await run('routes severity=critical check=stuck')).toMatch(/takes route \*?default/);
  });
});
