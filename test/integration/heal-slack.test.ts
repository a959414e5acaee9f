/**
 * Heals end to end through signed Slack requests (SPEC §5, §6; issue 4), in gcp mode:
 * - three bot instances, started with `startApp` IN THIS PROCESS (each with its own Firestore client,
 *   its own Bolt HTTP receiver on its own port, its own services), sharing one Firestore emulator
 *   project, as three Cloud Run instances share one database;
 * - a fourth instance whose Firestore traffic goes through a proxy that can fail writes (outage);
 * - fake Cloud Scheduler (CLOUD_SCHEDULER_API_ENDPOINT), fake BigQuery (BIGQUERY_EMULATOR_HOST),
 *   fake Slack (SLACK_API_URL, and the `response_url` target), a YAML config (PIPELINE_CONFIG) that
 *   allows only U0ONCALL1 to heal;
 * - one simulated clock: 2026-02-10 15:00 New York. The demo is seeded into Firestore before each
 *   test: Phase 2→3 stuck for 2026-02-09, overdue with `p2_odds_player_props` missing for 2026-02-07,
 *   triggered (all_complete) for 2026-02-08.
 * Assertions are on outcomes: what Slack received, what Firestore holds, how often the job ran.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { FirestoreHealLog } from '../../src/adapters/firestore/heal-log.js';
import { seedDemo } from '../../src/adapters/local/demo.js';
import { type RunningApp, startApp } from '../../src/app.js';
import type { HealEvent } from '../../src/heal/ports.js';
import { healEvent } from '../support/builders.js';
import { type FakeBigQuery, startFakeBigQuery } from '../support/fake-bigquery.js';
import { type FakeScheduler, startFakeScheduler } from '../support/fake-scheduler.js';
import { type FakeSlack, type RecordedCall, startFakeSlack } from '../support/fake-slack.js';
import { describeFirestore, firestoreTestEnv } from '../support/firestore.js';
import { FIRESTORE_WRITES, type FirestoreProxy, startFirestoreProxy } from '../support/firestore-proxy.js';
import { FakeClock, testConfig } from '../support/fixtures.js';
import { DEFAULT_TEAM_ID, sendBlockAction, sendSlashCommand } from '../support/slack-requests.js';

const fs = firestoreTestEnv();

const SECRET = 'heal-slack-secret';
const ONCALL = 'U0ONCALL1';
const NOW = new Date('2026-02-10T20:00:00.000Z'); // 15:00 in New York
const STUCK = '2026-02-09';
const TRIGGERED = '2026-02-08';
const OVERDUE = '2026-02-07';
const T = 'phase2_to_phase3';
const MIN = 60_000;

type Reply = { text: string; blocks?: unknown[]; replace_original?: boolean; response_type?: string };
type Posted = { channel: string; text: string; ts?: string; thread_ts?: string; blocks?: unknown[] };
type ButtonEl = { type: string; action_id?: string; value?: string; confirm?: unknown };

const value = (v: object) => JSON.stringify(v);
/** The Scheduler job processes its own date (STUCK at NOW); any other date is refused with this reason. */
const WRONG_DATE = new RegExp(
  String.raw`The heal of ${T} runs Cloud Scheduler job .same-day-phase3., which processes only its own date \(${STUCK}\); it cannot heal ${OVERDUE}\.`,
);
const STUCK_BUTTON = value({ t: T, d: STUCK });

