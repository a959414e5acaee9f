/**
 * Dead letters against the official Pub/Sub emulator: a subscription with a dead-letter policy (max 5
 * delivery attempts) and a subscriber that always nacks sends the message to the DLQ subscription; the
 * bot's streaming pull records it (store + BigQuery copy) before acking, and the `dlq` check raises one
 * living alert per subscription. A bot that dies between pull and record loses nothing.
 */
import type { PubSub } from '@google-cloud/pubsub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/adapters/local/db.js';
import { LocalDlqStore } from '../../src/adapters/local/dlq-store.js';
import { PubSubDeadLetterSource } from '../../src/adapters/pubsub/dead-letters.js';
import { AlertService } from '../../src/alerts/service.js';
import { runChecks } from '../../src/checks/runner.js';
import { dlqCheck } from '../../src/dlq/check.js';
import { type IngestDeps, type IngestOutcome, ingest, streamAll, toRecord } from '../../src/dlq/ingest.js';
import type { DlqExporter } from '../../src/dlq/ports.js';
import type { DlqRecord, DlqSubscription } from '../../src/dlq/types.js';
import { silentLogger } from '../../src/log.js';
import { systemClock } from '../../src/ports.js';
import { alertViews } from '../../src/views/alert-views.js';
import { testConfig } from '../support/fixtures.js';
import { MemoryAlertStore, RecordingChat } from '../support/memory.js';
import { type DeadLetterQueue, pubsubTestEnv } from '../support/pubsub.js';

const env = pubsubTestEnv();
if (!env) console.warn('!!! SKIPPED (no Pub/Sub emulator): dead letters against the emulator');

/** The BigQuery copy, as BigQuery sees it: rows keyed by insertId (a resend is de-duplicated). */
class RecordingExporter implements DlqExporter {
  readonly rows = new Map<string, DlqRecord>();
  sent = 0;
  async insert(records: DlqRecord[]) {
    for (const r of records) this.rows.set(r.message_id, r);
    this.sent += records.length;
  }
}

/** Polls until `fn` is true (the emulator delivers asynchronously); the test timeout bounds it. */
async function until(fn: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await fn())) await new Promise((resolve) => setTimeout(resolve, 100));
}

/** A subscriber of the source subscription that always fails (nacks) — the broken processor. */
function nackForever(ps: PubSub, subscription: string): () => Promise<void> {
  const sub = ps.subscription(subscription);
  sub.on('message', (m) => m.nack());
  return () => sub.close();
}

