/**
 * Cold start: process start → `/healthz` answering, median of 5, with the GCP backend and Slack over HTTP
 * configured (Firestore pointed at a closed local port: start-up must not wait on any backend).
 */
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The launcher, as `npm start` and the container run it (from dist/bench: the repository's bin/). */
const CLI = fileURLToPath(new URL('../../bin/pipeline-bot.js', import.meta.url));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** A signed `/pipeline help`, as Slack sends it (the ack is the HTTP 200). */
function signedHelp(secret: string): { body: string; headers: Record<string, string> } {
  const body = new URLSearchParams({
    command: '/pipeline',
    text: 'help',
    team_id: 'T0BENCH',
    user_id: 'U0BENCH',
    channel_id: 'C0BENCH',
    response_url: 'http://127.0.0.1:9/respond',
    trigger_id: '1.2.3',
  }).toString();
  const ts = Math.floor(Date.now() / 1000);
  const sig = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  return {
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-signature': sig,
      'x-slack-request-timestamp': String(ts),
    },
  };
}

/** Process start → /healthz 200, and (with Slack) → the first signed slash command acknowledged. */
export async function once(
  env: Record<string, string>,
  cli = CLI,
): Promise<{ healthz: number; ack?: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [cli, 'start'], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error' },
    stdio: 'ignore',
  });
  try {
    let healthz: number | undefined;
    for (;;) {
      if (performance.now() - started > 15_000) throw new Error('not ready within 15 s');
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (res.status === 200) {
          healthz = performance.now() - started;
          break;
        }
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    if (!env.SLACK_SIGNING_SECRET) return { healthz };
    const { body, headers } = signedHelp(env.SLACK_SIGNING_SECRET);
    const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body, headers });
    if (res.status !== 200) throw new Error(`slash command answered ${res.status}`);
    return { healthz, ack: performance.now() - started };
  } finally {
    child.kill('SIGKILL');
  }
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function runColdStartBench(runs = 5): Promise<Record<string, number>> {
  const gcp = GCP_BENCH_ENV;
  const gcpRuns: { healthz: number; ack?: number }[] = [];
  for (let i = 0; i < runs; i++) gcpRuns.push(await once(gcp));
  const gcpTimes = gcpRuns.map((r) => r.healthz);
  const ackTimes = gcpRuns.map((r) => r.ack ?? Number.NaN);
  const localTimes: number[] = [];
  for (let i = 0; i < runs; i++)
    localTimes.push((await once({ DATA_DIR: `/tmp/pipeline-bot-bench-${process.pid}` })).healthz);
  const baseTimes = await bareNodeTimes(runs);
  const result = {
    gcpMs: median(gcpTimes),
    gcpAckMs: median(ackTimes),
    localMs: median(localTimes),
    baselineNodeMs: median(baseTimes),
  };
  console.log('\n## Cold start (process start → /healthz 200), median of', runs);
  console.log(
    `  gcp backend + Slack HTTP : ${result.gcpMs.toFixed(0)} ms   (target ≤ 1000 ms)  runs: ${gcpTimes.map((t) => t.toFixed(0)).join(', ')}`,
  );
  console.log(
    `  → first /pipeline acked  : ${result.gcpAckMs.toFixed(0)} ms   (a signed slash command, answered by Bolt)  runs: ${ackTimes.map((t) => t.toFixed(0)).join(', ')}`,
  );
  console.log(
    `  local backend            : ${result.localMs.toFixed(0)} ms   runs: ${localTimes.map((t) => t.toFixed(0)).join(', ')}`,
  );
  console.log(
    `  bare node http (floor)   : ${result.baselineNodeMs.toFixed(0)} ms   → gcp/floor ratio ${(result.gcpMs / result.baselineNodeMs).toFixed(1)}×`,
  );
  return result;
}

/** Baseline in the same run: a bare node process answering HTTP, i.e. the floor of any Node service here. */
export async function bareNodeTimes(runs: number): Promise<number[]> {
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
  return baseTimes;
}

/** The gcp backend and Slack over HTTP, every Google and Slack endpoint a closed local port. */
export const GCP_BENCH_ENV = {
  GOOGLE_CLOUD_PROJECT: 'bench-project',
  FIRESTORE_EMULATOR_HOST: '127.0.0.1:9',
  SLACK_BOT_TOKEN: 'xoxb-bench',
  SLACK_SIGNING_SECRET: 'bench',
  SLACK_API_URL: 'http://127.0.0.1:9/api/',
  ALERT_CHANNEL: 'C0BENCH',
  BIGQUERY_EMULATOR_HOST: 'http://127.0.0.1:9',
  CLOUD_SCHEDULER_API_ENDPOINT: 'http://127.0.0.1:9',
  METADATA_SERVER_DETECTION: 'none',
};
