/**
 * The heal service (SPEC §5) on the local SQLite adapters, a simulated clock, and in-memory fakes of
 * the job trigger, the BigQuery exporter and Slack user groups.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { LocalCompletionStore } from '../../src/adapters/local/completion-store.js';
import { type Db, openDb } from '../../src/adapters/local/db.js';
import { LocalHealLog } from '../../src/adapters/local/heal-log.js';
import { SchedulerPhaseStarter } from '../../src/adapters/scheduler/phase-starter.js';
import { healFrequencyCheck, healFrequencyResults } from '../../src/checks/heal-frequency.js';
import { allChecks } from '../../src/checks/index.js';
import type { CheckResult } from '../../src/checks/types.js';
import type { Config } from '../../src/config.js';
import {
  HealActionError,
  type HealEvent,
  type HealExporter,
  type HealLog,
  type HealRow,
  type JobRef,
  type JobTrigger,
  JobTriggerError,
  type PhaseStart,
  type PhaseStarter,
} from '../../src/heal/ports.js';
import { HealService, type HealServiceDeps } from '../../src/heal/service.js';
import type { HealOutcome } from '../../src/heal/types.js';
import type { Transition } from '../../src/pipeline/types.js';
import type { CompletionStore } from '../../src/ports.js';
import { healOutcomeText, staleText, verifyText } from '../../src/views/heal-outcome.js';
import { checkResult, healEvent } from '../support/builders.js';
import { FakeClock, P2, testConfig } from '../support/fixtures.js';

// 2026-02-10 15:00 in New York: Phase 2→3's current date is 2026-02-09.
const NOW = new Date('2026-02-10T20:00:00.000Z');
/** Outcomes are data; the views render them (as Slack and the CLI do). */
const TEXT_CLOCK = { tz: 'America/New_York', now: NOW };
const text = (o: HealOutcome): string => healOutcomeText(o, TEXT_CLOCK);

const DATE = '2026-02-09';
const MIN = 60_000;
const ONCALL = 'U0ONCALL1';
const GROUP = 'S0ONCALL';

class FakeJobs implements JobTrigger {
  calls: JobRef[] = [];
  failures: Error[] = [];
  hang = false;
  async runJob(ref: JobRef): Promise<void> {
    this.calls.push(ref);
    if (this.hang) return new Promise(() => {});
    const f = this.failures.shift();
    if (f) throw f;
  }
}

class FakeExporter implements HealExporter {
  rows: HealRow[] = [];
  down = false;
  rejectIds = new Set<string>();
  attempts = 0;
  async insert(rows: HealRow[]) {
    this.attempts++;
    if (this.down) throw new Error('BigQuery: 503 backendError');
    const failed = rows.filter((r) => this.rejectIds.has(r.insertId));
    this.rows.push(...rows.filter((r) => !this.rejectIds.has(r.insertId)));
    return { failed: failed.map((r) => ({ insertId: r.insertId, error: 'invalid' })) };
  }
}

/** Makes chosen methods of a port throw, like a store that stopped answering. */
function breakable<T extends object>(inner: T): { port: T; broken: Set<string> } {
  const broken = new Set<string>();
  const port = new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (broken.has(String(prop)) || broken.has('*')) {
          return Promise.reject(new Error('14 UNAVAILABLE: No connection established'));
        }
        return value.apply(target, args);
      };
    },
  });
  return { port, broken };
}

interface World {
  db: Db;
  clock: FakeClock;
  config: Config;
  completions: LocalCompletionStore;
  log: LocalHealLog;
  jobs: FakeJobs;
  exporter: FakeExporter;
  groupLookups: string[];
  groupMembers: Map<string, string[]>;
  groupDown: boolean;
  service(over?: Partial<HealServiceDeps> & { jobs?: JobTrigger }): HealService;
  seedStuck(date?: string, processors?: string[]): Promise<void>;
}

