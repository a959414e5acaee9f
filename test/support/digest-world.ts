/**
 * A small in-memory pipeline for digest tests: a config with Phase 2→3, 3→4 and 5→6 (predictions), completion
 * documents written tersely, fake heal log and warehouse, and `DigestRunDeps` over them.
 */

import type { Config } from '../../src/config.js';
import { loadConfig } from '../../src/config.js';
import type { DigestRunDeps } from '../../src/daily-digest.js';
import type { HealEvent } from '../../src/heal/ports.js';
import type { HealService } from '../../src/heal/service.js';
import { silentLogger } from '../../src/log.js';
import { parseCompletionDoc } from '../../src/pipeline/completion.js';
import { addDays, localInstant } from '../../src/pipeline/dates.js';
import type { CompletionStore, DocRef, ScheduleSource } from '../../src/ports.js';
import type { DayCount, FailingCheckStat, Warehouse } from '../../src/warehouse/ports.js';
import { healEvent as baseHealEvent } from './builders.js';
import { FakeClock, P2, TZ } from './fixtures.js';
import { MemoryAlertStore, MemoryLeaseStore, RecordingChat } from './memory.js';

export const P3 = [
  'player_game_summary',
  'team_offense_game_summary',
  'team_defense_game_summary',
  'upcoming_player_game_context',
  'upcoming_team_game_context',
];
export const P5 = ['p5_predictions_ensemble', 'p5_predictions_props'];

const YAML = `
timezone: America/New_York
transitions:
  phase2_to_phase3:
    collection: phase2_completion
    date_offset_days: -1
    expected_processors: [${P2.join(', ')}]
    deadline: "10:00"
    next: phase3_to_phase4
    heal: { job: same-day-phase3, location: us-west2, label: Trigger Phase 3 }
  phase3_to_phase4:
    collection: phase3_completion
    date_offset_days: 0
    expected_processors: [${P3.join(', ')}]
    heal: { job: phase3-to-phase4, location: us-west2, label: Trigger Phase 4 }
  phase5_to_phase6:
    collection: phase5_completion
    date_offset_days: 0
    expected_processors: [${P5.join(', ')}]
heal:
  allowed_users: [U0ONCALL1]
  allowed_usergroups: [S0ONCALL]
digest: { cron: "0 8 * * *", only_on_issues: __ONLY__ }
`;

/** The digest test config (plus env, e.g. DIGEST_CHANNEL). */
export function digestConfig(opts: { onlyOnIssues?: boolean; env?: Record<string, string> } = {}): Config {
  const yaml = YAML.replace('__ONLY__', String(!!opts.onlyOnIssues));
  return loadConfig(
    { DATA_DIR: '/tmp/unused', PIPELINE_CONFIG: 'digest.yml', ...opts.env },
    { fileExists: () => true, readFile: () => yaml },
  );
}

/** The same YAML as a file body, for apps started from env. */
export function digestYaml(onlyOnIssues = false): string {
  return YAML.replace('__ONLY__', String(onlyOnIssues));
}

export class MemoryCompletions implements CompletionStore {
  readonly docs = new Map<string, Record<string, unknown>>();
  reads = 0;
  async getMany(refs: DocRef[]) {
    this.reads++;
    return refs.map((r) =>
      parseCompletionDoc(r.collection, r.date, this.docs.get(`${r.collection}/${r.date}`)),
    );
  }
  async ping() {}
  put(collection: string, date: string, data: Record<string, unknown>) {
    this.docs.set(`${collection}/${date}`, data);
  }
}

export const allGames: ScheduleSource = { gamesOn: async () => new Map() };

/** Processors completed from `at` (+1 min each); `triggered` sets `_triggered` 5 min after the last. */
export function docData(processors: string[], at: Date, triggered: boolean): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  processors.forEach((p, i) => {
    data[p] = { status: 'success', completed_at: new Date(at.getTime() + i * 60_000), record_count: 100 };
  });
  data._triggered = triggered;
  if (triggered) {
    data._triggered_at = new Date(at.getTime() + (processors.length + 5) * 60_000);
    data._trigger_reason = 'all_complete';
  }
  return data;
}

export class FakeWarehouse implements Warehouse {
  counts: (date: string) => { expected: number; actual: number } = () => ({ expected: 10, actual: 10 });
  failing: FailingCheckStat[] = [];
  async dailyCounts(_t: unknown, from: string, to: string): Promise<DayCount[]> {
    const out: DayCount[] = [];
    for (let d = from; d <= to; d = addDays(d, 1)) out.push({ date: d, ...this.counts(d) });
    return out;
  }
  async failureStreaks() {
    return [];
  }
  async phaseCompletions() {
    return [];
  }
  async recordRun() {}
  async failingChecks(_since: Date, limit: number) {
    return this.failing.slice(0, limit);
  }
  async ping() {}
}

/** The digest's heal: a verified, triggered heal of 2026-02-07 (the builder's event, as the digest sees it). */
export function healEvent(over: Partial<HealEvent> = {}): HealEvent {
  const at = over.requested_at ?? new Date('2026-02-09T14:14:00Z');
  return baseHealEvent({
    heal_id: 'h-1',
    game_date: '2026-02-07',
    status: 'triggered',
    requested_at: at,
    finished_at: at,
    verified: 'started',
    ...over,
  });
}

export interface World {
  config: Config;
  clock: FakeClock;
  completions: MemoryCompletions;
  alerts: MemoryAlertStore;
  leases: MemoryLeaseStore;
  chat: RecordingChat;
  warehouse: FakeWarehouse;
  heals: HealEvent[];
  deps(instanceId?: string): DigestRunDeps;
  /** Every transition healthy (all in, triggered) for every date from `from` to `to`. */
  healthy(from: string, to: string): void;
}

export function world(now: Date, opts: { onlyOnIssues?: boolean; config?: Config } = {}): World {
  const config =
    opts.config ?? digestConfig({ onlyOnIssues: opts.onlyOnIssues, env: { DIGEST_CHANNEL: 'C0DIGEST' } });
  const w: World = {
    config,
    clock: new FakeClock(now),
    completions: new MemoryCompletions(),
    alerts: new MemoryAlertStore(),
    leases: new MemoryLeaseStore(),
    chat: new RecordingChat(),
    warehouse: new FakeWarehouse(),
    heals: [],
    deps(instanceId = 'instance-a') {
      return {
        config,
        clock: w.clock,
        log: silentLogger,
        completions: w.completions,
        schedule: allGames,
        warehouse: w.warehouse,
        alertStore: w.alerts,
        chat: w.chat,
        heal: {
          recent: async () => [...w.heals],
          canHeal: async (u: string) => u === 'U0ONCALL1',
        } as unknown as HealService,
        leases: w.leases,
        instanceId,
      };
    },
    healthy(from, to) {
      for (let d = from; d <= to; d = addDays(d, 1)) {
        // Phase 2 for game date d runs the morning after; Phase 3 and 5 the same day.
        const now = w.clock.now().getTime();
        const put = (collection: string, processors: string[], at: Date) => {
          if (at.getTime() < now) w.completions.put(collection, d, docData(processors, at, true));
        };
        put('phase2_completion', P2, localInstant(addDays(d, 1), '02:10', TZ));
        put('phase3_completion', P3, localInstant(d, '05:05', TZ));
        put('phase5_completion', P5, localInstant(d, '06:30', TZ));
      }
    },
  };
  return w;
}
