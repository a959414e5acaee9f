/**
 * Burst: 20 signed Slack requests at once (slash commands `/pipeline status` and Acknowledge clicks)
 * against the real app (gcp backend on the Firestore emulator behind a proxy adding 20 ms per call,
 * Web API and response_url at the fake Slack), and the same burst against a stub Bolt app that only
 * acks, in the same run. Ack = HTTP 200 of the request; answer = the reply's arrival at response_url.
 * `PROFILE_DIR=dir` runs the app under `--cpu-prof` (see bench/profile.ts for the summary).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startFakeSlack } from '../test/support/fake-slack.js';
import { freePort, startOnce, stop } from '../test/support/firestore-emulator.js';
import { startFirestoreProxy } from '../test/support/firestore-proxy.js';
import { sendBlockAction, sendSlashCommand } from '../test/support/slack-requests.js';
import { median } from './cold-start.js';
import { summarizeProfiles } from './profile.js';

/** Why: the burst size and the per-call Firestore latency it asks for. */
const CONCURRENT = 20;
const FIRESTORE_LATENCY_MS = 20;
/** Why: enough rounds for a median and a spread on a shared 2-core machine, in well under a minute. */
const ROUNDS = 15;
const SECRET = 'bench-secret';
const CLI = fileURLToPath(new URL('../src/cli.js', import.meta.url));
const STUB = fileURLToPath(new URL('./stub-bolt.js', import.meta.url));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;

