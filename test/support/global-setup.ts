/**
 * Vitest global setup: starts the official Firestore emulator (the Java jar shipped with the
 * Google Cloud SDK) once for the whole run and hands its `host:port` to tests through
 * `inject('firestoreEmulatorHost')`. Test files isolate themselves by project id
 * (see `test/support/firestore.ts`).
 *
 * Without Java or the jar, Firestore tests are skipped loudly — unless
 * `PIPELINE_REQUIRE_FIRESTORE_EMULATOR=1` (set by `.ci/run`), in which case the run fails.
 * The Pub/Sub emulator (SDK launcher script) starts the same way, side by side, and reaches tests
 * through `inject('pubsubEmulatorHost')`; `PIPELINE_REQUIRE_PUBSUB_EMULATOR=1` makes it required.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `127.0.0.1:PORT` of the Firestore emulator, or null when it could not be started. */
    firestoreEmulatorHost: string | null;
    /** `127.0.0.1:PORT` of the Pub/Sub emulator, or null when it could not be started. */
    pubsubEmulatorHost: string | null;
  }
}

export const EMULATOR_JAR =
  '/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar';
const EMULATOR_MAIN = 'com.google.cloud.datastore.emulator.firestore.CloudFirestore';
/** Why this path: the SDK's Pub/Sub emulator launcher (a shell script running its jar), SPEC §10. */
export const PUBSUB_EMULATOR_BIN =
  '/usr/lib/google-cloud-sdk/platform/pubsub-emulator/bin/cloud-pubsub-emulator';
const HOST = '127.0.0.1';
const STARTUP_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
const START_ATTEMPTS = 3;

function loudWarning(lines: string[]): void {
  const width = Math.max(...lines.map((l) => l.length)) + 8;
  const bar = '!'.repeat(width);
  const body = lines.map((l) => `!!! ${l.padEnd(width - 8)} !!!`);
  console.warn(['', bar, ...body, bar, ''].join('\n'));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('could not allocate a port'))));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends `signal` to the emulator's whole process group (it was spawned detached). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves true if `child` exited within `ms`; the timer never outlives the wait. */
function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.removeListener('exit', onExit);
      resolve(false);
    }, ms);
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (exited(child)) return;
  killGroup(child, 'SIGTERM');
  if (await waitForExit(child, STOP_TIMEOUT_MS)) return;
  killGroup(child, 'SIGKILL');
  await waitForExit(child, STOP_TIMEOUT_MS);
}

interface Started {
  child: ChildProcess;
  host: string;
}

/** How to launch one emulator on a port. */
type Launch = (port: number) => { command: string; args: string[] };

const firestoreLaunch: Launch = (port) => ({
  command: 'java',
  args: ['-Duser.language=en', '-cp', EMULATOR_JAR, EMULATOR_MAIN, `--host=${HOST}`, `--port=${port}`],
});
const pubsubLaunch: Launch = (port) => ({
  command: PUBSUB_EMULATOR_BIN,
  args: [`--host=${HOST}`, `--port=${port}`],
});

/** Spawns the emulator on `port` and polls `GET /` until it answers 200. */
async function startOnce(launch: Launch, port: number): Promise<Started> {
  const { command, args } = launch(port);
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  // Keep the tail of the output for error messages; never echo it into the test report.
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let spawnError: Error | undefined;
  child.once('error', (err) => {
    spawnError = err;
  });

  const host = `${HOST}:${port}`;
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (spawnError) throw spawnError;
    if (exited(child)) {
      throw new Error(`emulator exited (code ${child.exitCode}, signal ${child.signalCode}):\n${output}`);
    }
    try {
      const res = await fetch(`http://${host}/`, { signal: AbortSignal.timeout(1_000) });
      if (res.status === 200) {
        // The pipes are no longer needed; stop them from keeping the event loop busy.
        child.stdout?.removeListener('data', collect).resume();
        child.stderr?.removeListener('data', collect).resume();
        return { child, host };
      }
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  await stop(child);
  throw new Error(`emulator did not answer on http://${host}/ within ${STARTUP_TIMEOUT_MS} ms:\n${output}`);
}

/** Starts one emulator (a few attempts on fresh ports); the error of the last attempt when none started. */
async function startEmulator(launch: Launch): Promise<Started | { error: string }> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    try {
      return await startOnce(launch, await freePort());
    } catch (err) {
      lastError = err;
      // `java` missing: retrying will not help.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') break;
    }
  }
  const e = lastError as NodeJS.ErrnoException | undefined;
  return { error: e?.code === 'ENOENT' ? '`java` not found on PATH' : String(e?.message ?? e) };
}

