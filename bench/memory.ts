/**
 * Memory: 7 simulated days in one process on the simulated clock (local backend, the seeded demo): the
 * checks tick every 5 minutes with alerts and their reminders, heal verification each tick, one heal and
 * the digest each day. RSS and heap after a forced GC, after day 1 (warm) and after day 7.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createBackend } from '../src/adapters/index.js';
import { loadConfig } from '../src/config.js';
import { runDailyDigest } from '../src/daily-digest.js';
import { silentLogger } from '../src/log.js';
import type { Chat } from '../src/ports.js';
import { createDeps } from '../src/service.js';
import { FakeClock } from '../test/support/fixtures.js';

/** Why: the run length, and the fast checks cadence used in production configs. */
const DAYS = 7;
const TICK_MS = 5 * 60_000;
/** Why: the goal for growth over the run. */
const GOAL_MB = 10;

/** A chat that only counts (keeping messages would make the bench itself grow). */
function countingChat(): Chat & { posts: number } {
  let seq = 0;
  const chat = {
    posts: 0,
    async post(m: { channel: string }) {
      chat.posts++;
      return { channel: m.channel, ts: `1700000000.${String(++seq).padStart(6, '0')}` };
    },
    async update() {},
    async usergroupMembers() {
      return [];
    },
  };
  return chat;
}

function gc(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

const mb = (bytes: number) => bytes / 1024 / 1024;

function sample(): { rss: number; heap: number; external: number } {
  gc();
  const m = process.memoryUsage();
  return { rss: mb(m.rss), heap: mb(m.heapUsed), external: mb(m.external) };
}

export async function runMemoryBench(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pipeline-bot-memory-bench-'));
  const clock = new FakeClock(new Date('2026-02-10T05:00:00Z'));
  const config = loadConfig({ DATA_DIR: dataDir, ALERT_CHANNEL: 'C0ALERTS' }, { fileExists: () => false });
  const backend = await createBackend(config, clock, silentLogger);
  const chat = countingChat();
  const deps = createDeps(config, clock, silentLogger, backend, { chat, instanceId: 'bench' });
  const started = performance.now();
  let ticks = 0;
  let warm = { rss: 0, heap: 0, external: 0 };
  const daily: { rss: number; heap: number }[] = [];
  try {
    for (let day = 0; day < DAYS; day++) {
      for (let t = 0; t < 86_400_000 / TICK_MS; t++) {
        clock.advance(TICK_MS);
        await deps.runScheduledChecks('cron');
        await deps.heal?.verifyDue();
        ticks++;
        if (t === 36) await runDailyDigest(deps, 'cron'); // 08:00 New York
        if (t === 48)
          await deps.heal?.heal({ transition: 'phase3', source: 'cli', requestedBy: 'bench', force: true });
      }
      const now = sample();
      daily.push(now);
      if (day === 0) warm = now;
    }
    const end = sample();
    console.log(
      `\n## Memory: ${DAYS} simulated days, ${ticks} ticks (every ${TICK_MS / 60_000} min), ${chat.posts} Slack posts, ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
    console.log(`  RSS at the end of each day: ${daily.map((d) => d.rss.toFixed(0)).join(', ')} MB`);
    console.log(`  heap at the end of each day: ${daily.map((d) => d.heap.toFixed(1)).join(', ')} MB`);
    console.log(
      `  after day 1: RSS ${warm.rss.toFixed(1)} MB, heap ${warm.heap.toFixed(1)} MB, external ${warm.external.toFixed(1)} MB`,
    );
    console.log(
      `  after day ${DAYS}: RSS ${end.rss.toFixed(1)} MB, heap ${end.heap.toFixed(1)} MB, external ${end.external.toFixed(1)} MB`,
    );
    console.log(
      `  growth: RSS ${(end.rss - warm.rss).toFixed(1)} MB, heap ${(end.heap - warm.heap).toFixed(1)} MB (goal ≤ ${GOAL_MB} MB)`,
    );
  } finally {
    await deps.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