function world(configOver: Partial<Config['heal']> = {}): World {
  const db = openDb(':memory:');
  const base = testConfig({ GOOGLE_CLOUD_PROJECT: 'nba-props', PIPELINE_BACKEND: 'local' });
  const config: Config = {
    ...base,
    heal: { ...base.heal, allowed_users: [ONCALL], allowed_usergroups: [GROUP], ...configOver },
  };
  const w: World = {
    db,
    clock: new FakeClock(NOW),
    config,
    completions: new LocalCompletionStore(db),
    log: new LocalHealLog(db),
    jobs: new FakeJobs(),
    exporter: new FakeExporter(),
    groupLookups: [],
    groupMembers: new Map([[GROUP, ['U0GROUPIE']]]),
    groupDown: false,
    service({ jobs, ...over } = {}) {
      return new HealService({
        config: w.config,
        clock: w.clock,
        completions: w.completions,
        healLog: w.log,
        actions: { scheduler_job: new SchedulerPhaseStarter(jobs ?? w.jobs) },
        exporter: w.exporter,
        exportInBackground: false,
        chat: {
          usergroupMembers: async (id) => {
            w.groupLookups.push(id);
            if (w.groupDown) throw new Error('ratelimited');
            return w.groupMembers.get(id) ?? [];
          },
        },
        ...over,
      });
    },
    async seedStuck(date = DATE, processors = P2) {
      const data: Record<string, unknown> = { _triggered: false };
      processors.forEach((p, i) => {
        data[p] = {
          status: 'success',
          completed_at: new Date(NOW.getTime() - (120 - i) * MIN),
          record_count: 10,
        };
      });
      await w.completions.put('phase2_completion', date, data);
    },
  };
  return w;
}

const button = { transition: 'phase2_to_phase3', date: DATE, source: 'button' as const, requestedBy: ONCALL };

async function events(log: HealLog): Promise<HealEvent[]> {
  return log.list({ since: new Date(0) });
}

