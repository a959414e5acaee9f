/**
 * Growth: the cost of one alert tick as the number of open alerts grows 10 → 1,000, on the Firestore
 * emulator behind a counting proxy: Firestore RPCs (reads: RunQuery/BatchGetDocuments; writes: Commit),
 * Slack calls and CPU ms, for a tick where nothing changed. Baseline in the same run: the per-document
 * design (one transaction per open alert per tick, what the service did before `seenUnchanged`).
 */
import type { Firestore } from '@google-cloud/firestore';
import { FirestoreAlertStore } from '../src/adapters/firestore/alert-store.js';
import { createFirestore } from '../src/adapters/firestore/client.js';
import { FirestoreSilenceStore } from '../src/adapters/firestore/silence-store.js';
import { applyResult } from '../src/alerts/lifecycle.js';
import { AlertService } from '../src/alerts/service.js';
import { fingerprint } from '../src/checks/types.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/log.js';
import { alertViews } from '../src/views/alert-views.js';
import { freePort, startOnce, stop } from '../test/support/firestore-emulator.js';
import { startFirestoreProxy } from '../test/support/firestore-proxy.js';
import { FakeClock } from '../test/support/fixtures.js';
import { RecordingChat } from '../test/support/memory.js';
import { runChecksGrowth } from './growth-checks.js';
import { type Cost, measure, results, TICK_MS } from './growth-cost.js';
import { runDlqHandledGrowth } from './growth-dlq.js';
import { runDlqGrowth, runSilencesGrowth } from './growth-oncall.js';

/** Why: the range of open alerts. */
const SIZES = [10, 100, 1_000];
export async function runGrowthBench(): Promise<void> {
  const emulator = await startOnce(await freePort());
  const proxy = await startFirestoreProxy(emulator.host);
  const config = loadConfig({ ALERT_CHANNEL: 'C0ALERTS' }, { fileExists: () => false });
  const rows: { n: number; ours: Cost; perDoc: Cost }[] = [];
  try {
    for (const n of SIZES) {
      const db: Firestore = await createFirestore({
        projectId: `bench-growth-${n}`,
        emulatorHost: proxy.host,
      });
      const store = new FirestoreAlertStore(db);
      const chat = new RecordingChat();
      const clock = new FakeClock(new Date('2026-02-10T09:00:00Z'));
      const alerts = new AlertService({
        config,
        clock,
        log: silentLogger,
        store,
        chat,
        channel: 'C0ALERTS',
        instanceId: 'bench',
        views: alertViews,
        silences: new FirestoreSilenceStore(db),
      });
      const run = results(n);
      await alerts.process(run); // opens n alerts and posts them
      clock.advance(TICK_MS);
      await alerts.process(run); // warm-up
      clock.advance(TICK_MS);
      const ours = await measure(proxy.calls, chat, () => alerts.process(run));
      clock.advance(TICK_MS);
      const now = clock.now();
      const perDoc = await measure(proxy.calls, chat, async () => {
        await store.listActive();
        await Promise.all(run.map((r) => store.update(fingerprint(r), (cur) => applyResult(cur, r, now))));
      });
      rows.push({ n, ours, perDoc });
      await db.terminate();
    }
    printTable(rows);
    await runChecksGrowth(proxy.host, proxy.calls);
    await runSilencesGrowth(proxy.host, proxy.calls, config);
    await runDlqGrowth(proxy.host, proxy.calls, config);
    await runDlqHandledGrowth(proxy.host, proxy.calls);
  } finally {
    await proxy.close();
    await stop(emulator.child);
  }
}

function printTable(rows: { n: number; ours: Cost; perDoc: Cost }[]): void {
  const first = rows[0]!;
  const growth = (a: number, b: number) => (b === 0 ? (a === 0 ? '1×' : '∞') : `${(a / b).toFixed(1)}×`);
  console.log('\n## Growth: one alert tick where nothing changed, as open alerts grow (Firestore emulator)');
  console.log(
    '  open alerts | reads | writes | RPCs | Slack | CPU ms | per-document design: RPCs, writes, CPU ms',
  );
  for (const { n, ours, perDoc } of rows)
    console.log(
      `  ${String(n).padStart(11)} | ${String(ours.reads).padStart(5)} | ${String(ours.writes).padStart(6)} | ${String(ours.rpcs).padStart(4)} | ${String(ours.slack).padStart(5)} | ${ours.cpuMs.toFixed(0).padStart(6)} | ${perDoc.rpcs}, ${perDoc.writes}, ${perDoc.cpuMs.toFixed(0)}`,
    );
  const last = rows.at(-1)!;
  console.log(
    `  growth ×${last.n / first.n} alerts: reads ${growth(last.ours.reads, first.ours.reads)}, writes ${growth(last.ours.writes, first.ours.writes)}, CPU ${growth(last.ours.cpuMs, first.ours.cpuMs)} (per-document: RPCs ${growth(last.perDoc.rpcs, first.perDoc.rpcs)}, CPU ${growth(last.perDoc.cpuMs, first.perDoc.cpuMs)}); goal ≤ 200 ms CPU at 1,000`,
  );
}