/** Starts the Firestore emulator; provides its host (or null, loudly); returns its teardown. */
async function setupFirestore(project: TestProject): Promise<() => Promise<void>> {
  const required = process.env.PIPELINE_REQUIRE_FIRESTORE_EMULATOR === '1';

  // The Firestore library lets FIRESTORE_EMULATOR_HOST override explicit settings; a value left in
  // the developer's shell would silently point every test client at another emulator.
  if (process.env.FIRESTORE_EMULATOR_HOST) {
    console.warn(
      `[firestore-emulator] ignoring FIRESTORE_EMULATOR_HOST=${process.env.FIRESTORE_EMULATOR_HOST}`,
    );
    delete process.env.FIRESTORE_EMULATOR_HOST;
  }

  const unavailable = (reason: string): (() => Promise<void>) => {
    if (required) {
      throw new Error(
        `PIPELINE_REQUIRE_FIRESTORE_EMULATOR=1 but the Firestore emulator is unavailable: ${reason}`,
      );
    }
    loudWarning([
      'FIRESTORE EMULATOR UNAVAILABLE — FIRESTORE TESTS ARE BEING SKIPPED',
      reason.split('\n')[0]!.slice(0, 160),
      `Needs \`java\` on PATH and ${EMULATOR_JAR}`,
    ]);
    project.provide('firestoreEmulatorHost', null);
    return async () => {};
  };

  if (!existsSync(EMULATOR_JAR)) return unavailable(`emulator jar not found: ${EMULATOR_JAR}`);
  return provideStarted(project, 'firestore', await startEmulator(firestoreLaunch), unavailable);
}

/** Starts the Pub/Sub emulator; provides its host (or null, loudly); returns its teardown. */
async function setupPubsub(project: TestProject): Promise<() => Promise<void>> {
  const required = process.env.PIPELINE_REQUIRE_PUBSUB_EMULATOR === '1';
  // Same reason as FIRESTORE_EMULATOR_HOST: a value from the shell would redirect test clients.
  delete process.env.PUBSUB_EMULATOR_HOST;
  const unavailable = (reason: string): (() => Promise<void>) => {
    if (required) {
      throw new Error(
        `PIPELINE_REQUIRE_PUBSUB_EMULATOR=1 but the Pub/Sub emulator is unavailable: ${reason}`,
      );
    }
    loudWarning([
      'PUB/SUB EMULATOR UNAVAILABLE — PUB/SUB TESTS ARE BEING SKIPPED',
      reason.split('\n')[0]!.slice(0, 160),
      `Needs \`java\` on PATH and ${PUBSUB_EMULATOR_BIN}`,
    ]);
    project.provide('pubsubEmulatorHost', null);
    return async () => {};
  };
  if (!existsSync(PUBSUB_EMULATOR_BIN)) return unavailable(`emulator not found: ${PUBSUB_EMULATOR_BIN}`);
  return provideStarted(project, 'pubsub', await startEmulator(pubsubLaunch), unavailable);
}

function provideStarted(
  project: TestProject,
  name: 'firestore' | 'pubsub',
  started: Started | { error: string },
  unavailable: (reason: string) => () => Promise<void>,
): () => Promise<void> {
  if ('error' in started) return unavailable(started.error);
  const { child, host } = started;
  console.log(`[${name}-emulator] ready on ${host} (pid ${child.pid})`);
  // Last resort if the runner dies without calling teardown: no orphan java.
  const onExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', onExit);
  project.provide(name === 'firestore' ? 'firestoreEmulatorHost' : 'pubsubEmulatorHost', host);
  return async () => {
    process.removeListener('exit', onExit);
    await stop(child);
  };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Both emulators start side by side (each takes a few seconds of JVM start-up).
  const [firestore, pubsub] = await Promise.allSettled([setupFirestore(project), setupPubsub(project)]);
  const teardowns = [firestore, pubsub].flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = [firestore, pubsub].find((r) => r.status === 'rejected');
  if (failed) {
    await Promise.all(teardowns.map((t) => t()));
    throw failed.reason;
  }
  return async () => {
    await Promise.all(teardowns.map((t) => t()));
  };
}