describe('HealService.heal', () => {
  let w: World;
  beforeEach(async () => {
    w = world();
    await w.seedStuck();
  });

  it('runs the exact Cloud Scheduler job once, records requested then triggered, and says so', async () => {
    const svc = w.service();
    const out = await svc.heal(button);
    expect(out.kind).toBe('triggered');
    expect(out.ok).toBe(true);
    expect(w.jobs.calls).toEqual([
      {
        project: 'nba-props',
        location: 'us-west2',
        job: 'same-day-phase3',
        hint: { transition: 'phase2_to_phase3', date: DATE },
      },
    ]);
    expect(out.plan?.action).toEqual({
      kind: 'scheduler_job',
      job: 'same-day-phase3',
      location: 'us-west2',
      resource: 'projects/nba-props/locations/us-west2/jobs/same-day-phase3',
    });
    expect(text(out)).toContain('Trigger Phase 3');
    expect(text(out)).toContain('<@U0ONCALL1>');
    expect(text(out)).toContain('phase3_completion/2026-02-10');
    expect(out.verifyAt).toEqual(new Date(NOW.getTime() + 20 * MIN));
    const [e] = await events(w.log);
    expect(e).toEqual(
      healEvent({
        heal_id: out.event!.heal_id,
        status: 'triggered',
        requested_at: NOW,
        finished_at: NOW,
        action_ref: 'projects/nba-props/locations/us-west2/jobs/same-day-phase3',
      }),
    );
    // The BigQuery copy: one row per status, insertId = heal_id:status, §5 fields.
    await svc.flushOutbox();
    expect(w.exporter.rows.map((r) => r.insertId)).toEqual([
      `${e!.heal_id}:requested`,
      `${e!.heal_id}:triggered`,
    ]);
    expect(w.exporter.rows[0]!.json).toMatchObject({
      heal_id: e!.heal_id,
      status: 'requested',
      game_date: DATE,
      requested_at: NOW.toISOString(),
      finished_at: null,
      verified: null,
    });
    expect(w.exporter.rows[1]!.json).toMatchObject({ status: 'triggered', finished_at: NOW.toISOString() });
    expect(await w.log.pendingExports()).toEqual([]);
  });

  it('the event is written before the job runs ("record before acting")', async () => {
    let seen: HealEvent[] | undefined;
    const jobs: JobTrigger = {
      runJob: async () => {
        seen = await events(w.log);
      },
    };
    await w.service({ jobs }).heal(button);
    expect(seen?.map((e) => e.status)).toEqual(['requested']);
  });

  it('accepts the phase alias and defaults to the current date', async () => {
    const out = await w.service().heal({ transition: 'phase3', source: 'slash', requestedBy: ONCALL });
    expect(out.kind).toBe('triggered');
    expect(out.transition).toBe('phase2_to_phase3');
    expect(out.date).toBe(DATE);
  });

  it('a second heal of the same run gets "already triggered by @x at T", no job, a duplicate event', async () => {
    const svc = w.service();
    const first = await svc.heal(button);
    w.clock.advance(3 * MIN);
    const second = await svc.heal({ ...button, requestedBy: 'U0GROUPIE' });
    expect(second.kind).toBe('duplicate');
    expect(text(second)).toMatch(/already triggered by <@U0ONCALL1> at 15:00/);
    expect(second.holder).toMatchObject({
      heal_id: first.event!.heal_id,
      requested_by: ONCALL,
      requested_at: NOW,
    });
    expect(w.jobs.calls).toHaveLength(1);
    const dup = (await events(w.log)).find((e) => e.status === 'duplicate')!;
    expect(dup.requested_by).toBe('U0GROUPIE');
    expect(dup.reason).toMatch(/^already triggered by U0ONCALL1 at 15:00/);
  });

  it('after the cooldown the run can be healed again if it is still not triggered', async () => {
    const svc = w.service();
    await svc.heal(button);
    w.clock.advance(31 * MIN);
    expect((await svc.heal(button)).kind).toBe('triggered');
    expect(w.jobs.calls).toHaveLength(2);
  });

  describe('permission', () => {
    it('refuses and records an unauthorized user; no job runs', async () => {
      const out = await w.service().heal({ ...button, requestedBy: 'U0RANDOM' });
      expect(out.kind).toBe('denied');
      expect(text(out)).toMatch(/<@U0RANDOM> is not allowed to heal/);
      expect(text(out)).toContain('<@U0ONCALL1>');
      expect(text(out)).toContain('<!subteam^S0ONCALL>');
      expect(text(out)).toMatch(/recorded/);
      expect(w.jobs.calls).toEqual([]);
      const [e] = await events(w.log);
      expect(e).toMatchObject({
        status: 'denied',
        requested_by: 'U0RANDOM',
        source: 'button',
        game_date: DATE,
      });
      // The log records plain text; only the rendered reply carries live mentions.
      expect(e!.reason).toBe(
        'U0RANDOM is not allowed to heal. Only U0ONCALL1, user group S0ONCALL can heal.',
      );
      expect(text(out)).toBe(
        '<@U0RANDOM> is not allowed to heal. Only <@U0ONCALL1>, <!subteam^S0ONCALL> can heal. This attempt was recorded.',
      );
      expect(await w.log.currentLock('phase2_to_phase3', DATE, NOW)).toBeUndefined();
    });

    it('allows members of an allowed user group, caching the lookup briefly', async () => {
      const svc = w.service({ usergroupCacheMs: 60_000 });
      expect((await svc.heal({ ...button, requestedBy: 'U0GROUPIE' })).kind).toBe('triggered');
      await svc.heal({ ...button, date: '2026-02-08', requestedBy: 'U0NOPE' });
      expect(w.groupLookups).toEqual([GROUP]);
      w.clock.advance(61_000);
      await svc.heal({ ...button, date: '2026-02-08', requestedBy: 'U0NOPE' });
      expect(w.groupLookups).toEqual([GROUP, GROUP]);
    });

    it('denies (and says why) when the user group cannot be read', async () => {
      w.groupDown = true;
      const out = await w.service().heal({ ...button, requestedBy: 'U0GROUPIE' });
      expect(out.kind).toBe('denied');
      expect(text(out)).toMatch(/could not check user group membership/);
      expect(w.jobs.calls).toEqual([]);
    });

    it('with no allowed users or groups nobody can heal from Slack', async () => {
      w.config = { ...w.config, heal: { ...w.config.heal, allowed_users: [], allowed_usergroups: [] } };
      const out = await w.service().heal(button);
      expect(out.kind).toBe('denied');
      expect(text(out)).toMatch(/heal.allowed_users/);
    });

    it('the CLI (operator credentials) and auto-heal need no Slack permission', async () => {
      expect((await w.service().heal({ ...button, source: 'cli', requestedBy: 'alice' })).kind).toBe(
        'triggered',
      );
      const [e] = await events(w.log);
      expect(e).toMatchObject({ source: 'cli', requested_by: 'alice' });
    });
  });

  describe('preconditions (fresh state)', () => {
    it('refuses an already-triggered date, with when and why', async () => {
      await w.completions.merge('phase2_completion', DATE, {
        _triggered: true,
        _triggered_at: new Date('2026-02-10T19:42:00.000Z'),
        _trigger_reason: 'all_complete',
      });
      const out = await w.service().heal(button);
      expect(out.kind).toBe('refused');
      expect(text(out)).toBe(
        'phase2_to_phase3 2026-02-09 is already triggered at 14:42 (all_complete); the next phase was started, nothing to heal.',
      );
      expect(w.jobs.calls).toEqual([]);
      const [e] = await events(w.log);
      expect(e).toMatchObject({ status: 'refused', reason: text(out), processors_complete: 5 });
    });

    it('re-reads the document at heal time (a trigger after the alert is seen)', async () => {
      const svc = w.service();
      await w.completions.merge('phase2_completion', DATE, { _triggered: true });
      expect((await svc.heal(button)).kind).toBe('refused');
    });

    it('refuses missing processors, naming them; --force heals anyway and records why', async () => {
      await w.seedStuck(DATE, P2.slice(0, 3));
      const out = await w.service().heal(button);
      expect(out.kind).toBe('refused');
      expect(text(out)).toMatch(
        /^2 of 5 expected processors have not completed for phase2_to_phase3 2026-02-09: p2_nbacom_gamebook_pdf, p2_nbacom_boxscores\. .*--force/,
      );
      expect(w.jobs.calls).toEqual([]);

      const forced = await w.service().heal({ ...button, force: true });
      expect(forced.kind).toBe('triggered');
      expect(w.jobs.calls).toHaveLength(1);
      expect(forced.event).toMatchObject({
        processors_complete: 3,
        expected_processors: 5,
        reason: 'forced with missing processors: p2_nbacom_gamebook_pdf, p2_nbacom_boxscores',
      });
    });

    it('--force does not override "already triggered"', async () => {
      await w.completions.merge('phase2_completion', DATE, { _triggered: true });
      expect((await w.service().heal({ ...button, force: true })).kind).toBe('refused');
      expect(w.jobs.calls).toEqual([]);
    });
  });

  describe('tampered or invalid requests', () => {
    it.each([
      [
        'an unknown transition',
        { transition: 'phase9_to_phase10' },
        /Unknown heal target "phase9_to_phase10"/,
      ],
      ['a future date', { date: '2026-02-11' }, /2026-02-11 is in the future/],
      ['a date more than 90 days back', { date: '2025-11-01' }, /more than 90 days back/],
      ['a malformed date', { date: '2026-02-30' }, /is not a date/],
    ])('refuses %s and records it', async (_name, over, pattern) => {
      const out = await w.service().heal({ ...button, ...over });
      expect(out.kind).toBe('refused');
      expect(text(out)).toMatch(pattern);
      expect(w.jobs.calls).toEqual([]);
      expect((await events(w.log)).map((e) => e.status)).toEqual(['refused']);
    });

    it('refuses a transition without a heal job', async () => {
      w.config = {
        ...w.config,
        transitions: w.config.transitions.map((t) =>
          t.id === 'phase3_to_phase4' ? { ...t, heal: undefined } : t,
        ),
      };
      const out = await w.service().heal({ ...button, transition: 'phase3_to_phase4', date: '2026-02-10' });
      expect(out.kind).toBe('refused');
      expect(text(out)).toMatch(/has no heal action configured/);
    });
  });

  describe('--dry-run', () => {
    it('writes nothing, runs nothing, and returns the plan', async () => {
      const out = await w.service().heal({ ...button, dryRun: true });
      expect(out.kind).toBe('dry_run');
      expect(out.ok).toBe(true);
      expect(out.plan).toMatchObject({
        transition: 'phase2_to_phase3',
        date: DATE,
        action: {
          kind: 'scheduler_job',
          job: 'same-day-phase3',
          location: 'us-west2',
          resource: 'projects/nba-props/locations/us-west2/jobs/same-day-phase3',
        },
        trigger_command: 'gcloud scheduler jobs run same-day-phase3 --location=us-west2',
        processors_complete: 5,
        expected_processors: 5,
        blockers: [],
        next: { transition: 'phase3_to_phase4', collection: 'phase3_completion', date: '2026-02-10' },
      });
      expect(text(out)).toContain('`gcloud scheduler jobs run same-day-phase3 --location=us-west2`');
      expect(text(out)).toMatch(/Nothing was changed/);
      expect(w.jobs.calls).toEqual([]);
      expect(await events(w.log)).toEqual([]);
      expect(await w.log.pendingExports()).toEqual([]);
      expect(await w.log.currentLock('phase2_to_phase3', DATE, NOW)).toBeUndefined();
    });

    it('a refused dry run records nothing; a denied one (an unauthorized user) is recorded', async () => {
      await w.seedStuck(DATE, P2.slice(0, 4));
      const refused = await w.service().heal({ ...button, dryRun: true });
      expect(refused.kind).toBe('refused');
      expect(text(refused)).toMatch(/^Dry run: would be refused/);
      expect(await events(w.log)).toEqual([]);
      const denied = await w.service().heal({ ...button, requestedBy: 'U0RANDOM', dryRun: true });
      expect(denied.kind).toBe('denied');
      expect((await events(w.log)).map((e) => [e.status, e.requested_by])).toEqual([['denied', 'U0RANDOM']]);
      expect(w.jobs.calls).toEqual([]);
    });

    it('mentions a heal that already holds the run', async () => {
      const svc = w.service();
      await svc.heal(button);
      const out = await svc.heal({ ...button, dryRun: true, requestedBy: 'U0GROUPIE' });
      expect(out.ok).toBe(false);
      expect(text(out)).toMatch(/<@U0ONCALL1> already healed this run at 15:00/);
    });
  });

  describe('faults', () => {
    it('store unavailable for the fresh read: no job, the user is told', async () => {
      const broken = breakable<CompletionStore>(w.completions);
      broken.broken.add('getMany');
      const out = await w.service({ completions: broken.port }).heal(button);
      expect(out.kind).toBe('unavailable');
      expect(text(out)).toMatch(
        /Could not read phase2_completion\/2026-02-09 .*UNAVAILABLE.*Nothing was run/,
      );
      expect(w.jobs.calls).toEqual([]);
    });

    it('heal log unavailable: no audit, no action', async () => {
      const broken = breakable<HealLog>(w.log);
      broken.broken.add('begin');
      const out = await w.service({ healLog: broken.port }).heal(button);
      expect(out.kind).toBe('unavailable');
      expect(text(out)).toMatch(
        /Could not record the heal in the audit log .*No audit, no action: nothing was run/,
      );
      expect(w.jobs.calls).toEqual([]);
      expect(await events(w.log)).toEqual([]);
    });

    it('Scheduler failing: event failed, user told, lock released, a retry works', async () => {
      w.jobs.failures.push(
        new JobTriggerError('Cloud Scheduler ...:run answered 503: unavailable', false, 503),
      );
      const svc = w.service();
      const out = await svc.heal(button);
      expect(out.kind).toBe('failed');
      expect(text(out)).toMatch(
        /Cloud Scheduler job `same-day-phase3` \(us-west2\) failed: .*503.*lock is released: you can retry/,
      );
      expect(out.event).toMatchObject({
        status: 'failed',
        error: expect.stringMatching(/503/),
        finished_at: NOW,
      });
      expect(await w.log.currentLock('phase2_to_phase3', DATE, NOW)).toBeUndefined();

      w.clock.advance(MIN);
      const retry = await svc.heal(button);
      expect(retry.kind).toBe('triggered');
      expect(w.jobs.calls).toHaveLength(2);
      expect((await events(w.log)).map((e) => e.status).sort()).toEqual(['failed', 'triggered']);
    });

    it('an ambiguous Scheduler failure (timeout) keeps the run locked and says why', async () => {
      w.jobs.failures.push(new JobTriggerError('The operation was aborted due to timeout', true));
      const svc = w.service();
      const out = await svc.heal(button);
      expect(out.kind).toBe('failed');
      expect(text(out)).toMatch(
        /may still have reached Cloud Scheduler.*check phase3_completion\/2026-02-10/,
      );
      expect((await w.log.currentLock('phase2_to_phase3', DATE, NOW))?.heal_id).toBe(out.event!.heal_id);
      expect((await svc.heal(button)).kind).toBe('duplicate');
      expect(w.jobs.calls).toHaveLength(1);
    });

    it('BigQuery failing: the heal runs; the events land after BigQuery recovers, none lost or doubled', async () => {
      w.exporter.down = true;
      const svc = w.service();
      const out = await svc.heal(button);
      expect(out.kind).toBe('triggered');
      const denied = await svc.heal({ ...button, requestedBy: 'U0RANDOM' });
      const flushed = await svc.flushOutbox();
      expect(flushed.error).toMatch(/503/);
      expect(w.exporter.rows).toEqual([]);
      expect(await w.log.pendingExports()).toHaveLength(3);

      w.exporter.down = false;
      expect(await svc.flushOutbox()).toEqual({ exported: 3, failed: 0 });
      expect(w.exporter.rows.map((r) => r.insertId).sort()).toEqual(
        [
          `${out.event!.heal_id}:requested`,
          `${out.event!.heal_id}:triggered`,
          `${denied.event!.heal_id}:denied`,
        ].sort(),
      );
      expect(await svc.flushOutbox()).toEqual({ exported: 0, failed: 0 });
      expect(w.exporter.rows).toHaveLength(3);
    });

    it('rows BigQuery rejects stay in the outbox; the others are marked exported', async () => {
      const svc = w.service();
      const out = await svc.heal(button);
      w.exporter.rejectIds.add(`${out.event!.heal_id}:triggered`);
      expect(await svc.flushOutbox()).toEqual({ exported: 1, failed: 1 });
      expect((await w.log.pendingExports()).map((e) => e.key)).toEqual([`${out.event!.heal_id}:triggered`]);
      w.exporter.rejectIds.clear();
      expect(await svc.flushOutbox()).toEqual({ exported: 1, failed: 0 });
    });

    it('background export: events are flushed without the caller waiting', async () => {
      const svc = w.service({ exportInBackground: true });
      await svc.heal(button);
      await svc.settled();
      expect(w.exporter.rows).toHaveLength(2);
    });

    it('a crash between "requested" and the job call leaves a requested event the next run reports once', async () => {
      w.jobs.hang = true; // the process "dies" inside the call: the promise never settles
      const crashed = w.service();
      void crashed.heal(button);
      await new Promise((r) => setTimeout(r, 20));
      const [e] = await events(w.log);
      expect(e).toMatchObject({ status: 'requested', finished_at: null });

      const next = w.service();
      expect(await next.reportStale()).toEqual([]); // too young: may still be in flight
      w.clock.advance(3 * MIN);
      const reports = await next.reportStale();
      expect(reports).toHaveLength(1);
      expect(staleText(reports[0]!, TEXT_CLOCK)).toMatch(/never finished.*may or may not have run/);
      expect(reports[0]!.event).toMatchObject({ heal_id: e!.heal_id, status: 'failed' });
      expect(reports[0]!.event.error).toMatch(/^interrupted/);
      expect(await w.service().reportStale()).toEqual([]);
      // The job may have run: the run stays locked until the cooldown ends.
      expect((await w.service().heal(button)).kind).toBe('duplicate');
    });
  });
});