async function waitHttp(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: process exited (${child.exitCode})`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      await sleep(20);
    }
  }
  throw new Error(`${url} not answering within 20 s`);
}

async function exitWithin(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGINT');
  await Promise.race([exited, sleep(ms)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/** CPU ms a child process has used so far (utime + stime from /proc, in clock ticks of 10 ms). */
function cpuMs(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

interface Round {
  acks: number[];
  answers: number[];
}

/** One burst: half slash commands, half Acknowledge clicks on an alert that does not exist. */
async function burst(url: string, respondTo: (i: number) => string): Promise<{ acks: number[] }> {
  const sends = Array.from({ length: CONCURRENT }, (_, i) =>
    i % 2 === 0
      ? sendSlashCommand(url, SECRET, { text: 'status', responseUrl: respondTo(i) })
      : sendBlockAction(url, SECRET, {
          actionId: 'alert_acknowledge',
          value: JSON.stringify({ fp: `bench-${i}` }),
          responseUrl: respondTo(i),
        }),
  );
  const results = await Promise.all(sends);
  for (const r of results) if (r.status !== 200) throw new Error(`${url} answered ${r.status}: ${r.body}`);
  return { acks: results.map((r) => r.elapsedMs) };
}

/** Alternates bursts at the stub and at the bot, so the machine's load hits both alike. */
async function rounds(
  targets: { url: string; answered?: (round: string, started: number) => Promise<number[]> }[],
  responseUrl: (id: string) => string,
): Promise<Round[][]> {
  const out: Round[][] = targets.map(() => []);
  for (let r = -2; r < ROUNDS; r++) {
    for (const [t, { url, answered }] of targets.entries()) {
      const started = Date.now();
      const { acks } = await burst(url, (i) => responseUrl(`${t}.${r}-${i}`));
      const answers = answered ? await answered(`${t}.${r}`, started) : [];
      if (r >= 0) out[t]!.push({ acks, answers });
      await sleep(200);
    }
  }
  return out;
}

function report(name: string, rs: Round[]): { ackP99: number; answerP50: number } {
  const p99s = rs.map((r) => pct(r.acks, 99));
  const p50s = rs.map((r) => (r.answers.length ? pct(r.answers, 50) : Number.NaN));
  const spread = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;
  const ackP99 = median(p99s);
  const answerP50 = median(p50s);
  console.log(
    `  ${name.padEnd(26)}: ack p99 ${ackP99.toFixed(0)} ms (rounds ${spread(p99s)})` +
      (Number.isNaN(answerP50) ? '' : `   answer p50 ${answerP50.toFixed(0)} ms (rounds ${spread(p50s)})`),
  );
  return { ackP99, answerP50 };
}

export async function runBurstBench(): Promise<void> {
  const emulator = await startOnce(await freePort());
  const proxy = await startFirestoreProxy(emulator.host);
  proxy.setLatency(FIRESTORE_LATENCY_MS);
  const slack = await startFakeSlack();
  const children: ChildProcess[] = [];
  const profileDir = process.env.PROFILE_DIR;
  try {
    const appPort = await freePort();
    const app = spawn(
      process.execPath,
      [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), CLI, 'start'],
      {
        env: {
          ...process.env,
          GOOGLE_CLOUD_PROJECT: 'bench-burst',
          FIRESTORE_EMULATOR_HOST: proxy.host,
          BIGQUERY_EMULATOR_HOST: 'http://127.0.0.1:9',
          CLOUD_SCHEDULER_API_ENDPOINT: 'http://127.0.0.1:9',
          METADATA_SERVER_DETECTION: 'none',
          SLACK_BOT_TOKEN: 'xoxb-bench',
          SLACK_SIGNING_SECRET: SECRET,
          SLACK_API_URL: slack.apiUrl,
          SLACK_TEAM_ID: 'T0TEAM',
          ALERT_CHANNEL: 'C0ALERTS',
          PORT: String(appPort),
          HOST: '127.0.0.1',
          LOG_LEVEL: 'info',
        },
        stdio: 'ignore',
      },
    );
    children.push(app);
    await waitHttp(`http://127.0.0.1:${appPort}/healthz`, app);
    const stubPort = await freePort();
    const stub = spawn(process.execPath, [STUB, String(stubPort), SECRET], { stdio: 'ignore' });
    children.push(stub);
    await waitHttp(`http://127.0.0.1:${stubPort}/`, stub);
    await sleep(3_000); // the first scheduled tick runs right after start-up
    const answered = async (round: string, started: number) => {
      const ids = Array.from({ length: CONCURRENT }, (_, i) => `${round}-${i}`);
      await slack.waitFor((s) => ids.every((id) => s.responses.some((x) => x.id === id)), 20_000);
      return ids.map((id) => slack.responses(id)[0]!.at - started);
    };
    console.log(
      `\n## Burst: ${CONCURRENT} concurrent signed requests (½ /pipeline status, ½ Acknowledge clicks), ` +
        `${FIRESTORE_LATENCY_MS} ms per Firestore call; median over ${ROUNDS} rounds (spread = min–max)`,
    );
    const calls = proxy.calls.length;
    const cpu = { app: cpuMs(app.pid), stub: cpuMs(stub.pid) };
    const [stubRounds, appRounds] = await rounds(
      [
        { url: `http://127.0.0.1:${stubPort}/slack/events` },
        { url: `http://127.0.0.1:${appPort}/slack/events`, answered },
      ],
      slack.responseUrl,
    );
    const requests = (ROUNDS + 2) * CONCURRENT;
    const perRequest = (proxy.calls.length - calls) / requests;
    const appCpu = (cpuMs(app.pid) - cpu.app) / requests;
    const stubCpu = (cpuMs(stub.pid) - cpu.stub) / requests;
    const base = report('stub Bolt app (ack only)', stubRounds!);
    const ours = report('pipeline-bot', appRounds!);
    console.log(`  Firestore calls per request: ${perRequest.toFixed(1)} (each +${FIRESTORE_LATENCY_MS} ms)`);
    console.log(
      `  CPU per request           : pipeline-bot ${appCpu.toFixed(1)} ms (ack + answer), stub ${stubCpu.toFixed(1)} ms (ack) → ${CONCURRENT} requests ≈ ${(appCpu * CONCURRENT).toFixed(0)} ms of one core`,
    );
    console.log(
      `  ack p99 ratio             : ${(ours.ackP99 / base.ackP99).toFixed(2)}× the stub's (goal ≤ 1.5×); answer p50 goal ≤ 300 ms`,
    );
  } finally {
    // A graceful stop, so that `--cpu-prof` writes its profile; killed if it takes longer than 12 s.
    await Promise.all(children.map((c) => exitWithin(c, 12_000)));
    await slack.close();
    await proxy.close();
    await stop(emulator.child);
  }
  if (profileDir) summarizeProfiles(profileDir);
}
