/**
 * The production-only install, as the container image has it: a copy of the repository's package files
 * installed with the Dockerfile's own runtime `npm ci` command (no dev dependencies, no optional ones, so
 * no native SQLite module), plus the built `dist/src` and the launcher `bin/`. The real process (`node bin/pipeline-bot.js start`)
 * runs in gcp mode against the Firestore emulator and a fake BigQuery:
 * - it starts and answers `/healthz`, with nothing from devDependencies or better-sqlite3 present;
 * - every line it logs is Cloud Logging JSON with `severity` and `message`;
 * - SIGTERM in the middle of a tick lets the tick finish (its history written, the run recorded, the
 *   lease released) and the process exits 0.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runtimeInstallArgs } from '../../bench/dockerfile.js';
import { type FakeBigQuery, startFakeBigQuery } from '../support/fake-bigquery.js';
import { describeFirestore, firestoreTestEnv } from '../support/firestore.js';
import { type GateProxy, startGateProxy } from '../support/gate-proxy.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const fs = firestoreTestEnv();
/** Why generous: a clean CI clone compiles dist/ (about 15 s here) before the install (about 10 s). */
const SETUP_TIMEOUT_MS = 240_000;

interface Bot {
  child: ChildProcess;
  lines: Record<string, unknown>[];
  raw: string[];
  exited: Promise<number | null>;
  /** Resolves with the first logged entry whose message is `message`. */
  logged(message: string): Promise<Record<string, unknown>>;
}

function startBot(dir: string, env: Record<string, string>): Bot {
  const child = spawn(process.execPath, ['bin/pipeline-bot.js', 'start'], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      METADATA_SERVER_DETECTION: 'none',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const waiters: { message: string; resolve: (e: Record<string, unknown>) => void }[] = [];
  let buffered = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    for (const line of parts) {
      raw.push(line);
      let entry: Record<string, unknown> = {};
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        // kept in `raw`; the test asserts every line is JSON
      }
      lines.push(entry);
      for (const w of waiters.filter((w) => w.message === entry.message)) w.resolve(entry);
    }
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return {
    child,
    lines,
    raw,
    exited,
    logged: (message) =>
      new Promise((resolve, reject) => {
        const seen = lines.find((e) => e.message === message);
        if (seen) return resolve(seen);
        waiters.push({ message, resolve });
        void exited.then((code) =>
          reject(new Error(`exited (${code}) before logging "${message}":\n${raw.join('\n')}`)),
        );
      }),
  };
}

describeFirestore('production-only install (npm ci --omit=dev --omit=optional) in gcp mode', () => {
  let dir: string;
  let bigquery: FakeBigQuery;
  let gate: GateProxy;
  const bots: Bot[] = [];

  beforeAll(async () => {
    // What `npm start` runs first: compiles dist/ unless it is up to date.
    await run(process.execPath, [join(ROOT, 'bin/build-if-stale.js')], { cwd: ROOT });
    dir = mkdtempSync(join(tmpdir(), 'pipeline-bot-prod-'));
    for (const f of ['package.json', 'package-lock.json']) cpSync(join(ROOT, f), join(dir, f));
    cpSync(join(ROOT, 'dist/src'), join(dir, 'dist/src'), { recursive: true });
    cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
    const args = runtimeInstallArgs(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
    // Offline from the npm cache when it has everything (CI ran `npm ci` just before).
    await run('npm', [...args, '--prefer-offline'], { cwd: dir });
    bigquery = await startFakeBigQuery();
    // Holds the check history write (inside a tick, under the lease) until the test opens the gate.
    gate = await startGateProxy(
      bigquery.url,
      (method, path) => method === 'POST' && path.includes('validation_runs'),
    );
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    for (const bot of bots) bot.child.kill('SIGKILL');
    await gate?.close();
    await bigquery?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const gcpEnv = () => ({
    GOOGLE_CLOUD_PROJECT: fs!.projectId,
    FIRESTORE_EMULATOR_HOST: fs!.host,
    BIGQUERY_EMULATOR_HOST: gate.url,
    CLOUD_SCHEDULER_API_ENDPOINT: 'http://127.0.0.1:9',
  });

  it('has no dev dependency and no native module installed', () => {
    const modules = join(dir, 'node_modules');
    expect(existsSync(join(modules, '@google-cloud/firestore'))).toBe(true);
    for (const absent of [
      'better-sqlite3',
      'bindings',
      'prebuild-install',
      'typescript',
      'vitest',
      '@biomejs/biome',
    ]) {
      expect(existsSync(join(modules, absent)), absent).toBe(false);
    }
  });

  it('starts in gcp mode, answers /healthz, logs only Cloud Logging JSON; SIGTERM mid-tick finishes the tick and exits 0', async () => {
    const bot = startBot(dir, gcpEnv());
    bots.push(bot);
    const ready = await bot.logged('pipeline-bot ready');
    expect(ready).toMatchObject({ severity: 'INFO', backend: 'gcp' });
    const health = await fetch(`${String(ready.url)}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });

    // The first tick is now writing its check history (held at the gate), under the checks lease.
    await gate.held();
    const lease = fs!.client().collection('pipeline_bot_leases').doc('checks');
    expect((await lease.get()).exists).toBe(true);

    bot.child.kill('SIGTERM');
    await bot.logged('shutting down: no new requests; finishing in-flight work');
    gate.open();
    expect(await bot.exited).toBe(0);

    expect(await bot.logged('stopped')).toMatchObject({ severity: 'INFO', clean: true });
    expect(bigquery.inserts().some((i) => i.table.includes('validation_runs'))).toBe(true);
    const run = await fs!.client().collection('pipeline_bot_runs').doc('checks').get();
    expect(run.exists).toBe(true);
    expect((await lease.get()).exists).toBe(false);

    // ready, shutting down, stopped at least; anything else the run logs must be Cloud Logging JSON too.
    expect(bot.lines.map((e) => e.message)).toEqual(
      expect.arrayContaining([
        'pipeline-bot ready',
        'shutting down: no new requests; finishing in-flight work',
        'stopped',
      ]),
    );
    for (const [i, entry] of bot.lines.entries()) {
      expect(entry, bot.raw[i]).toMatchObject({
        severity: expect.stringMatching(/^(DEBUG|INFO|WARNING|ERROR|CRITICAL)$/),
      });
      expect(typeof entry.message, bot.raw[i]).toBe('string');
      expect(entry, bot.raw[i]).not.toHaveProperty('level');
    }
  });
});