describe.skipIf(!env)('dead letters on the Pub/Sub emulator', () => {
  let ps: PubSub;
  let source: PubSubDeadLetterSource;
  const stops: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    ps = await env!.client();
    source = new PubSubDeadLetterSource(await env!.client());
  });
  afterAll(async () => {
    for (const stop of stops) await stop();
  });

  function bot(q: DeadLetterQueue) {
    const subscriptions: DlqSubscription[] = [
      { subscription: q.dlqSubscription, source_topic: q.topic, label: 'Phase 3 trigger' },
    ];
    const store = new LocalDlqStore(openDb(':memory:'));
    const exporter = new RecordingExporter();
    const deps: IngestDeps = { store, exporter, clock: systemClock, subscriptions };
    const config = testConfig({ ALERT_CHANNEL: 'C0ALERTS' });
    const chat = new RecordingChat();
    const alertStore = new MemoryAlertStore();
    const alerts = new AlertService({
      config,
      clock: systemClock,
      log: silentLogger,
      store: alertStore,
      chat,
      channel: 'C0ALERTS',
      instanceId: 'bot-1',
      views: alertViews,
    });
    const check = dlqCheck(store, { subscriptions, quietMinutes: 30 });
    const checkDeps = {
      config,
      clock: systemClock,
      completions: { getMany: async () => [], ping: async () => {} },
      schedule: { gamesOn: async () => new Map() },
    };
    const tick = async () => alerts.process(await runChecks([check], checkDeps));
    return { deps, store, exporter, chat, alertStore, tick };
  }

  it('a message nacked 5 times lands on the DLQ subscription, is recorded, and raises the alert', async () => {
    const q = await env!.deadLetterQueue('nba-phase3-trigger', 5);
    stops.push(nackForever(ps, q.subscription));
    const b = bot(q);
    const outcomes: IngestOutcome[] = [];
    stops.push(
      streamAll(
        b.deps,
        source,
        (o) => outcomes.push(o),
        (err) => {
          throw err;
        },
      ),
    );

    const data = JSON.stringify({
      game_date: '2026-11-29',
      processor: 'player_game_summary',
      trigger_reason: 'orchestrator',
    });
    const id = await ps
      .topic(q.topic)
      .publishMessage({ data: Buffer.from(data), attributes: { error: 'BigQuery quota exceeded' } });
    await until(() => outcomes.length === 1);

    expect(outcomes).toEqual(['recorded']);
    const [record] = await b.store.list();
    expect(record).toMatchObject({
      subscription: q.dlqSubscription,
      source_topic: q.topic,
      delivery_attempt: 5,
      game_date: '2026-11-29',
      processor: 'player_game_summary',
      error: 'BigQuery quota exceeded',
    });
    expect(b.exporter.rows.get(record!.message_id)?.data).toBe(data);
    // The DLQ topic gives the message a new id; the original is the one the source topic gave.
    expect(id).toBeTruthy();

    await b.tick();
    const roots = b.chat.roots();
    expect(roots).toHaveLength(1);
    const text = JSON.stringify(roots[0]!.message.blocks);
    expect(text).toContain('1 waiting');
    expect(text).toContain('2026-11-29 · player_game_summary · BigQuery quota exceeded');
  });

  it('20 messages give one alert with count 20, each recorded once', async () => {
    const q = await env!.deadLetterQueue('nba-phase4-trigger', 5);
    stops.push(nackForever(ps, q.subscription));
    const b = bot(q);
    const outcomes: IngestOutcome[] = [];
    stops.push(
      streamAll(
        b.deps,
        source,
        (o) => outcomes.push(o),
        (err) => {
          throw err;
        },
      ),
    );
    await b.tick();

    const topic = ps.topic(q.topic);
    for (let i = 0; i < 20; i++) {
      await topic.publishMessage({
        json: { game_date: `2026-11-${String(i + 1).padStart(2, '0')}`, processor: 'p4' },
      });
    }
    await until(async () => (await b.store.list()).length === 20);
    await b.tick();

    const records = await b.store.list();
    expect(new Set(records.map((r) => r.message_id)).size).toBe(20);
    expect(b.exporter.rows.size).toBe(20);
    const alerts = [...b.alertStore.records.values()];
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.result.details.count).toBe(20);
    expect(b.chat.roots()).toHaveLength(1);
  });

  it('a bot killed between pull and record loses nothing: redelivered, recorded once', async () => {
    const q = await env!.deadLetterQueue('nba-phase5-trigger', 5);
    stops.push(nackForever(ps, q.subscription));
    const b = bot(q);
    const topic = ps.topic(q.topic);
    for (let i = 0; i < 5; i++) await topic.publishMessage({ json: { game_date: '2026-11-28', n: i } });

    // The first bot pulls everything, records two (the crash hits before their ack), then dies.
    const pulled: string[] = [];
    await until(async () => {
      for (const r of await source.pull(q.dlqSubscription, 10)) {
        pulled.push(r.message.message_id);
        if (pulled.length <= 2) await b.deps.store.record(toRecord(r, b.deps.subscriptions[0], new Date()));
      }
      return pulled.length >= 5;
    });
    expect(await b.store.list()).toHaveLength(2);

    // The next bot: the messages come back once their ack deadline passed; each is recorded once.
    const outcomes: IngestOutcome[] = [];
    await until(async () => {
      for (const r of await source.pull(q.dlqSubscription, 10)) outcomes.push(await ingest(b.deps, r));
      return outcomes.length >= 5;
    });
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(2);
    expect(outcomes.filter((o) => o === 'recorded')).toHaveLength(3);
    const records = await b.store.list();
    expect(records.map((r) => r.message_id).sort()).toEqual([...new Set(pulled)].sort());
    expect(b.exporter.rows.size).toBe(5);
    // Acked now: nothing comes back.
    expect(await source.pull(q.dlqSubscription, 10)).toEqual([]);
  }, 60_000);
});
