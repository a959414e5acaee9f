/**
 * The Firestore emulator as a child process (the Java jar shipped with the Google Cloud SDK): start on a
 * port and wait until it answers, stop its whole process group. Used by the test setup and the benchmarks.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
export const EMULATOR_JAR =
  '/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar';
const EMULATOR_MAIN = 'com.google.cloud.datastore.emulator.firestore.CloudFirestore';
const HOST = '127.0.0.1';
const STARTUP_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;

export function freePort(): Promise<number> {
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
export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
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

export async function stop(child: ChildProcess): Promise<void> {
  if (exited(child)) return;
  killGroup(child, 'SIGTERM');
  if (await waitForExit(child, STOP_TIMEOUT_MS)) return;
  killGroup(child, 'SIGKILL');
  await waitForExit(child, STOP_TIMEOUT_MS);
}

export interface Started {
  child: ChildProcess;
  host: string;
}

/** How to launch an emulator (default: the Firestore emulator's jar). */
export interface Launch {
  command: string;
  args: string[];
}

/** Spawns the emulator on `port` and polls `GET /` until it answers 200. */
export async function startOnce(port: number, launch?: Launch): Promise<Started> {
  const { command, args } = launch ?? {
    command: 'java',
    args: ['-Duser.language=en', '-cp', EMULATOR_JAR, EMULATOR_MAIN, `--host=${HOST}`, `--port=${port}`],
  };
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
