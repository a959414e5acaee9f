/**
 * The `pubsub` heal action end to end (issue 12): two bot instances (`startApp` in this process, each with
 * its own Firestore and Pub/Sub clients and its own receiver) sharing the Firestore emulator and the
 * Pub/Sub emulator, heal buttons clicked through signed Slack requests. The heal publishes the phase's
 * trigger message for the date it names — two days back here, which a Scheduler job could not heal — and
 * a test subscription on the topic counts what was published.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Message, PubSub } from '@google-cloud/pubsub';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createPubSub } from '../../src/adapters/pubsub/client.js';
import { PubSubDeadLetterSource } from '../../src/adapters/pubsub/dead-letters.js';
import { PubSubPhaseStarter } from '../../src/adapters/pubsub/phase-starter.js';
import { type RunningApp, startApp } from '../../src/app.js';
import { type FakeBigQuery, startFakeBigQuery } from '../support/fake-bigquery.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { firestoreTestEnv } from '../support/firestore.js';
import { FakeClock, P2 } from '../support/fixtures.js';
import { DEFAULT_TEAM_ID, sendBlockAction, sendSlashCommand } from '../support/slack-requests.js';

const fs = firestoreTestEnv();
const pubsubHost = inject('pubsubEmulatorHost') ?? null;
if (!fs || !pubsubHost) console.warn('!!! SKIPPED (no Pub/Sub or Firestore emulator): pubsub heal action');

const SECRET = 'heal-pubsub-secret';
const ONCALL = 'U0ONCALL1';
const NOW = new Date('2026-02-10T20:00:00.000Z'); // 15:00 in New York; Phase 2's own date is 2026-02-09
const TWO_DAYS_BACK = '2026-02-08';
const T = 'phase2_to_phase3';
const TOPIC = 'nba-phase3-trigger';

type Reply = { text: string; blocks?: unknown[] };

describe.skipIf(!fs || !pubsubHost)('pubsub heal action (2 instances, Firestore + Pub/Sub emulators)', () => {
  let slack: FakeSlack;
  let bq: FakeBigQuery;
  let dir: string;
  let pubsub: PubSub;
  let observer: PubSubDeadLetterSource;
  const clock = new FakeClock(NOW);
  const apps: RunningApp[] = [];
  let subscription = '';

  const click = async (app: RunningApp, value: string, user = ONCALL): Promise<string> => {
    const id = `click-${randomUUID().slice(0, 8)}`;
    const res = await sendBlockAction(`${app.url}/slack/events`, SECRET, {
      actionId: 'heal_trigger',
      value,
      responseUrl: slack.responseUrl(id),
      userId: user,
    });
    expect(res.status).toBe(200);
    return id;
  };
  const slash = async (app: RunningApp, text: string): Promise<Reply> => {
    const id = `slash-${randomUUID().slice(0, 8)}`;
    const res = await sendSlashCommand(`${app.url}/slack/events`, SECRET, {
      text,
      responseUrl: slack.responseUrl(id),
      userId: ONCALL,
    });
    expect(res.status).toBe(200);
    return (await slack.waitForResponse(id, undefined, 15_000)).body as Reply;
  };
  const events = async () =>
    (await fs!.client().collection('orchestrator_healing_events').get()).docs.map((d) => d.data());
  /**
   * Everything published to the topic since the subscription was made (acked as read): pulls until at
   * least `expected` arrived, then until a pull comes back empty (every publish happened before the replies).
   */
  const published = async (expected: number) => {
    const seen: { id: string; data: string; attributes: Record<string, string> }[] = [];
    for (let pulls = 0; pulls < 100; pulls++) {
      const batch = await observer.pull(subscription, 100);
      if (batch.length === 0 && seen.length >= expected) break;
      for (const r of batch) {
        seen.push({ id: r.message.message_id, data: r.message.data, attributes: r.message.attributes });
        await r.ack();
      }
    }
    return seen;
  };

  beforeAll(async () => {
    slack = await startFakeSlack();
    bq = await startFakeBigQuery();
    dir = mkdtempSync(join(tmpdir(), 'pipeline-bot-heal-pubsub-'));
    writeFileSync(
      join(dir, 'pipeline.yml'),
      [
        'channels: { alerts: C0ALERTS }',
        `heal: { allowed_users: [${ONCALL}], cooldown_minutes: 30 }`,
        'transitions:',
        `  ${T}:`,
        '    collection: phase2_completion',
        '    date_offset_days: -1',
        `    expected_processors: [${P2.join(', ')}]`,
        '    next: phase3_to_phase4',
        '    heal:',
        '      action: pubsub',
        `      topic: ${TOPIC}`,
        `      message: '{"game_date": "{date}", "trigger_reason": "manual_heal"}'`,
        '      attributes: { game_date: "{date}", origin: pipeline-bot }',
        '      label: Trigger Phase 3',
        '  phase3_to_phase4:',
        '    collection: phase3_completion',
        '    expected_processors: [player_game_summary]',
        '',
      ].join('\n'),
    );
    // The topic lives in the bot's project on the emulator; a test subscription reads what the bot publishes.
    pubsub = await createPubSub({ projectId: fs!.projectId, emulatorHost: pubsubHost! });
    await pubsub.createTopic(TOPIC);
    observer = new PubSubDeadLetterSource(pubsub);
    for (const id of ['instance-a', 'instance-b']) {
      apps.push(
        await startApp(
          {
            GOOGLE_CLOUD_PROJECT: fs!.projectId,
            FIRESTORE_EMULATOR_HOST: fs!.host,
            PUBSUB_EMULATOR_HOST: pubsubHost!,
            BIGQUERY_EMULATOR_HOST: bq.url,
            PIPELINE_CONFIG: join(dir, 'pipeline.yml'),
            SLACK_BOT_TOKEN: 'xoxb-test',
            SLACK_SIGNING_SECRET: SECRET,
            SLACK_API_URL: slack.apiUrl,
            SLACK_TEAM_ID: DEFAULT_TEAM_ID,
            PORT: '0',
            HOST: '127.0.0.1',
            LOG_LEVEL: 'silent',
          },
          {
            schedule: false,
            clock,
            instanceId: `${id}-${randomUUID().slice(0, 4)}`,
            slackMinPostIntervalMs: 0,
          },
        ),
      );
    }
  });

  afterAll(async () => {
    for (const a of apps) await a.stop();
    await observer?.close();
    await Promise.all([slack?.close(), bq?.close()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    for (const a of apps) await a.deps.heal!.settled();
    await fs!.reset();
    slack.reset();
    subscription = `heal-observer-${randomUUID().slice(0, 8)}`;
    await pubsub.topic(TOPIC).createSubscription(subscription);
    // Every expected processor of TWO_DAYS_BACK reported; the orchestrator never triggered Phase 3.
    const data: Record<string, unknown> = { _triggered: false };
    P2.forEach((p, i) => {
      data[p] = { status: 'success', completed_at: new Date(NOW.getTime() - (2 * 24 * 60 - i) * 60_000) };
    });
    await fs!.client().collection('phase2_completion').doc(TWO_DAYS_BACK).set(data);
  });

  it('50 concurrent clicks across 2 instances publish exactly one message for that date; the event records its id', async () => {
    const value = JSON.stringify({ t: T, d: TWO_DAYS_BACK });
    const ids = await Promise.all(Array.from({ length: 50 }, (_, i) => click(apps[i % 2]!, value)));
    const replies = await slack.waitFor(
      ({ responses }) => {
        const mine = responses.filter((r) => ids.includes(r.id));
        return mine.length >= 50 && mine;
      },
      30_000,
      '50 replies',
    );
    const texts = replies.map((r) => (r.body as Reply).text);

    const messages = await published(1);
    expect(messages).toHaveLength(1);
    const [message] = messages;
    expect(JSON.parse(message!.data)).toEqual({ game_date: TWO_DAYS_BACK, trigger_reason: 'manual_heal' });
    expect(message!.attributes).toEqual({ game_date: TWO_DAYS_BACK, origin: 'pipeline-bot' });

    const all = await events();
    expect(all.map((e) => e.status).sort()).toEqual(['triggered', ...Array(49).fill('duplicate')].sort());
    const winner = all.find((e) => e.status === 'triggered')!;
    expect(winner).toMatchObject({
      transition: T,
      game_date: TWO_DAYS_BACK,
      action: 'pubsub',
      action_ref: message!.id,
      job_name: null,
      location: null,
      trigger_command: `gcloud pubsub topics publish ${TOPIC} --message='{"game_date": "${TWO_DAYS_BACK}", "trigger_reason": "manual_heal"}' --attribute=game_date=${TWO_DAYS_BACK} --attribute=origin=pipeline-bot`,
    });
    expect(all.filter((e) => e.status === 'duplicate').every((e) => e.action === 'pubsub')).toBe(true);

    expect(texts.filter((x) => x.startsWith('Trigger Phase 3: published'))).toEqual([
      `Trigger Phase 3: published message ${message!.id} to \`${TOPIC}\` for ${T} ${TWO_DAYS_BACK}, requested by <@${ONCALL}>. I will check by 15:20 that phase3_to_phase4 started (phase3_completion/2026-02-09).`,
    ]);
    expect(texts.filter((x) => x.includes('was already triggered by'))).toHaveLength(49);
  }, 60_000);

  it('the dry run and the confirmation show what will be published; the Scheduler-date rule does not apply', async () => {
    const dry = await slash(apps[0]!, `heal phase3 ${TWO_DAYS_BACK} --dry-run`);
    const shown = JSON.stringify(dry.blocks);
    expect(shown).toContain(`would publish to topic \`${TOPIC}\` the message`);
    expect(shown).toContain(
      `{\\"game_date\\": \\"${TWO_DAYS_BACK}\\", \\"trigger_reason\\": \\"manual_heal\\"}`,
    );
    expect(shown).toContain('Publish to');
    const prompt = await slash(apps[1]!, `heal phase3 ${TWO_DAYS_BACK}`);
    expect(JSON.stringify(prompt.blocks)).toContain(`will publish to topic \`${TOPIC}\``);
    expect(await published(0)).toEqual([]);
    expect(await events()).toEqual([]);
  });

  it('the adapter: an ordering key is sent with the message; a missing topic is a definite failure', async () => {
    const starter = new PubSubPhaseStarter(pubsub);
    const action = {
      kind: 'pubsub' as const,
      topic: TOPIC,
      message: `{"game_date": "${TWO_DAYS_BACK}"}`,
      attributes: {},
      ordering_key: `phase3-${TWO_DAYS_BACK}`,
    };
    const request = { transition: T, date: TWO_DAYS_BACK, project: fs!.projectId, action };
    const received = new Promise<{ id: string; orderingKey?: string }>((resolve) => {
      const sub = pubsub.subscription(subscription);
      sub.on('message', (m: Message) => {
        m.ack();
        resolve({ id: m.id, orderingKey: m.orderingKey });
        void sub.close();
      });
    });
    const { ref } = await starter.start(request);
    expect(await received).toEqual({ id: ref, orderingKey: `phase3-${TWO_DAYS_BACK}` });
    await expect(
      starter.start({ ...request, action: { ...action, topic: 'no-such-topic' } }),
    ).rejects.toMatchObject({
      name: 'HealActionError',
      ambiguous: false,
    });
  });
});
