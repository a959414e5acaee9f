/**
 * `npm run bench -- dlq`: time from a message landing on a dead-letter subscription to the alert being
 * posted (p50/p95 over 50 messages), with the bot's streaming pull against the official Pub/Sub emulator
 * (spawned here on a free loopback port), and store writes per message. The alert path is the real one:
 * record-then-ack, the `dlq` check, the alert service, a chat that timestamps each post or update.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { LocalAlertStore } from '../src/adapters/local/alert-store.js';
import { openDb } from '../src/adapters/local/db.js';
import { LocalDlqStore } from '../src/adapters/local/dlq-store.js';
import { createPubSub } from '../src/adapters/pubsub/client.js';
import { PubSubDeadLetterSource } from '../src/adapters/pubsub/dead-letters.js';
import { AlertService } from '../src/alerts/service.js';
import { runChecks } from '../src/checks/runner.js';
import { loadConfig } from '../src/config.js';
import { dlqCheck } from '../src/dlq/check.js';
import { streamAll } from '../src/dlq/ingest.js';
import type { DlqStore } from '../src/dlq/ports.js';
import { silentLogger } from '../src/log.js';
import type { Chat } from '../src/ports.js';
import { systemClock } from '../src/ports.js';
import { alertViews } from '../src/views/alert-views.js';

const EMULATOR = '/usr/lib/google-cloud-sdk/platform/pubsub-emulator/bin/cloud-pubsub-emulator';
/** Why 50: the sample size. */
const MESSAGES = 50;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

export async function runDlqBench(): Promise<void> {
  if (!existsSync(EMULATOR)) {
    console.log(`\n## dlq: skipped (no Pub/Sub emulator at ${EMULATOR})`);
    return;
  }
  const port = await freePort();
  const child = spawn(EMULATOR, ['--host=127.0.0.1', `--port=${port}`], { detached: true, stdio: 'ignore' });
  try {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await sleep(100);
    }
    const ps = await createPubSub({ projectId: 'bench', emulatorHost: `127.0.0.1:${port}` });
    const [dlqTopic] = await ps.createTopic('bench-dlq');
    await dlqTopic.createSubscription('bench-dlq-sub');
    const sub = { subscription: 'bench-dlq-sub', source_topic: 'bench', label: 'Bench' };
    const inner = new LocalDlqStore(openDb(':memory:'));
    let writes = 0;
    const store: DlqStore = {
      record: (r) => {
        writes++;
        return inner.record(r);
      },
      list: (o) => inner.list(o),
      tally: (s, limit) => inner.tally(s, limit),
      markHandled: (...a) => {
        writes++;
        return inner.markHandled(...a);
      },
    };
    let posted: (() => void) | undefined;
    const chat: Chat = {
      post: async (m) => {
        posted?.();
        return { channel: m.channel, ts: `${Date.now()}.000000` };
      },
      update: async () => posted?.(),
      usergroupMembers: async () => [],
    };
    const config = loadConfig({}, { fileExists: () => false });
    let alertWrites = 0;
    const alertStore = new LocalAlertStore(openDb(':memory:'));
    const update = alertStore.update.bind(alertStore);
    alertStore.update = (fp, fn) => {
      alertWrites++;
      return update(fp, fn);
    };
    const alerts = new AlertService({
      config,
      clock: systemClock,
      log: silentLogger,
      store: alertStore,
      chat,
      channel: 'C1',
      instanceId: 'bench',
      views: alertViews,
    });
    const checkDeps = {
      config,
      clock: systemClock,
      completions: { getMany: async () => [], ping: async () => {} },
      schedule: { gamesOn: async () => new Map() },
    };
    const check = dlqCheck(store, { subscriptions: [sub], quietMinutes: 60 });
    const stop = streamAll(
      { store, clock: systemClock, subscriptions: [sub] },
      new PubSubDeadLetterSource(ps),
      (outcome) => {
        if (outcome === 'recorded') void runChecks([check], checkDeps).then((r) => alerts.process(r));
      },
      (err) => console.error(err),
    );
    const latencies: number[] = [];
    for (let i = 0; i < MESSAGES; i++) {
      const done = new Promise<void>((resolve) => {
        posted = resolve;
      });
      const t0 = performance.now();
      await dlqTopic.publishMessage({ json: { game_date: '2026-11-30', n: i } });
      await done;
      latencies.push(performance.now() - t0);
    }
    await stop();
    await ps.close();
    console.log(
      `\n## dlq: message on the DLQ subscription → alert posted/updated (${MESSAGES} messages, streaming pull, emulator)`,
    );
    console.log(
      `  p50 ${pct(latencies, 0.5).toFixed(0)} ms · p95 ${pct(latencies, 0.95).toFixed(0)} ms · max ${Math.max(...latencies).toFixed(0)} ms`,
    );
    console.log(
      `  store writes per message: ${(writes / MESSAGES).toFixed(1)} (dlq record) + ${(alertWrites / MESSAGES).toFixed(1)} (alert record)`,
    );
  } finally {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}
