/**
 * CLI start-up: `help` and `status` (local mode, a seeded temp data dir) against a bare `node -e 0`,
 * interleaved in one run so that the machine's load hits all three alike. Median of the runs, min–max.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './cold-start.js';

const CLI = fileURLToPath(new URL('../src/cli.js', import.meta.url));
/** Why: the issue's goal — `help` and `status` within 3× of a bare node start, measured side by side. */
const GOAL_RATIO = 3;

function time(args: string[], env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { env, stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}`);
  return performance.now() - started;
}

export async function runCliBench(runs = 11): Promise<Record<string, number>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pipeline-bot-cli-bench-'));
  const env = { PATH: process.env.PATH, DATA_DIR: dataDir, LOG_LEVEL: 'error' };
  const cases: Record<string, string[]> = {
    'node -e 0': ['-e', '0'],
    help: [CLI, 'help'],
    'status (local)': [CLI, 'status'],
  };
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  try {
    time(cases['status (local)']!, env); // seeds the demo data once, outside the measurement
    for (let i = 0; i < runs; i++)
      for (const [name, args] of Object.entries(cases)) times[name]!.push(time(args, env));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const base = median(times['node -e 0']!);
  console.log(`\n## CLI start-up, median of ${runs} interleaved runs (min–max)`);
  const result: Record<string, number> = {};
  for (const [name, xs] of Object.entries(times)) {
    result[name] = median(xs);
    const ratio = median(xs) / base;
    console.log(
      `  ${name.padEnd(15)}: ${median(xs).toFixed(0).padStart(5)} ms (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})  ${ratio.toFixed(2)}× bare node${name === 'node -e 0' ? '' : `  (goal ≤ ${GOAL_RATIO}×)`}`,
    );
  }
  return result;
}