describeFirestore('heals through signed Slack requests (3 instances, gcp mode)', () => {
  let slack: FakeSlack;
  let scheduler: FakeScheduler;
  let bq: FakeBigQuery;
  let proxy: FirestoreProxy;
  let dir: string;
  const clock = new FakeClock(NOW);
  /** The three instances sharing the emulator project directly. */
  const apps: RunningApp[] = [];
  /** A fourth instance whose Firestore goes through `proxy`. */
  let flaky: RunningApp;
  let jobName: string;

  const eventsUrl = (a: RunningApp) => `${a.url}/slack/events`;

  const start = (firestoreHost: string, id: string) =>
    startApp(
      {
        GOOGLE_CLOUD_PROJECT: fs!.projectId,
        FIRESTORE_EMULATOR_HOST: firestoreHost,
        BIGQUERY_EMULATOR_HOST: bq.url,
        CLOUD_SCHEDULER_API_ENDPOINT: scheduler.url,
        PIPELINE_CONFIG: join(dir, 'pipeline.yml'),
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: slack.apiUrl,
        SLACK_TEAM_ID: DEFAULT_TEAM_ID,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
      },
      { schedule: false, clock, instanceId: `${id}-${randomUUID().slice(0, 4)}`, slackMinPostIntervalMs: 0 },
    );

  /** Clicks a button (signed `block_actions`); returns the id of its response_url. */
  async function click(
    app: RunningApp,
    v: string,
    o: { user?: string; actionId?: string; messageTs?: string } = {},
  ): Promise<string> {
    const id = `click-${randomUUID().slice(0, 8)}`;
    const res = await sendBlockAction(eventsUrl(app), SECRET, {
      actionId: o.actionId ?? 'heal_trigger',
      value: v,
      responseUrl: slack.responseUrl(id),
      userId: o.user ?? ONCALL,
      messageTs: o.messageTs,
    });
    expect(res.status).toBe(200);
    return id;
  }

  async function slash(app: RunningApp, text: string, user = ONCALL): Promise<string> {
    const id = `slash-${randomUUID().slice(0, 8)}`;
    const res = await sendSlashCommand(eventsUrl(app), SECRET, {
      text,
      responseUrl: slack.responseUrl(id),
      userId: user,
    });
    expect(res.status).toBe(200);
    return id;
  }

  const reply = async (id: string): Promise<Reply> =>
    (await slack.waitForResponse(id, undefined, 15_000)).body as Reply;

  async function events(): Promise<HealEvent[]> {
    const snap = await fs!.client().collection('orchestrator_healing_events').get();
    return snap.docs.map((d) => {
      const x = d.data();
      return { ...x, requested_at: x.requested_at?.toDate() } as HealEvent;
    });
  }
  const count = async (collection: string) => (await fs!.client().collection(collection).get()).size;
  const statuses = async () => (await events()).map((e) => e.status).sort();

  /** Buttons of a message's actions blocks. */
  const buttons = (blocks: unknown[] | undefined): ButtonEl[] =>
    ((blocks ?? []) as { type: string; elements?: ButtonEl[] }[])
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements ?? []);

  /** Runs a tick on `app` and returns the stuck alert's root message and its heal button. */
  async function postStuckAlert(
    app: RunningApp,
  ): Promise<{ ts: string; root: RecordedCall; button: ButtonEl }> {
    await app.deps.runScheduledChecks('task');
    const root = await slack.waitForCall(
      'chat.postMessage',
      (c) => !(c.body as Posted).thread_ts && (c.body as Posted).text.includes(`stuck · ${STUCK}`),
    );
    const button = buttons((root.body as Posted).blocks).find((b) => b.action_id === 'heal_trigger')!;
    expect(JSON.parse(button.value!)).toEqual({ t: T, d: STUCK });
    return { ts: (root.response as { ts: string }).ts, root, button };
  }

  const settle = () => Promise.all([...apps, flaky].filter(Boolean).map((a) => a.deps.heal!.settled()));

  beforeAll(async () => {
    slack = await startFakeSlack();
    scheduler = await startFakeScheduler();
    bq = await startFakeBigQuery();
    proxy = await startFirestoreProxy(fs!.host);
    dir = mkdtempSync(join(tmpdir(), 'pipeline-bot-heal-slack-'));
    writeFileSync(
      join(dir, 'pipeline.yml'),
      [
        'timezone: America/New_York',
        'channels: { alerts: C0ALERTS, digest: C0DIGEST }',
        "# One root per alert: these tests follow the stuck alert's own message (storms are tested apart).",
        'alerts: { storm_threshold: 50 }',
        'heal:',
        `  allowed_users: [${ONCALL}]`,
        '  cooldown_minutes: 30',
        '  verify_minutes: 20',
        '',
      ].join('\n'),
    );
    jobName = `projects/${fs!.projectId}/locations/us-west2/jobs/same-day-phase3`;
    for (const id of ['instance-a', 'instance-b', 'instance-c']) apps.push(await start(fs!.host, id));
    flaky = await start(proxy.host, 'instance-flaky');
  });

  afterAll(async () => {
    await settle().catch(() => {});
    for (const a of [...apps, flaky]) await a?.stop();
    await Promise.all([slack?.close(), scheduler?.close(), bq?.close(), proxy?.close()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    await settle();
    await fs!.reset();
    slack.reset();
    scheduler.reset();
    bq.reset();
    proxy.setFault(undefined);
    clock.set(NOW);
    const db = fs!.client();
    await seedDemo(
      testConfig(),
      { put: async (c, d, data) => void (await db.collection(c).doc(d).set(data)) },
      { setGames: () => {} },
      NOW,
    );
  });

  it('100 concurrent clicks of one heal button over 3 instances: one runJob, one triggered event, 99 "already triggered by" replies', async () => {
    // The alert with the button, as a tick posts it.
    const { ts, button } = await postStuckAlert(apps[0]!);
    const ids = await Promise.all(
      Array.from({ length: 100 }, (_, i) => click(apps[i % 3]!, button.value!, { messageTs: ts })),
    );
    const replies = await slack.waitFor(
      ({ responses }) => {
        const mine = responses.filter((r) => ids.includes(r.id));
        return mine.length >= 100 && mine;
      },
      30_000,
      '100 replies',
    );
    expect(new Set(replies.map((r) => r.id)).size).toBe(100);

    // Exactly one job run, with the exact Cloud Scheduler job name, no credentials.
    expect(scheduler.calls.map((c) => [c.method, c.path, c.name])).toEqual([
      ['POST', `/v1/${jobName}:run`, jobName],
    ]);
    expect(scheduler.calls[0]!.authorization).toBeUndefined();

    const all = await events();
    expect(all.filter((e) => e.status === 'triggered')).toHaveLength(1);
    expect(all.filter((e) => e.status === 'duplicate')).toHaveLength(99);
    expect(all).toHaveLength(100);
    const winner = all.find((e) => e.status === 'triggered')!;
    expect(winner).toMatchObject({
      transition: T,
      game_date: STUCK,
      source: 'button',
      requested_by: ONCALL,
      job_name: 'same-day-phase3',
      location: 'us-west2',
      trigger_command: 'gcloud scheduler jobs run same-day-phase3 --location=us-west2',
      processors_complete: 5,
      expected_processors: 5,
    });

    const texts = replies.map((r) => (r.body as Reply).text);
    expect(replies.every((r) => (r.body as Reply).response_type === 'ephemeral')).toBe(true);
    const ran = texts.filter((x) => x.startsWith('Trigger Phase 3: ran `same-day-phase3` (us-west2)'));
    expect(ran).toEqual([
      `Trigger Phase 3: ran \`same-day-phase3\` (us-west2) for ${T} ${STUCK}, requested by <@${ONCALL}>. I will check by 15:20 that phase3_to_phase4 started (phase3_completion/2026-02-10).`,
    ]);
    const dup = new RegExp(
      `^${T} ${STUCK} was already triggered by <@${ONCALL}> at 15:00 \\((in progress|triggered)\\)\\. Nothing else was run \\(heal ${winner.heal_id}\\)\\.$`,
    );
    const others = texts.filter((x) => !ran.includes(x));
    expect(others).toHaveLength(99);
    for (const x of others) expect(x).toMatch(dup);
    // The lock names the winner.
    const locks = await fs!.client().collection('pipeline_bot_heal_locks').get();
    expect(locks.docs.map((d) => d.data().heal_id)).toEqual([winner.heal_id]);

    // The alert shows the one heal: the root edited once with it, one note in the thread. The 99
    // duplicates were told privately; they do not flood the channel thread or the root.
    const note = await slack.waitForCall('chat.postMessage', (c) => (c.body as Posted).thread_ts === ts);
    expect((note.body as Posted).text).toBe(`:wrench: ${ran[0]}`);
    await slack.waitForCall(
      'chat.update',
      (c) =>
        (c.body as Posted).ts === ts && JSON.stringify((c.body as Posted).blocks).includes(winner.heal_id),
    );
    // Anything still queued for the alert is delivered by the next tick.
    for (const a of apps) await a.deps.runScheduledChecks('task');
    const thread = slack.calls('chat.postMessage').filter((c) => (c.body as Posted).thread_ts === ts);
    expect(thread.map((c) => (c.body as Posted).text)).toEqual([`:wrench: ${ran[0]}`]);
    expect(slack.calls('chat.update').filter((c) => (c.body as Posted).ts === ts)).toHaveLength(1);
  }, 60_000);

  it('an unauthorized user is refused, and the attempt is recorded as denied; no job runs', async () => {
    const id = await click(apps[1]!, STUCK_BUTTON, { user: 'U0INTRUDER' });
    expect((await reply(id)).text).toBe(
      `<@U0INTRUDER> is not allowed to heal. Only <@${ONCALL}> can heal. This attempt was recorded.`,
    );
    const all = await events();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({
      status: 'denied',
      requested_by: 'U0INTRUDER',
      source: 'button',
      transition: T,
      game_date: STUCK,
    });
    expect(all[0]!.reason).toMatch(/not allowed to heal/);
    expect(await count('pipeline_bot_heal_locks')).toBe(0);
    expect(scheduler.calls).toEqual([]);
  });

  it('button values the heal service refuses are answered with the reason and nothing runs', async () => {
    const refused: [string, RegExp][] = [
      [
        value({ t: 'phase9_to_phase10', d: STUCK }),
        /^Unknown heal target "phase9_to_phase10"\. Use one of: /,
      ],
      [value({ t: T, d: '2026-02-11' }), /^Refused: 2026-02-11 is in the future \(today is 2026-02-10/],
      [value({ t: T, d: '2025-11-01' }), /^Refused: 2025-11-01 is more than 90 days back/],
      // A Scheduler job runs its own date only: a past date is refused, `f` (force) or not.
      [value({ t: T, d: OVERDUE, f: true }), WRONG_DATE],
    ];
    for (const [v, message] of refused) {
      expect((await reply(await click(apps[0]!, v))).text).toMatch(message);
    }
    expect(scheduler.calls).toEqual([]);
    expect(await count('pipeline_bot_heal_locks')).toBe(0);
    // The refusals the service decided are recorded. (A value that does not parse never reaches it, and a
    // forged signature never reaches the listener: test/unit/listeners-heal-actions, slash-status.)
    expect(await statuses()).toEqual(['refused', 'refused', 'refused', 'refused']);
  });

  it('/pipeline heal --dry-run changes nothing; without it a Confirm button runs the job once', async () => {
    const dry = await reply(await slash(apps[0]!, `heal phase3 ${STUCK} --dry-run`));
    expect(dry.text).toBe(
      `Dry run: gcloud scheduler jobs run same-day-phase3 --location=us-west2 for ${T} ${STUCK}`,
    );
    expect(JSON.stringify(dry.blocks)).toContain('Dry run — nothing was recorded or run');
    expect(JSON.stringify(dry.blocks)).toContain(jobName);
    expect(buttons(dry.blocks)).toEqual([]);
    expect(await count('orchestrator_healing_events')).toBe(0);
    expect(await count('pipeline_bot_heal_locks')).toBe(0);
    expect(await count('pipeline_bot_heal_outbox')).toBe(0);
    expect(scheduler.calls).toEqual([]);

    // Without --dry-run: a prompt with Confirm / Cancel, still nothing written or run.
    const prompt = await reply(await slash(apps[1]!, `heal phase3 ${STUCK}`));
    expect(prompt.text).toBe(
      `Heal: gcloud scheduler jobs run same-day-phase3 --location=us-west2 for ${T} ${STUCK}`,
    );
    const [confirm, cancel] = buttons(prompt.blocks);
    expect(confirm).toMatchObject({ action_id: 'heal_confirm' });
    expect(JSON.parse(confirm!.value!)).toEqual({ t: T, d: STUCK });
    expect(cancel).toMatchObject({ action_id: 'heal_cancel' });
    expect(await count('orchestrator_healing_events')).toBe(0);

    // Confirm, on another instance than the one that showed the prompt.
    const done = await reply(await click(apps[2]!, confirm!.value!, { actionId: 'heal_confirm' }));
    expect(done.replace_original).toBe(true);
    expect(done.text).toMatch(
      /^Trigger Phase 3: ran `same-day-phase3` \(us-west2\) for phase2_to_phase3 2026-02-09/,
    );
    expect(scheduler.runs()).toEqual([jobName]);
    const [event] = await events();
    expect(event).toMatchObject({ status: 'triggered', source: 'slash', requested_by: ONCALL, reason: null });

    // A second Confirm (double click, or the prompt confirmed again) does not run it again.
    const again = await reply(await click(apps[0]!, confirm!.value!, { actionId: 'heal_confirm' }));
    expect(again.text).toMatch(/was already triggered by <@U0ONCALL1> at 15:00 \(triggered\)/);
    expect(scheduler.calls).toHaveLength(1);
  });

  it('an already-triggered date is refused with the reason, from the command and from a button', async () => {
    const plan = await reply(await slash(apps[0]!, `heal phase3 ${TRIGGERED}`));
    const reason = new RegExp(
      `${T} ${TRIGGERED} is already triggered at 2026-02-09 \\d\\d:\\d\\d \\(all_complete\\); the next phase was started, nothing to heal\\.`,
    );
    expect(plan.text).toMatch(reason);
    expect(JSON.stringify(plan.blocks)).toContain('would be refused now');
    expect(buttons(plan.blocks)).toEqual([]);

    const out = await reply(await click(apps[1]!, value({ t: T, d: TRIGGERED })));
    expect(out.text).toMatch(reason);
    const all = await events();
    expect(all.map((e) => [e.status, e.game_date])).toEqual([['refused', TRIGGERED]]);
    expect(all[0]!.reason).toMatch(reason);
    expect(scheduler.calls).toEqual([]);
  });

  it('a Scheduler job heal for a past date is refused with the reason, --force included', async () => {
    const plan = await reply(await slash(apps[0]!, `heal phase3 ${OVERDUE}`));
    expect(plan.text).toMatch(WRONG_DATE);
    expect(buttons(plan.blocks)).toEqual([]);
    const forced = await reply(await slash(apps[2]!, `heal phase3 ${OVERDUE} --force`));
    expect(forced.text).toMatch(WRONG_DATE);
    expect(buttons(forced.blocks)).toEqual([]);
    // A forged Confirm with `f` is re-checked at the click and refused the same way.
    const click1 = await click(apps[1]!, value({ t: T, d: OVERDUE, f: true }), { actionId: 'heal_confirm' });
    expect((await reply(click1)).text).toMatch(WRONG_DATE);
    expect(scheduler.calls).toEqual([]);
    const all = await events();
    expect(all.map((e) => [e.status, e.game_date])).toEqual([['refused', OVERDUE]]);
    expect(all[0]!.reason).toMatch(WRONG_DATE);
  });

  it('Scheduler failing: event failed, user told, lock released; a retry click runs the job', async () => {
    scheduler.failNext(1, { status: 500, message: 'internal error' });
    const failed = await reply(await click(apps[0]!, STUCK_BUTTON));
    expect(failed.text).toMatch(
      new RegExp(
        `^Cloud Scheduler job \`same-day-phase3\` \\(us-west2\\) failed: Cloud Scheduler ${jobName}:run answered 500: .*internal error.*\\. The lock is released: you can retry\\.$`,
      ),
    );
    let all = await events();
    expect(all.map((e) => e.status)).toEqual(['failed']);
    expect(all[0]!.error).toMatch(/answered 500/);
    expect(await count('pipeline_bot_heal_locks')).toBe(0);

    const retried = await reply(await click(apps[1]!, STUCK_BUTTON));
    expect(retried.text).toMatch(/^Trigger Phase 3: ran `same-day-phase3`/);
    expect(scheduler.calls.map((c) => c.name)).toEqual([jobName, jobName]);
    expect(scheduler.runs()).toEqual([jobName]);
    all = await events();
    expect(all.map((e) => e.status).sort()).toEqual(['failed', 'triggered']);
  });

  it('Firestore unavailable for writes: no audit, no action — the user is told and no job runs; it works once Firestore answers', async () => {
    proxy.setFault({ methods: FIRESTORE_WRITES });
    const out = await reply(await click(flaky, STUCK_BUTTON));
    expect(out.text).toMatch(
      /^Could not record the heal in the audit log \(.*DEADLINE_EXCEEDED.*\)\. No audit, no action: nothing was run\. Try again when Firestore answers\.$/,
    );
    expect(proxy.failed).toContain('Commit');
    expect(scheduler.calls).toEqual([]);
    // Nothing half-written: no event, no lock, no outbox row.
    expect(await count('orchestrator_healing_events')).toBe(0);
    expect(await count('pipeline_bot_heal_locks')).toBe(0);
    expect(await count('pipeline_bot_heal_outbox')).toBe(0);

    proxy.setFault(undefined);
    const retried = await reply(await click(flaky, STUCK_BUTTON));
    expect(retried.text).toMatch(/^Trigger Phase 3: ran `same-day-phase3`/);
    expect(scheduler.runs()).toEqual([jobName]);
  });

  it('BigQuery failing: the heal runs; its rows land in healing_events (insertId = heal_id:status) after BigQuery recovers', async () => {
    bq.failNext(1_000_000, 503);
    const out = await reply(await click(apps[0]!, STUCK_BUTTON));
    expect(out.text).toMatch(/^Trigger Phase 3: ran `same-day-phase3`/);
    expect(scheduler.runs()).toEqual([jobName]);
    await settle();
    const [event] = await events();
    const id = event!.heal_id;
    expect(bq.requests().some((r) => r.path.endsWith('/tables/healing_events/insertAll'))).toBe(true);
    expect(bq.inserts()).toEqual([]);
    const pending = await fs!
      .client()
      .collection('pipeline_bot_heal_outbox')
      .where('pending', '==', true)
      .get();
    expect(pending.docs.map((d) => d.id).sort()).toEqual([`${id}:requested`, `${id}:triggered`]);

    // BigQuery recovers; the next scheduled tick (on another instance) sends the outbox.
    bq.failNext(0);
    await apps[2]!.deps.runScheduledChecks('task');
    await settle();
    const rows = bq.inserts('nba_orchestration.healing_events');
    expect(rows.map((r) => r.insertId).sort()).toEqual([`${id}:requested`, `${id}:triggered`]);
    expect(rows.find((r) => r.insertId === `${id}:triggered`)!.json).toEqual({
      heal_id: id,
      transition: T,
      game_date: STUCK,
      source: 'button',
      requested_by: ONCALL,
      status: 'triggered',
      reason: null,
      job_name: 'same-day-phase3',
      location: 'us-west2',
      trigger_command: 'gcloud scheduler jobs run same-day-phase3 --location=us-west2',
      processors_complete: 5,
      expected_processors: 5,
      requested_at: NOW.toISOString(),
      finished_at: NOW.toISOString(),
      error: null,
      verified: null,
      action: 'scheduler_job',
      action_ref: jobName,
    });
    expect(bq.tables.get('nba_orchestration.healing_events')).toHaveLength(2);
    const left = await fs!.client().collection('pipeline_bot_heal_outbox').where('pending', '==', true).get();
    expect(left.size).toBe(0);
  });

  it('the alert shows the heal: its button heals, the root is edited, the thread gets the outcome and later the verification', async () => {
    const { ts, button: healButton } = await postStuckAlert(apps[0]!);
    expect(healButton.confirm).toBeDefined();

    // Clicked on another instance than the one that posted the alert.
    const out = await reply(await click(apps[1]!, healButton.value!, { messageTs: ts }));
    expect(out.text).toMatch(/^Trigger Phase 3: ran `same-day-phase3`/);
    const [event] = await events();
    const id = event!.heal_id;

    const edited = await slack.waitForCall(
      'chat.update',
      (c) =>
        (c.body as Posted).ts === ts && JSON.stringify((c.body as Posted).blocks).includes(`Heal \`${id}\``),
    );
    expect(JSON.stringify((edited.body as Posted).blocks)).toContain(
      `:wrench: Heal \`${id}\` by <@${ONCALL}> at 2026-02-10 15:00: *triggered*`,
    );
    const note = await slack.waitForCall('chat.postMessage', (c) => (c.body as Posted).thread_ts === ts);
    expect((note.body as Posted).text).toBe(`:wrench: ${out.text}`);
    expect(scheduler.runs()).toEqual([jobName]);

    // The job did its work: Phase 2 is triggered and Phase 3 starts reporting. After verify_minutes,
    // the next tick verifies the heal in the thread and on the root.
    const db = fs!.client();
    await db
      .collection('phase2_completion')
      .doc(STUCK)
      .set({ _triggered: true, _triggered_at: NOW, _trigger_reason: 'manual_heal' }, { merge: true });
    await db
      .collection('phase3_completion')
      .doc('2026-02-10')
      .set({ player_game_summary: { status: 'success', completed_at: new Date(NOW.getTime() + 4 * MIN) } });
    clock.advance(21 * MIN);
    await apps[2]!.deps.runScheduledChecks('task');
    const verified = await slack.waitForCall(
      'chat.postMessage',
      (c) => (c.body as Posted).thread_ts === ts && (c.body as Posted).text.includes('Verified'),
    );
    expect((verified.body as Posted).text).toBe(
      `:white_check_mark: Verified: the next phase started after the heal of ${T} ${STUCK}: phase3_completion/2026-02-10 (1/5 processors reported).`,
    );
    const last = slack
      .calls('chat.update')
      .filter((c: RecordedCall) => (c.body as Posted).ts === ts)
      .at(-1)!;
    expect(JSON.stringify((last.body as Posted).blocks)).toContain('next phase started :white_check_mark:');
    expect((await events())[0]!.verified).toBe('started');
  });

  it('a crash between "requested" and the job call: the next tick reports it in the alert thread; the run stays locked', async () => {
    const { ts } = await postStuckAlert(apps[0]!);
    // What a process that died right after recording the heal leaves behind: the lock and a `requested` event.
    const heal_id = `crashed-${randomUUID().slice(0, 8)}`;
    await new FirestoreHealLog(fs!.client()).begin(
      healEvent({ heal_id, transition: T, game_date: STUCK, requested_by: ONCALL, requested_at: NOW }),
      30 * MIN,
    );
    clock.advance(5 * MIN);
    await apps[1]!.deps.runScheduledChecks('task');
    const note = await slack.waitForCall(
      'chat.postMessage',
      (c) => (c.body as Posted).thread_ts === ts && (c.body as Posted).text.includes(heal_id),
    );
    expect((note.body as Posted).text).toMatch(
      new RegExp(`^:warning: Heal ${heal_id} of ${T} ${STUCK} by <@${ONCALL}> at 15:00 never finished`),
    );
    const [event] = await events();
    expect(event).toMatchObject({ heal_id, status: 'failed' });
    expect(event!.error).toMatch(/^interrupted/);

    // The job may have run: another click during the cooldown is refused, naming the interrupted heal.
    const out = await reply(await click(apps[2]!, STUCK_BUTTON));
    expect(out.text).toMatch(
      new RegExp(
        `already triggered by <@${ONCALL}> at 15:00 \\(failed\\)\\. Nothing else was run \\(heal ${heal_id}\\)`,
      ),
    );
    expect(scheduler.calls).toEqual([]);
  });
});