describe('HealService with pubsub and http actions', () => {
  const OLD = '2026-02-07'; // two days before the job's own date: only a date-carrying action can heal it
  let w: World;
  let starts: PhaseStart[];
  let failures: Error[];
  const starter: PhaseStarter = {
    async start(request) {
      starts.push(request);
      const f = failures.shift();
      if (f) throw f;
      return { ref: request.action.kind === 'pubsub' ? 'msg-1' : '202' };
    },
  };
  const withAction = (heal: Transition['heal']) => {
    w.config = {
      ...w.config,
      transitions: w.config.transitions.map((t) => (t.id === 'phase2_to_phase3' ? { ...t, heal } : t)),
    };
  };
  const pubsub = {
    action: 'pubsub' as const,
    topic: 'nba-phase3-trigger',
    message: '{"game_date": "{date}", "trigger_reason": "manual_heal"}',
    attributes: { game_date: '{date}' },
    label: 'Trigger Phase 3',
  };
  beforeEach(async () => {
    w = world();
    starts = [];
    failures = [];
    await w.seedStuck(OLD);
    withAction(pubsub);
  });

  it('publishes for any date: the message filled with it, the message id recorded, the text says so', async () => {
    const out = await w.service({ actions: { pubsub: starter } }).heal({ ...button, date: OLD });
    expect(out.kind).toBe('triggered');
    expect(starts).toEqual([
      {
        transition: 'phase2_to_phase3',
        date: OLD,
        project: 'nba-props',
        action: {
          kind: 'pubsub',
          topic: 'nba-phase3-trigger',
          message: `{"game_date": "${OLD}", "trigger_reason": "manual_heal"}`,
          attributes: { game_date: OLD },
        },
      },
    ]);
    expect(text(out)).toMatch(
      new RegExp(
        `^Trigger Phase 3: published message msg-1 to \`nba-phase3-trigger\` for phase2_to_phase3 ${OLD}, requested by <@${ONCALL}>.`,
      ),
    );
    const [e] = await events(w.log);
    expect(e).toMatchObject({
      status: 'triggered',
      action: 'pubsub',
      action_ref: 'msg-1',
      job_name: null,
      location: null,
    });
    expect(w.jobs.calls).toEqual([]);
  });

  it('the dry run says what would be published; a denied attempt records the action', async () => {
    const svc = w.service({ actions: { pubsub: starter } });
    const dry = await svc.heal({ ...button, date: OLD, dryRun: true });
    expect(text(dry)).toBe(
      `Dry run: would publish to topic \`nba-phase3-trigger\` the message \`{"game_date": "${OLD}", "trigger_reason": "manual_heal"}\` and attributes \`game_date=${OLD}\` for phase2_to_phase3 ${OLD} (5/5 processors). Nothing was changed.`,
    );
    const denied = await svc.heal({ ...button, date: OLD, requestedBy: 'U0INTRUDER' });
    expect(denied.event).toMatchObject({ status: 'denied', action: 'pubsub', job_name: null });
    expect(starts).toEqual([]);
  });

  it('an ambiguous publish failure keeps the lock; a definite one releases it', async () => {
    const svc = w.service({ actions: { pubsub: starter } });
    failures.push(new HealActionError('Pub/Sub publish failed: no answer within 15 s', true));
    const ambiguous = await svc.heal({ ...button, date: OLD });
    expect(text(ambiguous)).toMatch(
      /^Publishing to `nba-phase3-trigger` failed: .*may still have reached Pub\/Sub/,
    );
    expect((await svc.heal({ ...button, date: OLD })).kind).toBe('duplicate');
    w.clock.advance(31 * MIN);
    failures.push(new HealActionError('Pub/Sub publish failed: 5 NOT_FOUND: Topic not found', false));
    expect(text(await svc.heal({ ...button, date: OLD }))).toMatch(/lock is released/);
    expect((await svc.heal({ ...button, date: OLD })).kind).toBe('triggered');
    expect(starts).toHaveLength(3);
  });

  it('an action kind the bot has no adapter for fails clearly and releases the lock', async () => {
    withAction({
      action: 'http',
      url: 'https://o.example/run',
      body: '{"d": "{date}"}',
      timeout_ms: 1000,
      label: 'L',
    });
    const svc = w.service({ actions: { pubsub: starter } });
    const out = await svc.heal({ ...button, date: OLD });
    expect(out.kind).toBe('failed');
    expect(text(out)).toBe(
      'POST to https://o.example/run failed: this bot has no http heal action configured. The lock is released: you can retry.',
    );
    expect(await w.log.currentLock('phase2_to_phase3', OLD, w.clock.now())).toBeUndefined();
  });
});

