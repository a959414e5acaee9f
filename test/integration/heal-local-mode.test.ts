/**
 * Local mode closes the loop through the same wiring as `pipeline-bot heal phase3 yesterday --yes`:
 * `createBackend` (SQLite under a temp DATA_DIR, seeded with the demo) → `createDeps` → the parsed CLI
 * command through `executeCommand` as the CLI caller, with a clock the test moves (the real `main()` of
 * src/cli.ts is driven in cli-main.test.ts). The demo's stuck Phase 2→3 becomes triggered (`manual_heal`) and, as the
 * simulated clock moves on, Phase 3's processors start reporting in `buildStatus`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackend } from '../../src/adapters/index.js';
import { buildStatus } from '../../src/checks/status.js';
import { executeCommand } from '../../src/commands/execute.js';
import { parseCommand } from '../../src/commands/parse.js';
import type { Deps } from '../../src/deps.js';
import { createLogger } from '../../src/log.js';
import { createDeps } from '../../src/service.js';
import { renderMessage } from '../../src/views/terminal.js';
import { FakeClock, testConfig } from '../support/fixtures.js';

const NOW = new Date('2026-02-10T20:00:00.000Z'); // 15:00 in New York
const MIN = 60_000;
const CLI = { userId: 'alice', source: 'cli' as const };

describe('local mode: a CLI heal turns the demo stuck transition into triggered, and Phase 3 starts', () => {
  let dir: string;
  let deps: Deps;
  const clock = new FakeClock(NOW);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pipeline-bot-heal-local-'));
    clock.set(NOW);
    const config = testConfig({ DATA_DIR: dir, PIPELINE_BACKEND: 'local' });
    const log = createLogger('silent');
    const backend = await createBackend(config, clock, log);
    expect(backend.kind).toBe('local');
    expect(backend.seeded?.stuckGameDate).toBe('2026-02-09');
    deps = createDeps(config, clock, log, backend);
  });
  afterEach(async () => {
    await deps?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = async (line: string) =>
    renderMessage(await executeCommand(parseCommand(line, clock.now(), deps.config.timezone), deps, CLI));
  const status = async () => {
    const model = await buildStatus(deps, clock.now());
    return Object.fromEntries(model.items.map((i) => [i.transition.id, i.state]));
  };

  it('heal phase3 yesterday --yes', async () => {
    let s = await status();
    expect(s.phase2_to_phase3).toMatchObject({ date: '2026-02-09', state: 'stuck' });
    expect(s.phase3_to_phase4).toMatchObject({ date: '2026-02-10', complete: [] });

    // --dry-run first: nothing recorded, nothing changed.
    expect(await cli('heal phase3 yesterday --dry-run')).toContain('Dry run');
    expect(await deps.heal!.recent()).toEqual([]);
    expect((await status()).phase2_to_phase3!.state).toBe('stuck');

    const out = await cli('heal phase3 yesterday --yes');
    expect(out).toContain('Trigger Phase 3: ran same-day-phase3 (us-west2) for phase2_to_phase3 2026-02-09');
    expect(out).toContain('requested by @alice');
    const [event] = await deps.heal!.recent();
    expect(event).toMatchObject({
      transition: 'phase2_to_phase3',
      game_date: '2026-02-09',
      source: 'cli',
      requested_by: 'alice',
      status: 'triggered',
    });

    s = await status();
    expect(s.phase2_to_phase3).toMatchObject({ state: 'triggered', triggerReason: 'manual_heal' });
    expect(s.phase2_to_phase3!.triggeredAt).toEqual(NOW);

    // The simulated job: Phase 3's processors complete one a minute, then Phase 3 triggers.
    clock.advance(3 * MIN);
    s = await status();
    expect(s.phase3_to_phase4!.complete).toEqual([
      'player_game_summary',
      'team_offense_game_summary',
      'team_defense_game_summary',
    ]);
    clock.advance(5 * MIN);
    s = await status();
    // The demo's disabled processor stays silent after the heal too: the next phase triggers without it.
    expect(s.phase3_to_phase4!.complete).toHaveLength(4);
    expect(s.phase3_to_phase4!.complete).not.toContain('upcoming_team_game_context');
    expect(s.phase3_to_phase4).toMatchObject({ state: 'triggered', triggerReason: 'deadline_exceeded' });

    // The next tick verifies the heal; history shows it.
    clock.advance(15 * MIN);
    await deps.runScheduledChecks('task');
    expect((await deps.heal!.recent())[0]!.verified).toBe('started');
    const history = await cli('history');
    expect(history).toContain('phase2_to_phase3');
    expect(history).toContain('alice');

    // A second heal of the same run is refused: it is triggered now.
    const again = await cli('heal phase3 2026-02-09 --yes');
    expect(again).toContain('phase2_to_phase3 2026-02-09 is already triggered at 15:00 (manual_heal)');
  });
});
