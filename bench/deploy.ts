/**
 * `npm run bench -- deploy`: what a deployment costs.
 * - The production-only install (the Dockerfile's runtime `npm ci`, from the npm cache) of a copy with
 *   the built dist/src, then its cold start (`node bin/pipeline-bot.js start`, gcp backend, Slack over HTTP)
 *   to /healthz, median of 5, against a bare node HTTP server measured in the same run.
 * - `npm start` in a fresh copy of the repository: the first time (compiles dist/) and again (dist/ up to
 *   date: no compile), each to /healthz, in local mode.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bareNodeTimes, freePort, GCP_BENCH_ENV, median, once } from './cold-start.js';
import { runtimeInstallArgs } from './dockerfile.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ms = (xs: number[]) => xs.map((t) => t.toFixed(0)).join(', ');

/** Runs `cmd args` in `cwd`; resolves with the wall time, rejects on a non-zero exit. */
function timed(cmd: string, args: string[], cwd: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve(performance.now() - started)
        : reject(new Error(`${cmd} ${args.join(' ')}: exit ${code}`)),
    );
  });
}

/** `npm start` in `dir` → /healthz 200 (local mode), then the whole process group is stopped. */
async function npmStart(dir: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn('npm', ['start'], {
    cwd: dir,
    detached: true,
    stdio: 'ignore',
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      DATA_DIR: join(dir, '.data'),
    },
  });
  try {
    for (;;) {
      if (performance.now() - started > 120_000) throw new Error('npm start: not ready within 120 s');
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200)
          return performance.now() - started;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    process.kill(-child.pid!, 'SIGKILL');
  }
}

export async function runDeployBench(runs = 5): Promise<Record<string, number>> {
  const prod = mkdtempSync(join(tmpdir(), 'pipeline-bot-bench-prod-'));
  const repo = mkdtempSync(join(tmpdir(), 'pipeline-bot-bench-start-'));
  try {
    for (const f of ['package.json', 'package-lock.json']) cpSync(join(ROOT, f), join(prod, f));
    cpSync(join(ROOT, 'dist/src'), join(prod, 'dist/src'), { recursive: true });
    cpSync(join(ROOT, 'bin'), join(prod, 'bin'), { recursive: true });
    const args = runtimeInstallArgs(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
    const installMs = await timed('npm', [...args, '--prefer-offline'], prod);
    const cli = join(prod, 'bin/pipeline-bot.js');
    const prodTimes: number[] = [];
    for (let i = 0; i < runs; i++) prodTimes.push((await once(GCP_BENCH_ENV, cli)).healthz);
    const baseTimes = await bareNodeTimes(runs);

    for (const f of [
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'tsconfig.build.json',
      'src',
      'bench',
      'bin',
    ]) {
      cpSync(join(ROOT, f), join(repo, f), { recursive: true });
    }
    symlinkSync(join(ROOT, 'node_modules'), join(repo, 'node_modules'));
    const firstStart = await npmStart(repo);
    const again: number[] = [];
    for (let i = 0; i < 3; i++) again.push(await npmStart(repo));

    const result = {
      prodInstallMs: installMs,
      prodColdStartMs: median(prodTimes),
      baselineNodeMs: median(baseTimes),
      npmStartFirstMs: firstStart,
      npmStartAgainMs: median(again),
    };
    console.log('\n## Deploy: production-only install and start-up');
    console.log(`  npm ${args.join(' ')} --prefer-offline : ${(installMs / 1000).toFixed(1)} s`);
    console.log(
      `  cold start, production install (gcp + Slack HTTP) → /healthz : ${result.prodColdStartMs.toFixed(0)} ms (median of ${runs}; runs: ${ms(prodTimes)})`,
    );
    console.log(
      `  bare node http (floor)        : ${result.baselineNodeMs.toFixed(0)} ms   → ratio ${(result.prodColdStartMs / result.baselineNodeMs).toFixed(1)}×`,
    );
    console.log(`  npm start, first time (compiles dist/) → /healthz : ${(firstStart / 1000).toFixed(1)} s`);
    console.log(
      `  npm start, dist/ up to date → /healthz : ${result.npmStartAgainMs.toFixed(0)} ms (median of 3; runs: ${ms(again)}; target ≤ 2000 ms)`,
    );
    return result;
  } finally {
    rmSync(prod, { recursive: true, force: true });
    rmSync(repo, { recursive: true, force: true });
  }
}