describe('HealService verification', () => {
  let w: World;
  beforeEach(async () => {
    w = world();
    await w.seedStuck();
  });

  it('pending before verify_minutes, started as soon as the next phase reports', async () => {
    const svc = w.service();
    const out = await svc.heal(button);
    const id = out.event!.heal_id;
    w.clock.advance(5 * MIN);
    expect((await svc.verifyHeal(id)).kind).toBe('pending');
    expect(await svc.pendingVerifications()).toEqual([]);
    expect(await svc.nextVerificationAt()).toEqual(new Date(NOW.getTime() + 20 * MIN));
    await w.completions.put('phase3_completion', '2026-02-10', {
      player_game_summary: { status: 'success', completed_at: w.clock.now() },
    });
    const v = await svc.verifyHeal(id);
    expect(v.kind).toBe('started');
    expect(verifyText(v, TEXT_CLOCK)).toMatch(/phase3_completion\/2026-02-10 \(1\/5 processors reported\)/);
    expect((await w.log.get(id))?.verified).toBe('started');
    await svc.flushOutbox();
    expect(w.exporter.rows.map((r) => r.insertId)).toContain(`${id}:verified`);
  });

  it('not_started once the window passes with nothing new (old completions do not count)', async () => {
    await w.completions.put('phase3_completion', '2026-02-10', {
      player_game_summary: { status: 'success', completed_at: new Date(NOW.getTime() - 60 * MIN) },
    });
    const svc = w.service();
    const out = await svc.heal(button);
    w.clock.advance(20 * MIN);
    expect((await svc.pendingVerifications()).map((e) => e.heal_id)).toEqual([out.event!.heal_id]);
    const [v] = await svc.verifyDue();
    expect(v!.kind).toBe('not_started');
    expect(verifyText(v!, TEXT_CLOCK)).toMatch(/20 min after the heal .* shows no new processor/);
    expect((await w.log.get(out.event!.heal_id))?.verified).toBe('not_started');
    expect(await svc.pendingVerifications()).toEqual([]);
  });
});

