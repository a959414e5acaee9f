/**
 * Graceful shutdown (Cloud Run sends SIGTERM, then SIGKILL 10 s later): stop accepting, let in-flight
 * requests, Slack listener runs, a running tick or digest and the heal export finish, release the
 * leases still held, close the backends — all within the grace period.
 */
import type { Server } from 'node:http';
import type { App } from '@slack/bolt';
import type { HeldLeases } from './alerts/held-leases.js';
import type { Deps } from './deps.js';
import type { ScheduledJob } from './scheduler.js';
import { DeadlineError, withDeadline } from './util/deadline.js';
import type { InFlight } from './util/in-flight.js';

/** Why 8 s: Cloud Run kills the container 10 s after SIGTERM; this leaves time to release and close. */
export const SHUTDOWN_GRACE_MS = 8000;
/** Why 1.5 s: releasing leases and closing clients is a few round trips; never let it eat the kill margin. */
const CLOSE_TIMEOUT_MS = 1500;

export interface ShutdownParts {
  server: Server;
  inFlight: InFlight;
  jobs: ScheduledJob[];
  slack?: App;
  socket: boolean;
  leases: HeldLeases;
  deps: Deps;
  graceMs?: number;
  /** Stops long-lived pulls (the dead-letter stream): inside the grace period, like the rest. */
  streams?: () => Promise<void>;
}

/** Resolves true when everything in flight finished within the grace period. */
export async function shutDown(parts: ShutdownParts): Promise<boolean> {
  const { server, inFlight, jobs, slack, leases, deps } = parts;
  const graceMs = parts.graceMs ?? SHUTDOWN_GRACE_MS;
  const log = deps.log;
  log.info({ inFlight: inFlight.size, graceMs }, 'shutting down: no new requests; finishing in-flight work');
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  // Socket Mode: no new envelopes (Slack redelivers unacknowledged ones to another connection).
  const socketClosed =
    parts.socket && slack
      ? slack.stop().catch((err) => log.warn({ err }, 'Socket Mode disconnect failed'))
      : undefined;
  const drained = Promise.all([
    ...jobs.map((j) => j.stop()),
    inFlight.idle(),
    deps.heal?.settled(),
    socketClosed,
    parts.streams?.().catch((err) => log.warn({ err }, 'shutdown: a stream did not stop cleanly')),
  ]);
  let clean = true;
  try {
    await withDeadline(drained, graceMs, () => new DeadlineError('grace period over'));
  } catch {
    clean = false;
    log.warn(
      { inFlight: inFlight.size, leases: leases.names() },
      `shutdown: work still running after ${graceMs} ms is abandoned`,
    );
  }
  server.closeAllConnections();
  await closed;
  const closing = (async () => {
    for (const err of await leases.releaseAll())
      log.warn({ err }, 'shutdown: a lease could not be released; it lapses at its expiry');
    await deps.close();
  })();
  await withDeadline(
    closing,
    CLOSE_TIMEOUT_MS,
    () => new DeadlineError('closing the backends took too long'),
  ).catch((err) => {
    clean = false;
    log.warn({ err }, 'shutdown: backends not closed cleanly');
  });
  log.info({ clean }, 'stopped');
  return clean;
}
