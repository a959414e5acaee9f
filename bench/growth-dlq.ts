/**
 * Growth of the `dlq` check's read as handled dead letters pile up on one subscription (0 → 1,000, 5
 * waiting), on the Firestore emulator behind the counting proxy: the check's tally against the read it
 * replaced (the newest 1,000 records), in the same run. Billed document reads are counted from what each
 * query returned, by Firestore's rules: a query is billed its documents, at least 1; a `count()` 1 per
 * 1,000 entries counted, at least 1.
 */
import { createFirestore } from '../src/adapters/firestore/client.js';
import { FirestoreDlqStore } from '../src/adapters/firestore/dlq-store.js';
import { loadConfig } from '../src/config.js';
import { READ_LIMIT } from '../src/dlq/check.js';
import { freePort, startOnce, stop } from '../test/support/firestore-emulator.js';
import { startFirestoreProxy } from '../test/support/firestore-proxy.js';
import { RecordingChat } from '../test/support/memory.js';
import { type Cost, measure } from './growth-cost.js';
import { deadLetter, runDlqGrowth, SUBSCRIPTION } from './growth-oncall.js';

/** Why: handled records piling up to the old read's bound (1,000), a few still waiting. */
const HANDLED = [0, 100, 1_000];
const WAITING = 5;
/** Why 1,000: Firestore bills an aggregation one read per 1,000 index entries it counts. */
const COUNTED_PER_READ = 1_000;

const billed = (docs: number) => Math.max(1, docs);

export async function runDlqHandledGrowth(proxyHost: string, calls: string[]): Promise<void> {
  const chat = new RecordingChat();
  console.log(
    "\n## Growth: the dlq check's read as handled dead letters pile up (one subscription, 5 waiting)",
  );
  console.log(
    '  handled | tally: billed reads | RPCs | CPU ms || old read (newest 1,000): billed reads | RPCs | CPU ms',
  );
  for (const n of HANDLED) {
    const db = await createFirestore({ projectId: `bench-growth-dlq-handled-${n}`, emulatorHost: proxyHost });
    const store = new FirestoreDlqStore(db);
    const now = new Date('2026-02-10T09:00:00Z');
    // Why in chunks: 1,000 creates at once would time the emulator, not the bot.
    for (let i = 0; i < n + WAITING; i += 50)
      await Promise.all(
        Array.from({ length: Math.min(50, n + WAITING - i) }, (_, k) => {
          const r = deadLetter(i + k, now);
          return store.record(
            i + k < WAITING ? r : { ...r, handled: 'replayed', handled_by: 'U1', handled_at: now },
          );
        }),
      );
    // Warm-up (the first query of a process pays for loading and JIT), then each read once, measured.
    await store.tally(SUBSCRIPTION.subscription, READ_LIMIT);
    await store.list({ subscription: SUBSCRIPTION.subscription, limit: READ_LIMIT });
    let tallyReads = 0;
    const tally = await measure(calls, chat, async () => {
      const t = await store.tally(SUBSCRIPTION.subscription, READ_LIMIT);
      tallyReads = billed(t.waiting.length) + 1 + billed(Math.ceil(t.handled / COUNTED_PER_READ));
    });
    let oldReads = 0;
    const old = await measure(calls, chat, async () => {
      oldReads = billed(
        (await store.list({ subscription: SUBSCRIPTION.subscription, limit: READ_LIMIT })).length,
      );
    });
    const cell = (reads: number, c: Cost) =>
      `${String(reads).padStart(5)} | ${String(c.rpcs).padStart(4)} | ${c.cpuMs.toFixed(0).padStart(6)}`;
    console.log(`  ${String(n).padStart(7)} | ${cell(tallyReads, tally)} || ${cell(oldReads, old)}`);
    await db.terminate();
  }
}

/** `npm run bench -- growth-dlq`: only the dead-letter growth benches, on their own emulator. */
export async function runDlqGrowthBench(): Promise<void> {
  const emulator = await startOnce(await freePort());
  const proxy = await startFirestoreProxy(emulator.host);
  try {
    await runDlqGrowth(
      proxy.host,
      proxy.calls,
      loadConfig({ ALERT_CHANNEL: 'C0ALERTS' }, { fileExists: () => false }),
    );
    await runDlqHandledGrowth(proxy.host, proxy.calls);
  } finally {
    await proxy.close();
    await stop(emulator.child);
  }
}
