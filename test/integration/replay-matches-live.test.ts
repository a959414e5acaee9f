/**
 * Replay tells the truth about history: over a seeded week, the timeline replay rebuilds from the stored
 * (final) completion documents is the one the live bot produced while the documents were being written,
 * minute by minute on a simulated clock — on the local store and on Firestore (emulator).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { FirestoreCompletionStore } from '../../src/adapters/firestore/completion-store.js';
import type { Backend } from '../../src/adapters/index.js';
import { LocalAlertStore } from '../../src/adapters/local/alert-store.js';
import { LocalCompletionStore, LocalSchedule } from '../../src/adapters/local/completion-store.js';
import { openDb } from '../../src/adapters/local/db.js';
import { LocalLeaseStore } from '../../src/adapters/local/lease-store.js';
import { MemorySilenceStore } from '../../src/adapters/memory/stores.js';
import type { Config } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { addDays, dateRange } from '../../src/pipeline/dates.js';
import type { CompletionStore, ScheduleSource } from '../../src/ports.js';
import { nextTickAfter, runReplay } from '../../src/replay/engine.js';
import { TimelineAlertStore, type TimelineEvent } from '../../src/replay/timeline.js';
import { createDeps } from '../../src/service.js';
import { describeFirestore, firestoreTestEnv } from '../support/firestore.js';
import { FakeClock, ny, testConfig } from '../support/fixtures.js';
import { MemoryAlertStore, MemoryLeaseStore, RecordingChat } from '../support/memory.js';
import {
  HEAL_AT,
  NO_GAMES_DATE,
  seededWeek,
  WEEK_FROM,
  WEEK_TO,
  type Write,
} from '../support/seeded-week.js';

/**
 * Checks every 15 minutes rather than every minute keeps a week at ~1,000 ticks per run (the emulator answers
 * each); detection is unchanged, since the schedule also wakes at every `next_due` (grace end, deadline).
 */
function weekConfig(): Config {
  const config = testConfig();
  return { ...config, checks: { ...config.checks, fast_cron: '*/15 * * * *' } };
}

type Sink = (w: Write) => Promise<void>;

/** Games per date around the week: 8 a day, none on the no-games date. */
function games(): Map<string, number> {
  const m = new Map<string, number>();
  for (const d of dateRange(addDays('2026-02-03', -30), '2026-02-20')) m.set(d, d === NO_GAMES_DATE ? 0 : 8);
  return m;
}
const staticSchedule: ScheduleSource = {
  gamesOn: async (dates) => new Map(dates.map((d) => [d, games().get(d) ?? 8])),
};

/** The live bot: real wiring on a fake clock, writes applied as the clock passes them, ticks on the live schedule. */
async function liveTimeline(
  config: Config,
  backend: Omit<Backend, 'alerts'> & { alerts: Backend['alerts'] },
  write: Sink,
): Promise<TimelineEvent[]> {
  const clock = new FakeClock(WEEK_FROM);
  const alerts = new TimelineAlertStore(backend.alerts, clock);
  const deps = createDeps(
    config,
    clock,
    createLogger('silent'),
    { ...backend, alerts },
    {
      chat: new RecordingChat(),
      instanceId: 'live',
      fallbackChannel: 'C0ALERTS',
    },
  );
  const writes = seededWeek();
  for (let t = WEEK_FROM; t <= WEEK_TO; ) {
    clock.set(t);
    while (writes.length && writes[0]!.at <= t) await write(writes.shift()!);
    t = nextTickAfter(t, await deps.runScheduledChecks('cron'), config);
  }
  return alerts.events;
}

async function replayTimeline(config: Config, completions: CompletionStore, schedule: ScheduleSource) {
  const result = await runReplay(
    { config, completions, schedule },
    { from: WEEK_FROM, to: WEEK_TO, digest: false },
  );
  return result.events;
}

function expectMeaningful(events: TimelineEvent[]) {
  const at = (kind: string, subject: string) =>
    events
      .filter((e) => e.kind === kind && 'subject' in e && e.subject === subject)
      .map((e) => e.at.toISOString());
  // Feb 9 run: last Phase 2 completion 04:28, grace 30 min → stuck fires at 04:58 exactly (a next_due wake).
  expect(at('fired', 'phase2_to_phase3:2026-02-08')).toEqual([ny('2026-02-09', '04:58').toISOString()]);
  expect(at('resolved', 'phase2_to_phase3:2026-02-08')).toEqual([HEAL_AT.toISOString()]);
  expect(at('reminded', 'phase2_to_phase3:2026-02-08').length).toBeGreaterThan(5);
  expect(at('fired', 'phase2_to_phase3:2026-02-04').length).toBe(1); // overdue Feb 5 at 10:00
  expect(events.some((e) => e.kind === 'fired' && e.check === 'drift')).toBe(true);
  expect(
    events.some(
      (e) =>
        e.kind === 'fired' && 'subject' in e && e.subject.startsWith(`phase2_to_phase3:${NO_GAMES_DATE}`),
    ),
  ).toBe(false);
}

/** Events of one instant come from parallel updates: their order within the instant carries no meaning. */
const plain = (events: TimelineEvent[]) =>
  events
    .map((e) => ({ ...e, at: e.at.toISOString() }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('replay of a seeded week on the local store', () => {
  it('gives the same timeline as the live bot produced on a simulated clock', {
    timeout: 240_000,
  }, async () => {
    const config = weekConfig();
    const liveDb = openDb(':memory:');
    const schedule = new LocalSchedule(liveDb);
    for (const [d, n] of games()) schedule.setGames(d, n);
    const completions = new LocalCompletionStore(liveDb);
    const live = await liveTimeline(
      config,
      {
        kind: 'local',
        completions,
        schedule,
        alerts: new LocalAlertStore(liveDb),
        leases: new LocalLeaseStore(liveDb),
        silences: new MemorySilenceStore(),
        probes: [],
        close: async () => {},
      },
      (w) => completions.merge(w.collection, w.date, w.fields),
    );
    expectMeaningful(live);

    // Replay reads a store that holds only the final documents.
    const db = openDb(':memory:');
    const stored = new LocalCompletionStore(db);
    for (const w of seededWeek()) await stored.merge(w.collection, w.date, w.fields);
    const replaySchedule = new LocalSchedule(db);
    for (const [d, n] of games()) replaySchedule.setGames(d, n);
    expect(plain(await replayTimeline(config, stored, replaySchedule))).toEqual(plain(live));
  });
});

const fs = firestoreTestEnv();
describeFirestore('replay of a seeded week on Firestore', () => {
  afterAll(async () => fs?.reset());
  it('gives the same timeline as the live bot produced on a simulated clock', {
    timeout: 300_000,
  }, async () => {
    const db = fs!.client();
    const config = weekConfig();
    const completions = new FirestoreCompletionStore(db);
    const live = await liveTimeline(
      config,
      {
        kind: 'gcp',
        completions,
        schedule: staticSchedule,
        // The bot's own state in memory: what replay reads is the completion documents, and a week of
        // alert transactions against the emulator would cost minutes.
        alerts: new MemoryAlertStore(),
        silences: new MemorySilenceStore(),
        leases: new MemoryLeaseStore(),
        probes: [],
        close: async () => {},
      },
      (w) =>
        db
          .collection(w.collection)
          .doc(w.date)
          .set(w.fields, { merge: true })
          .then(() => {}),
    );
    expectMeaningful(live);
    expect(plain(await replayTimeline(config, completions, staticSchedule))).toEqual(plain(live));
  });
});
