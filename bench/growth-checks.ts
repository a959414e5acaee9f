/**
 * Growth of the checks' share of a tick: transitions 5 → 50 and dates evaluated 7 → 30 (the state
 * checks' lookback), every check over one snapshot read from Firestore (through the counting proxy).
 */

import { createFirestore } from '../src/adapters/firestore/client.js';
import { FirestoreCompletionStore } from '../src/adapters/firestore/completion-store.js';
import { everyDateHasGames } from '../src/adapters/local/completion-store.js';
import { allChecks } from '../src/checks/index.js';
import { runChecks } from '../src/checks/runner.js';
import { loadConfig } from '../src/config.js';
import { FakeClock } from '../test/support/fixtures.js';

/** Why: the ranges — transitions 5 → 50, dates 7 → 30. */
const CASES = [
  { transitions: 5, dates: 7 },
  { transitions: 50, dates: 7 },
  { transitions: 5, dates: 30 },
  { transitions: 50, dates: 30 },
];
const READS = ['RunQuery', 'BatchGetDocuments'];

function pipelineYaml(transitions: number, dates: number): string {
  const lines = ['checks:', `  state_lookback_days: ${dates}`, 'transitions:'];
  for (let i = 0; i < transitions; i++)
    lines.push(
      `  t${i}:`,
      `    collection: phase${i}_completion`,
      '    expected_processors: [p1, p2, p3, p4, p5]',
      "    deadline: '10:00'",
      ...(i + 1 < transitions ? [`    next: t${i + 1}`] : []),
    );
  return lines.join('\n');
}

export async function runChecksGrowth(proxyHost: string, calls: string[]): Promise<void> {
  console.log('\n## Growth: one checks run (every check, one snapshot) as transitions and dates grow');
  console.log('  transitions | dates | documents | reads | RPCs | results | CPU ms (median of 5)');
  const rows: { docs: number; reads: number; cpu: number }[] = [];
  for (const { transitions, dates } of CASES) {
    const config = loadConfig(
      { PIPELINE_CONFIG: 'bench.yml', ALERT_CHANNEL: 'C0ALERTS' },
      { fileExists: () => true, readFile: () => pipelineYaml(transitions, dates) },
    );
    const db = await createFirestore({
      projectId: `bench-checks-${transitions}-${dates}`,
      emulatorHost: proxyHost,
    });
    const deps = {
      config,
      clock: new FakeClock(new Date('2026-02-10T16:00:00Z')),
      completions: new FirestoreCompletionStore(db),
      schedule: everyDateHasGames,
    };
    await runChecks(allChecks(), deps); // warm-up
    const cpus: number[] = [];
    let made: string[] = [];
    let results = 0;
    for (let i = 0; i < 5; i++) {
      const from = calls.length;
      const cpu = process.cpuUsage();
      results = (await runChecks(allChecks(), deps)).length;
      const used = process.cpuUsage(cpu);
      cpus.push((used.user + used.system) / 1000);
      made = calls.slice(from);
    }
    await db.terminate();
    const cpu = [...cpus].sort((a, b) => a - b)[2]!;
    const docs = transitions * Math.max(dates, config.checks.drift_lookback_days + 7);
    const reads = made.filter((m) => READS.includes(m)).length;
    rows.push({ docs, reads, cpu });
    console.log(
      `  ${String(transitions).padStart(11)} | ${String(dates).padStart(5)} | ${String(docs).padStart(9)} | ${String(reads).padStart(5)} | ${String(made.length).padStart(4)} | ${String(results).padStart(7)} | ${cpu.toFixed(0)} (${cpus.map((c) => c.toFixed(0)).join(', ')})`,
    );
  }
  const [first, last] = [rows[0]!, rows.at(-1)!];
  console.log(
    `  growth ×${(last.docs / first.docs).toFixed(1)} documents: reads ${(last.reads / first.reads).toFixed(1)}×, CPU ${(last.cpu / first.cpu).toFixed(1)}×`,
  );
}
