/**
 * Runs one rule-test group: its documents and warehouse rows go into a private in-memory embedded store
 * (the local adapters), replay runs over it from `start` to the last test (reading the warehouse as of each
 * simulated instant), and the open alerts at each test's `at` are compared with what the test expects.
 */
import { LocalCompletionStore } from '../adapters/local/completion-store.js';
import { openDb } from '../adapters/local/db.js';
import { LocalWarehouse } from '../adapters/local/warehouse.js';
import type { ScheduleSource } from '../ports.js';
import { type OpenAlertAt, runReplay } from './engine.js';
import type { Expectation, RuleCase, RuleGroup } from './rule-file.js';

/** Why a day: long enough for a stuck run to fire, a reminder to come and a deadline to pass before the first test. */
const DEFAULT_LEAD_MS = 24 * 3_600_000;

export interface CaseOutcome {
  case: RuleCase;
  passed: boolean;
  missing: Expectation[];
  unexpected: OpenAlertAt[];
  wrongStatus: { expected: Expectation; got: OpenAlertAt }[];
}

const key = (a: { check: string; subject: string }) => `${a.check}\u0000${a.subject}`;

export function compare(c: RuleCase, open: OpenAlertAt[]): CaseOutcome {
  const got = open.filter((a) => !c.checks || c.checks.includes(a.check));
  const byKey = new Map(got.map((a) => [key(a), a]));
  const wanted = new Set(c.expect.map(key));
  const missing = c.expect.filter((e) => !byKey.has(key(e)));
  const unexpected = got.filter((a) => !wanted.has(key(a)));
  const wrongStatus = c.expect.flatMap((e) => {
    const a = byKey.get(key(e));
    return a && e.status && e.status !== a.status ? [{ expected: e, got: a }] : [];
  });
  const passed = !missing.length && !unexpected.length && !wrongStatus.length;
  return { case: c, passed, missing, unexpected, wrongStatus };
}

export async function runGroup(g: RuleGroup): Promise<CaseOutcome[]> {
  const db = openDb(':memory:');
  try {
    const completions = new LocalCompletionStore(db);
    for (const [ref, fields] of Object.entries(g.input.documents)) {
      const [collection, date] = ref.split('/') as [string, string];
      await completions.put(collection, date, withInstants(fields, g.instant));
    }
    const games = new Map(Object.entries(g.input.schedule));
    // Dates the file does not list are unknown, hence game dates (as without a schedule).
    const schedule: ScheduleSource = {
      gamesOn: async (dates) => new Map(dates.filter((d) => games.has(d)).map((d) => [d, games.get(d)!])),
    };
    const wh = g.input.warehouse;
    const warehouse = wh ? new LocalWarehouse(db) : undefined;
    for (const r of wh?.rows ?? []) warehouse!.addRows(r.table, r.date, r.keys);
    // All rows are stored up front: replay reads the warehouse as of each simulated instant.
    warehouse?.addRuns(
      (wh?.runs ?? []).map((r) => ({
        kind: r.kind,
        name: r.name,
        status: r.status,
        triggeredAt: g.instant(r.at),
        errorMessage: r.error,
      })),
    );
    warehouse?.addPhaseCompletions(
      (wh?.phase_completions ?? []).map((p) => ({
        gameDate: p.game_date,
        phase: p.phase,
        isTriggered: p.is_triggered,
        triggerReason: p.trigger_reason,
        completedProcessorCount: p.completed_processor_count,
        updatedAt: g.instant(p.updated_at),
      })),
    );
    const times = g.cases.map((c) => c.at.getTime());
    const from = g.start ?? new Date(Math.min(...times) - DEFAULT_LEAD_MS);
    const result = await runReplay(
      { config: g.config, completions, schedule, warehouse },
      { from, to: new Date(Math.max(...times)), checkpoints: g.cases.map((c) => c.at), digest: false },
    );
    return g.cases.map((c) => {
      const point = result.checkpoints.find((p) => p.at.getTime() === c.at.getTime());
      return compare(c, point?.open ?? []);
    });
  } finally {
    db.close();
  }
}

/** Times in a document as written in the file (maybe local wall time) become instants. */
function withInstants(
  fields: Record<string, unknown>,
  instant: (t: string) => Date,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (k === '_triggered_at' && typeof v === 'string') out[k] = instant(v);
    else if (
      !k.startsWith('_') &&
      v &&
      typeof v === 'object' &&
      typeof (v as { completed_at?: unknown }).completed_at === 'string'
    ) {
      out[k] = { ...v, completed_at: instant((v as { completed_at: string }).completed_at) };
    } else out[k] = v;
  }
  return out;
}