describe('HealService auto-heal', () => {
  const stuck = (over: Partial<CheckResult> = {}): CheckResult => checkResult({ date: DATE, ...over });

  it('is off by default', async () => {
    const w = world();
    await w.seedStuck();
    expect(await w.service().maybeAutoHeal([stuck()])).toEqual([]);
    expect(w.jobs.calls).toEqual([]);
  });

  it('heals stuck only, once per date, as source auto', async () => {
    const w = world({ auto: true });
    await w.seedStuck();
    await w.seedStuck('2026-02-08');
    const svc = w.service();
    const results = [
      stuck(),
      stuck({ check: 'overdue', subject: `phase2_to_phase3:2026-02-08`, date: '2026-02-08' }),
      stuck({ status: 'ok', date: '2026-02-08' }),
    ];
    const outs = await svc.maybeAutoHeal(results);
    expect(outs.map((o) => o.kind)).toEqual(['triggered']);
    expect(outs[0]!.event).toMatchObject({ source: 'auto', requested_by: 'pipeline-bot' });
    w.clock.advance(60 * MIN); // past the cooldown, still stuck (the fake job does nothing)
    expect(await svc.maybeAutoHeal([stuck()])).toEqual([]);
    expect(w.jobs.calls).toHaveLength(1);
  });

  it('a failed auto attempt is not repeated either', async () => {
    const w = world({ auto: true });
    await w.seedStuck();
    w.jobs.failures.push(new JobTriggerError('503', false, 503));
    const svc = w.service();
    expect((await svc.maybeAutoHeal([stuck()])).map((o) => o.kind)).toEqual(['failed']);
    expect(await svc.maybeAutoHeal([stuck()])).toEqual([]);
  });
});

