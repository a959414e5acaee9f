/**
 * Spawns ZetaSQL's local-service gRPC server (Google's GoogleSQL analyzer and reference evaluator, shipped
 * as a Linux/macOS binary by the test-only package in `test/zetasql/`) on a free loopback port. Used by the
 * vitest global setup; the BigQuery test fake sends every query to it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';

/** Where `npm ci --prefix test/zetasql` puts the package. */
export const ZETASQL_PACKAGE = fileURLToPath(
  new URL('../zetasql/node_modules/@fivetrandevelopers/zetasql/lib/zetasql/', import.meta.url),
);
/** Why: the protos of the service travel with the binary, so the client always matches the server. */
export const ZETASQL_PROTOS = `${ZETASQL_PACKAGE}protos`;
/** Why: the binary loads ~90 MB and builds its function catalog before it listens. */
const STARTUP_TIMEOUT_MS = 30_000;

/** The binary for this platform, named as the package ships them. */
export function zetasqlBinary(): string {
  const arm = process.arch === 'arm64' ? '_arm' : '';
  const linux = process.platform === 'darwin' ? '' : '.so';
  return `${ZETASQL_PACKAGE}remote_server${arm}${linux}`;
}

export function zetasqlInstalled(): boolean {
  return existsSync(zetasqlBinary());
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface ZetaSqlServer {
  child: ChildProcess;
  host: string;
}

/** Starts the server on `host:port` and waits until it accepts connections. */
export async function startZetaSql(host: string, port: number): Promise<ZetaSqlServer> {
  const child = spawn(zetasqlBinary(), [host, String(port)], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (spawnError) throw spawnError;
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `ZetaSQL server exited (code ${child.exitCode}, signal ${child.signalCode}):\n${output}`,
      );
    }
    if (await listening(host, port)) {
      child.stdout?.removeListener('data', collect).resume();
      child.stderr?.removeListener('data', collect).resume();
      return { child, host: `${host}:${port}` };
    }
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(
    `ZetaSQL server did not listen on ${host}:${port} within ${STARTUP_TIMEOUT_MS} ms:\n${output}`,
  );
}
