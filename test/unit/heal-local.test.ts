/**
 * Local mode closes the loop: a heal of the demo's stuck Phase 2→3 marks it triggered
 * (`manual_heal`), then Phase 3's processors complete over the following minutes — visible to any
 * process reading the store file (the CLI's `status` after the CLI's `heal`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { localHealAdapters } from '../../src/adapters/heal-adapters.js';
import { LocalCompletionStore } from '../../src/adapters/local/completion-store.js';
import { openDb } from '../../src/adapters/local/db.js';
import { openLocalBackend } from '../../src/adapters/local/index.js';
import { LocalJobTrigger, SimulatingCompletionStore } from '../../src/adapters/local/job-trigger.js';
import { buildStatus } from '../../src/checks/status.js';
import type { Config } from '../../src/config.js';
import { DEFAULT_HEAL_MESSAGE } from '../../src/heal/config-schema.js';
import { HealService } from '../../src/heal/service.js';
import type { HealOutcome } from '../../src/heal/types.js';
import { healOutcomeText } from '../../src/views/heal-outcome.js';
import { FakeClock, testConfig } from '../support/fixtures.js';

const NOW = new Date('2026-02-10T20:00:00.000Z'); // 15:00 in New York
/** Outcomes are data; the views render them (as Slack and the CLI do). */
const TEXT_CLOCK = { tz: 'America/New_York', now: NOW };
const text = (o: HealOutcome): string => healOutcomeText(o, TEXT_CLOCK);

const MIN = 60_000;

