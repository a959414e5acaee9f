/**
 * Growth of an alert tick with the on-call and dead-letter work (issue 18): live silences 0 → 100 over
 * 1,000 open alerts, and dead-lettered messages 0 → 500 waiting on a subscription (the `dlq` check and
 * its alert), on the Firestore emulator behind the counting proxy. Per tick: Firestore reads, writes,
 * RPCs, Slack calls and CPU ms; a tick where nothing changed, and the tick that applied the change.
 */

import type { Firestore } from '@google-cloud/firestore';
import { FirestoreAlertStore } from '../src/adapters/firestore/alert-store.js';
import { createFirestore } from '../src/adapters/firestore/client.js';
import { FirestoreDlqStore } from '../src/adapters/firestore/dlq-store.js';
import { FirestoreSilenceStore } from '../src/adapters/firestore/silence-store.js';
import { AlertService } from '../src/alerts/service.js';
import type { CheckResult } from '../src/checks/types.js';
import type { Config } from '../src/config.js';
import { dlqCheck } from '../src/dlq/check.js';
import type { DlqRecord } from '../src/dlq/types.js';
import { silentLogger } from '../src/log.js';
import { alertViews } from '../src/views/alert-views.js';
import { FakeClock } from '../test/support/fixtures.js';
import { RecordingChat } from '../test/support/memory.js';
import { type Cost, measure, results, TICK_MS } from './growth-cost.js';

/** Why: the ranges — silences 0 → 100 (over the 1,000 open alerts of the alert table), DLQ 0 → 500. */
const SILENCES = [0, 10, 100];
const OPEN_ALERTS = 1_000;
const DLQ_MESSAGES = [0, 50, 500];
export const SUBSCRIPTION = {
  subscription: 'phase2-dlq-sub',
  source_topic: 'phase2-topic',
  label: 'Phase 2',
};

interface Row {
  n: number;
  applied: Cost;
  unchanged: Cost;
}

async function alertService(db: Firestore, config: Config, clock: FakeClock, chat: RecordingChat) {
  return new AlertService({
    config,
    clock,
    log: silentLogger,
    store: new FirestoreAlertStore(db),
    chat,
    channel: 'C0ALERTS',
    instanceId: 'bench',
    views: alertViews,
    silences: new FirestoreSilenceStore(db),
  });
}

/** Silence i holds alert i (its subject), so 100 silences mute 100 of the open alerts. */
export async function runSilencesGrowth(proxyHost: string, calls: string[], config: Config): Promise<void> {
  const db = await createFirestore({ projectId: 'bench-growth-silences', emulatorHost: proxyHost });
  const clock = new FakeClock(new Date('2026-02-10T09:00:00Z'));
  const chat = new RecordingChat();
  const alerts = await alertService(db, config, clock, chat);
  const silences = new FirestoreSilenceStore(db);
  const run = results(OPEN_ALERTS);
  await alerts.process(run);
  const rows: Row[] = [];
  let created = 0;
  for (const n of SILENCES) {
    for (; created < n; created++)
      await silences.create({
        id: `bench-${created}`,
        matchers: { subject: `phase2_to_phase3:alert-${created}` },
        created_by: 'bench',
        reason: 'growth bench',
        starts_at: clock.now(),
        ends_at: new Date(clock.now().getTime() + 7 * 86_400_000),
      });
    clock.advance(TICK_MS);
    const applied = await measure(calls, chat, () => alerts.process(run));
    clock.advance(TICK_MS);
    const unchanged = await measure(calls, chat, () => alerts.process(run));
    rows.push({ n, applied, unchanged });
  }
  await db.terminate();
  printRows(`live silences over ${OPEN_ALERTS.toLocaleString('en-US')} open alerts`, 'silences', rows);
}

export function deadLetter(i: number, at: Date): DlqRecord {
  return {
    message_id: `m-${i}`,
    subscription: SUBSCRIPTION.subscription,
    publish_time: new Date(at.getTime() - i * 1000),
    delivery_attempt: 5,
    attributes: {},
    data: JSON.stringify({ game_date: '2026-02-09', processor: `p2_processor_${i % 7}` }),
    game_date: '2026-02-09',
    processor: `p2_processor_${i % 7}`,
    error: 'processor failed',
    source_topic: SUBSCRIPTION.source_topic,
    recorded_at: new Date(at.getTime() - 86_400_000),
    handled: null,
    handled_by: null,
    handled_at: null,
  };
}

/** A tick of the `dlq` check and the alert service, as messages wait on one subscription. */
export async function runDlqGrowth(proxyHost: string, calls: string[], config: Config): Promise<void> {
  const rows: Row[] = [];
  for (const n of DLQ_MESSAGES) {
    const db = await createFirestore({ projectId: `bench-growth-dlq-${n}`, emulatorHost: proxyHost });
    const clock = new FakeClock(new Date('2026-02-10T09:00:00Z'));
    const chat = new RecordingChat();
    const alerts = await alertService(db, config, clock, chat);
    const store = new FirestoreDlqStore(db);
    const check = dlqCheck(store, { subscriptions: [SUBSCRIPTION], quietMinutes: 30 });
    // Why in chunks: 500 creates at once would time the emulator, not the bot.
    for (let i = 0; i < n; i += 50)
      await Promise.all(
        Array.from({ length: Math.min(50, n - i) }, (_, k) => store.record(deadLetter(i + k, clock.now()))),
      );
    const tick = async () => {
      const found: CheckResult[] = await check.run({
        config,
        now: clock.now(),
        snapshot: () => Promise.reject(new Error('the dlq check reads no snapshot')),
      });
      await alerts.process(found);
    };
    const applied = await measure(calls, chat, tick);
    clock.advance(TICK_MS);
    const unchanged = await measure(calls, chat, tick);
    rows.push({ n, applied, unchanged });
    await db.terminate();
  }
  printRows('dead-lettered messages waiting (one subscription)', 'messages', rows);
}

function printRows(title: string, what: string, rows: Row[]): void {
  const cell = (c: Cost) =>
    `${String(c.reads).padStart(5)} | ${String(c.writes).padStart(6)} | ${String(c.rpcs).padStart(4)} | ${String(c.slack).padStart(5)} | ${c.cpuMs.toFixed(0).padStart(6)}`;
  console.log(`\n## Growth: one alert tick as ${title} grow (Firestore emulator)`);
  console.log(
    `  ${what.padStart(9)} | unchanged tick: reads | writes | RPCs | Slack | CPU ms || tick that applied them: reads | writes | RPCs | Slack | CPU ms`,
  );
  for (const { n, applied, unchanged } of rows)
    console.log(`  ${String(n).padStart(9)} | ${cell(unchanged)} || ${cell(applied)}`);
  const [first, last] = [rows[0]!, rows.at(-1)!];
  const factor = (a: number, b: number) => (b === 0 ? (a === 0 ? '1×' : '∞') : `${(a / b).toFixed(1)}×`);
  console.log(
    `  growth ${first.n} → ${last.n}: unchanged tick reads ${factor(last.unchanged.reads, first.unchanged.reads)}, writes ${last.unchanged.writes}, CPU ${factor(last.unchanged.cpuMs, first.unchanged.cpuMs)}`,
  );
}
