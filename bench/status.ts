/**
 * `/pipeline status` answer time with 20 ms of latency injected per completion-store call: the batched read
 * (one getAll) versus one read per document, in the same run.
 */
import { LocalCompletionStore, LocalSchedule } from '../src/adapters/local/completion-store.js';
import { openDb } from '../src/adapters/local/db.js';
import { seedDemo } from '../src/adapters/local/demo.js';
import { buildStatus } from '../src/checks/status.js';
import { loadConfig } from '../src/config.js';
import type { CompletionStore, DocRef } from '../src/ports.js';
import { statusView } from '../src/views/status.js';

const LATENCY_MS = 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runStatusBench(
  iterations = 10,
): Promise<{ batchedMs: number; perDocMs: number; ratio: number }> {
  const config = loadConfig({}, { fileExists: () => false });
  const db = openDb(':memory:');
  const inner = new LocalCompletionStore(db);
  const schedule = new LocalSchedule(db);
  const now = new Date();
  await seedDemo(config, inner, schedule, now);
  let calls = 0;
  const batched: CompletionStore = {
    getMany: async (refs) => {
      calls++;
      await sleep(LATENCY_MS);
      return inner.getMany(refs);
    },
    ping: async () => {},
  };
  const perDoc: CompletionStore = {
    getMany: async (refs: DocRef[]) => {
      const out = [];
      for (const r of refs) {
        calls++;
        await sleep(LATENCY_MS);
        out.push(...(await inner.getMany([r])));
      }
      return out;
    },
    ping: async () => {},
  };
  const time = async (completions: CompletionStore) => {
    calls = 0;
    const t0 = performance.now();
    for (let i = 0; i < iterations; i++)
      statusView(await buildStatus({ config, completions, schedule }, now));
    return { ms: (performance.now() - t0) / iterations, calls: calls / iterations };
  };
  const b = await time(batched);
  const p = await time(perDoc);
  const ratio = p.ms / b.ms;
  console.log(`\n## /pipeline status with ${LATENCY_MS} ms per Firestore call (mean of ${iterations})`);
  console.log(`  batched getAll   : ${b.ms.toFixed(1)} ms  (${b.calls} store call)`);
  console.log(`  one read per doc : ${p.ms.toFixed(1)} ms  (${p.calls} store calls)`);
  console.log(`  ratio            : ${ratio.toFixed(1)}× faster batched`);
  db.close();
  return { batchedMs: b.ms, perDocMs: p.ms, ratio };
}