describe('local job trigger', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('heals the demo stuck transition and the next phase progresses, across processes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipeline-bot-local-heal-'));
    dirs.push(dir);
    const config = testConfig({ DATA_DIR: dir, PIPELINE_BACKEND: 'local' });
    const clock = new FakeClock(NOW);
    const backend = await openLocalBackend(config, clock);
    const stuckDate = backend.seeded!.stuckGameDate;
    expect(stuckDate).toBe('2026-02-09');
    const completions = new SimulatingCompletionStore(backend.completions, backend.db, clock);
    const heal = await localHealAdapters(backend.db, config, clock);
    const svc = new HealService({ config, clock, completions, healLog: heal.healLog, actions: heal.actions });

    const statusOf = async (store: typeof completions) => {
      const model = await buildStatus(
        { config, completions: store, schedule: backend.schedule },
        clock.now(),
      );
      return Object.fromEntries(model.items.map((i) => [i.transition.id, i.state]));
    };
    expect((await statusOf(completions)).phase2_to_phase3!.state).toBe('stuck');

    const out = await svc.heal({ transition: 'phase3', source: 'cli', requestedBy: 'alice' });
    expect(out.kind).toBe('triggered');
    let s = await statusOf(completions);
    expect(s.phase2_to_phase3).toMatchObject({ state: 'triggered', triggerReason: 'manual_heal' });
    expect(s.phase2_to_phase3!.triggeredAt).toEqual(NOW);
    expect(s.phase3_to_phase4!.complete).toEqual([]);

    // Another process (a second connection to the same file) sees Phase 3 progressing.
    const otherDb = openDb(dir);
    const other = new SimulatingCompletionStore(new LocalCompletionStore(otherDb), otherDb, clock);
    clock.advance(2 * MIN);
    s = await statusOf(other);
    expect(s.phase3_to_phase4!.date).toBe('2026-02-10');
    expect(s.phase3_to_phase4!.complete).toEqual(['player_game_summary', 'team_offense_game_summary']);
    expect(s.phase3_to_phase4!.state).toBe('waiting');

    const v = await svc.verifyHeal(out.event!.heal_id);
    expect(v.kind).toBe('started');

    clock.advance(5 * MIN);
    s = await statusOf(completions);
    // The demo's disabled processor stays silent after the heal too: the next phase triggers without it.
    expect(s.phase3_to_phase4!.complete).toHaveLength(4);
    expect(s.phase3_to_phase4!.complete).not.toContain('upcoming_team_game_context');
    expect(s.phase3_to_phase4).toMatchObject({ state: 'triggered', triggerReason: 'deadline_exceeded' });

    // Healing again is refused: the run is triggered now.
    const again = await svc.heal({ transition: 'phase3', source: 'cli', requestedBy: 'alice' });
    expect(again.kind).toBe('refused');
    expect(text(again)).toMatch(/already triggered at 15:00 \(manual_heal\)/);
    otherDb.close();
    backend.close();
  });

  it('a processor that already reported keeps its real completion; an unknown job fails clearly', async () => {
    const db = openDb(':memory:');
    const config = testConfig({ PIPELINE_BACKEND: 'local' });
    const clock = new FakeClock(NOW);
    const store = new LocalCompletionStore(db);
    const real = new Date(NOW.getTime() - 10 * MIN);
    await store.put('phase3_completion', '2026-02-10', {
      player_game_summary: { status: 'success', completed_at: real },
    });
    const jobs = new LocalJobTrigger(db, config, clock);
    await jobs.runJob({
      project: 'local',
      location: 'us-west2',
      job: 'same-day-phase3',
      hint: { transition: 'phase2_to_phase3', date: '2026-02-09' },
    });
    clock.advance(10 * MIN);
    const sim = new SimulatingCompletionStore(store, db, clock);
    const [p2, p3] = await sim.getMany([
      { collection: 'phase2_completion', date: '2026-02-09' },
      { collection: 'phase3_completion', date: '2026-02-10' },
    ]);
    expect(p2).toMatchObject({ triggered: true, triggerReason: 'manual_heal' });
    expect(p3!.processors.player_game_summary!.completedAt).toEqual(real);
    expect(Object.keys(p3!.processors)).toHaveLength(5);
    expect(p3!.triggered).toBe(true);
    await expect(jobs.runJob({ project: 'local', location: 'us-west2', job: 'nope' })).rejects.toThrow(
      /no job nope/,
    );
    db.close();
  });

  it.each([
    [
      'pubsub',
      { action: 'pubsub', topic: 'nba-phase3-trigger', message: DEFAULT_HEAL_MESSAGE, attributes: {} },
    ],
    [
      'http',
      {
        action: 'http',
        url: 'https://phase3-orch.example/run',
        body: DEFAULT_HEAL_MESSAGE,
        timeout_ms: 1000,
      },
    ],
  ] as const)(
    'a %s heal advances the healed date and the next phase as the job does',
    async (kind, action) => {
      const dir = mkdtempSync(join(tmpdir(), `pipeline-bot-local-${kind}-`));
      dirs.push(dir);
      const base = testConfig({ DATA_DIR: dir, PIPELINE_BACKEND: 'local' });
      const config = {
        ...base,
        transitions: base.transitions.map((t) =>
          t.id === 'phase2_to_phase3' ? { ...t, heal: { ...action, label: 'Trigger Phase 3' } } : t,
        ),
      } as Config;
      const clock = new FakeClock(NOW);
      const backend = await openLocalBackend(config, clock);
      const completions = new SimulatingCompletionStore(backend.completions, backend.db, clock);
      const heal = await localHealAdapters(backend.db, config, clock);
      const svc = new HealService({
        config,
        clock,
        completions,
        healLog: heal.healLog,
        actions: heal.actions,
      });
      const out = await svc.heal({ transition: 'phase3', source: 'cli', requestedBy: 'alice' });
      expect(out.kind).toBe('triggered');
      expect(out.event).toMatchObject({ action: kind, game_date: '2026-02-09' });
      const published = backend.db.prepare('SELECT message_id, topic, data FROM local_published').all() as {
        message_id: string;
        topic: string;
        data: string;
      }[];
      if (kind === 'pubsub') {
        expect(published).toEqual([
          {
            message_id: out.event!.action_ref,
            topic: 'nba-phase3-trigger',
            data: '{"game_date": "2026-02-09", "trigger_reason": "manual_heal"}',
          },
        ]);
      } else {
        expect(published).toEqual([]);
        expect(out.event!.action_ref).toBe('200');
      }
      clock.advance(2 * MIN);
      const [p2, p3] = await completions.getMany([
        { collection: 'phase2_completion', date: '2026-02-09' },
        { collection: 'phase3_completion', date: '2026-02-10' },
      ]);
      expect(p2).toMatchObject({ triggered: true, triggerReason: 'manual_heal' });
      expect(Object.keys(p3!.processors)).toEqual(['player_game_summary', 'team_offense_game_summary']);
      backend.close();
    },
  );
});
