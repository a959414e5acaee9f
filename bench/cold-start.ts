/**
 * Cold start: process start → `/healthz` answering, median of 5, with the GCP backend and Slack over HTTP
 * configured (Firestore pointed at a closed local port: start-up must not wait on any backend).
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../src/cli.js', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function once(env: Record<string, string>): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, 'start'], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error' },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      if (performance.now() - started > 15_000) throw new Error('not ready within 15 s');
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (res.status === 200) return performance.now() - started;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    child.kill('SIGKILL');
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function runColdStartBench(
  runs = 5,
): Promise<{ gcpMs: number; localMs: number; baselineNodeMs: number }> {
  const gcp = {
    GOOGLE_CLOUD_PROJECT: 'bench-project',
    FIRESTORE_EMULATOR_HOST: '127.0.0.1:9',
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: 'bench',
    SLACK_API_URL: 'http://127.0.0.1:9/api/',
    ALERT_CHANNEL: 'C0BENCH',
    METADATA_SERVER_DETECTION: 'none',
  };
  const gcpTimes: number[] = [];
  for (let i = 0; i < runs; i++) gcpTimes.push(await once(gcp));
  const localTimes: number[] = [];
  for (let i = 0; i < runs; i++)
    localTimes.push(await once({ DATA_DIR: `/tmp/pipeline-bot-bench-${process.pid}` }));
  // Baseline in the same run: a bare node process answering HTTP, i.e. the floor of any Node service here.
  const baseTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    const port = await freePort();
    const started = performance.now();
    const child = spawn(
      process.execPath,
      ['-e', `require('http').createServer((q,s)=>s.end('ok')).listen(${port},'127.0.0.1')`],
      { stdio: 'ignore' },
    );
    try {
      for (;;) {
        try {
          if ((await fetch(`http://127.0.0.1:${port}/`)).status === 200) break;
        } catch {}
        await new Promise((r) => setTimeout(r, 5));
      }
      baseTimes.push(performance.now() - started);
    } finally {
      child.kill('SIGKILL');
    }
  }
  const result = { gcpMs: median(gcpTimes), localMs: median(localTimes), baselineNodeMs: median(baseTimes) };
  console.log('\n## Cold start (process start → /healthz 200), median of', runs);
  console.log(
    `  gcp backend + Slack HTTP : ${result.gcpMs.toFixed(0)} ms   (target ≤ 1000 ms)  runs: ${gcpTimes.map((t) => t.toFixed(0)).join(', ')}`,
  );
  console.log(
    `  local backend            : ${result.localMs.toFixed(0)} ms   runs: ${localTimes.map((t) => t.toFixed(0)).join(', ')}`,
  );
  console.log(
    `  bare node http (floor)   : ${result.baselineNodeMs.toFixed(0)} ms   → gcp/floor ratio ${(result.gcpMs / result.baselineNodeMs).toFixed(1)}×`,
  );
  return result;
}