describe('heal_frequency check', () => {
  const config = testConfig();
  const at = (daysAgo: number) => new Date(NOW.getTime() - daysAgo * 24 * 60 * MIN);
  const ev = (daysAgo: number, over: Partial<HealEvent> = {}): HealEvent =>
    healEvent({
      heal_id: `h${daysAgo}`,
      status: 'triggered',
      requested_at: at(daysAgo),
      finished_at: at(daysAgo),
      ...over,
    });

  it('fails above max_heals triggered heals in the window: the heal is masking a cause', () => {
    const events = [
      ev(0.5),
      ev(1),
      ev(2),
      ev(6.5),
      ev(3, { status: 'failed' }),
      ev(8),
      ev(1, { transition: 'phase3_to_phase4' }),
    ];
    const [p2, p3] = healFrequencyResults(config, NOW, events);
    expect(p2).toMatchObject({
      check: 'heal_frequency',
      subject: 'phase2_to_phase3',
      status: 'fail',
      transition: 'phase2_to_phase3',
    });
    expect(p2!.summary).toMatch(
      /healed 4 times in the last 7 days \(more than 3\): the heal is masking a cause/,
    );
    expect(p2!.details.count).toBe(4);
    // Drops back to 3 when the oldest counted heal (6.5 days ago) leaves the window.
    expect(p2!.next_due).toEqual(new Date(at(6.5).getTime() + 7 * 24 * 60 * MIN));
    expect(p3).toMatchObject({ subject: 'phase3_to_phase4', status: 'ok' });
  });

  it('is ok at exactly max_heals', () => {
    const [p2] = healFrequencyResults(config, NOW, [ev(1), ev(2), ev(3)]);
    expect(p2!.status).toBe('ok');
    expect(p2!.next_due).toBeUndefined();
  });

  it('reads the heal log through the check and is registered when a heal log exists', async () => {
    const w = world();
    for (const d of [1, 2, 3, 4]) await w.log.record(ev(d, { heal_id: `x${d}` }));
    const check = healFrequencyCheck(w.log);
    const results = await check.run({
      config,
      now: NOW,
      snapshot: () => Promise.reject(new Error('unused')),
    } as never);
    expect(results.find((r) => r.subject === 'phase2_to_phase3')?.status).toBe('fail');
    expect(allChecks().some((c) => c.id === 'heal_frequency')).toBe(false);
    expect(allChecks({ heals: w.log }).filter((c) => c.id === 'heal_frequency')).toHaveLength(1);
  });
});

