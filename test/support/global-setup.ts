/**
 * Vitest global setup: starts the official Firestore emulator (the Java jar shipped with the
 * Google Cloud SDK) once for the whole run and hands its `host:port` to tests through
 * `inject('firestoreEmulatorHost')`. Test files isolate themselves by project id
 * (see `test/support/firestore.ts`).
 *
 * Without Java or the jar, Firestore tests are skipped loudly — unless
 * `PIPELINE_REQUIRE_FIRESTORE_EMULATOR=1` (set by `.ci/run`), in which case the run fails.
 *
 * It also starts ZetaSQL's local service (see `zetasql-server.ts`) and hands its `host:port` through
 * `inject('zetasqlHost')`; the BigQuery test fake analyzes and evaluates every query there. Without the
 * test-only package (`npm ci --prefix test/zetasql`) the tests that query BigQuery are skipped loudly,
 * unless `PIPELINE_REQUIRE_ZETASQL=1` (set by `.ci/run`).
 *
 * The Pub/Sub emulator (SDK launcher script) starts the same way, side by side, and reaches tests
 * through `inject('pubsubEmulatorHost')`; `PIPELINE_REQUIRE_PUBSUB_EMULATOR=1` makes it required.
 */
import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { EMULATOR_JAR, freePort, killGroup, type Started, startOnce, stop } from './firestore-emulator.js';
import { startZetaSql, zetasqlBinary, zetasqlInstalled } from './zetasql-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `127.0.0.1:PORT` of the Firestore emulator, or null when it could not be started. */
    firestoreEmulatorHost: string | null;
    /** `127.0.0.1:PORT` of ZetaSQL's local service, or null when it is not installed. */
    zetasqlHost: string | null;
    /** `127.0.0.1:PORT` of the Pub/Sub emulator, or null when it could not be started. */
    pubsubEmulatorHost: string | null;
  }
}

/** Why: a busy machine sometimes loses the emulator's first start; a third failure is real. */
const START_ATTEMPTS = 3;

function loudWarning(lines: string[]): void {
  const width = Math.max(...lines.map((l) => l.length)) + 8;
  const bar = '!'.repeat(width);
  const body = lines.map((l) => `!!! ${l.padEnd(width - 8)} !!!`);
  console.warn(['', bar, ...body, bar, ''].join('\n'));
}

async function startFirestore(project: TestProject): Promise<() => Promise<void>> {
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

  const startedAt = performance.now();
  let started: Started | undefined;
  let lastError: unknown;
  for (let attempt = 1; attempt <= START_ATTEMPTS && !started; attempt++) {
    try {
      started = await startOnce(await freePort());
    } catch (err) {
      lastError = err;
      // `java` missing: retrying will not help.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') break;
    }
  }
  if (!started) {
    const e = lastError as NodeJS.ErrnoException | undefined;
    const reason = e?.code === 'ENOENT' ? '`java` not found on PATH' : String(e?.message ?? e);
    return unavailable(reason);
  }

  const { child, host } = started;
  const ms = Math.round(performance.now() - startedAt);
  console.log(`[firestore-emulator] ready on ${host} in ${ms} ms (pid ${child.pid})`);

  // Last resort if the runner dies without calling teardown: no orphan java.
  const onExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', onExit);

  project.provide('firestoreEmulatorHost', host);

  return async () => {
    process.removeListener('exit', onExit);
    await stop(child);
  };
}

/** Why this path: the SDK's Pub/Sub emulator launcher (a shell script running its jar), SPEC §10. */
export const PUBSUB_EMULATOR_BIN =
  '/usr/lib/google-cloud-sdk/platform/pubsub-emulator/bin/cloud-pubsub-emulator';

async function startPubsub(project: TestProject): Promise<() => Promise<void>> {
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
  let started: Started | undefined;
  let lastError: unknown;
  for (let attempt = 1; attempt <= START_ATTEMPTS && !started; attempt++) {
    try {
      const port = await freePort();
      started = await startOnce(port, {
        command: PUBSUB_EMULATOR_BIN,
        args: ['--host=127.0.0.1', `--port=${port}`],
      });
    } catch (err) {
      lastError = err;
    }
  }
  if (!started) return unavailable(String((lastError as Error | undefined)?.message ?? lastError));
  const { child, host } = started;
  console.log(`[pubsub-emulator] ready on ${host} (pid ${child.pid})`);
  const onExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', onExit);
  project.provide('pubsubEmulatorHost', host);
  return async () => {
    process.removeListener('exit', onExit);
    await stop(child);
  };
}

async function startZetaSqlService(project: TestProject): Promise<() => Promise<void>> {
  if (!zetasqlInstalled()) {
    const reason = `ZetaSQL server not installed: ${zetasqlBinary()} (run \`npm ci --prefix test/zetasql\`)`;
    if (process.env.PIPELINE_REQUIRE_ZETASQL === '1') {
      throw new Error(`PIPELINE_REQUIRE_ZETASQL=1 but ${reason}`);
    }
    loudWarning(['ZETASQL UNAVAILABLE — TESTS THAT QUERY BIGQUERY ARE BEING SKIPPED', reason]);
    project.provide('zetasqlHost', null);
    return async () => {};
  }
  const startedAt = performance.now();
  const server = await startZetaSql('127.0.0.1', await freePort());
  const ms = Math.round(performance.now() - startedAt);
  console.log(`[zetasql] ready on ${server.host} in ${ms} ms (pid ${server.child.pid})`);
  const onExit = () => killGroup(server.child, 'SIGKILL');
  process.once('exit', onExit);
  project.provide('zetasqlHost', server.host);
  return async () => {
    process.removeListener('exit', onExit);
    await stop(server.child);
  };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stopZetaSql = await startZetaSqlService(project);
  // Both emulators start side by side (each takes a few seconds of JVM start-up).
  const [firestore, pubsub] = await Promise.allSettled([startFirestore(project), startPubsub(project)]);
  const started = [firestore, pubsub].flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const teardowns = [stopZetaSql, ...started];
  const failed = [firestore, pubsub].find((r) => r.status === 'rejected');
  if (failed) {
    await Promise.all(teardowns.map((t) => t()));
    throw failed.reason;
  }
  return async () => {
    await Promise.all(teardowns.map((t) => t()));
  };
}