describe('heal: an audit log that answers too late', () => {
  it('is abandoned after the deadline (nothing runs, the user is told), and a late write is closed and unlocked', async () => {
    const w = world();
    await w.seedStuck();
    let land: () => void = () => {};
    const gate = new Promise<void>((r) => (land = r));
    const slowLog = new Proxy(w.log, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (prop !== 'begin' || typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          await gate;
          return value.apply(target, args);
        };
      },
    }) as HealLog;
    const svc = w.service({ healLog: slowLog, auditTimeoutMs: 20 });
    const outcome = await svc.heal({
      transition: 'phase3',
      date: DATE,
      source: 'button',
      requestedBy: ONCALL,
    });
    expect(outcome.kind).toBe('unavailable');
    expect(text(outcome)).toContain('No audit, no action: nothing was run');
    expect(w.jobs.calls).toHaveLength(0);

    land(); // the write lands after all
    await expect
      .poll(async () => (await w.log.forRun('phase2_to_phase3', DATE)).map((e) => e.status))
      .toEqual(['failed']);
    const [event] = await w.log.forRun('phase2_to_phase3', DATE);
    expect(event?.error).toContain('abandoned');
    expect(await w.log.currentLock('phase2_to_phase3', DATE, w.clock.now())).toBeUndefined();
    expect(w.jobs.calls).toHaveLength(0);
    // The run is not blocked: a retry now works.
    const retry = await w
      .service()
      .heal({ transition: 'phase3', date: DATE, source: 'button', requestedBy: ONCALL });
    expect(retry.kind).toBe('triggered');
    expect(w.jobs.calls).toHaveLength(1);
  });
});
