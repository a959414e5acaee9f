/**
 * Wiring only: config → adapters → Bolt App → registerListeners(app, deps) → start.
 * With no Slack credentials (local mode) the same HTTP routes run on a plain server and findings print
 * to the terminal; with the Slack sandbox on (src/sandbox, `SANDBOX`), Bolt runs over HTTP against the
 * sandbox's in-process Slack and the sandbox page is served in front of the routes.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '@slack/bolt';
import { createChat } from './adapters/chat.js';
import { createBackend } from './adapters/index.js';
import { HeldLeases } from './alerts/held-leases.js';
import { earliestDue } from './checks/runner.js';
import { type Config, loadConfig } from './config.js';
import { scheduleDigest } from './daily-digest.js';
import type { Deps } from './deps.js';
import { oidcAuth } from './http/oidc.js';
import { logRequests } from './http/request-log.js';
import { dispatch, EarlyServer, routes, taskAuth } from './http/routes.js';
import { createLogger, type Logger } from './log.js';
import { type Clock, systemClock } from './ports.js';
import type { Sandbox } from './sandbox/index.js';
import { type ScheduledJob, scheduleJob } from './scheduler.js';
import { createDeps } from './service.js';
import { shutDown } from './shutdown.js';
import { InFlight } from './util/in-flight.js';

export interface RunningApp {
  config: Config;
  deps: Deps;
  url: string;
  slack?: App;
  /** The Slack sandbox page (src/sandbox), when it is on. */
  sandboxUrl?: string;
  /**
   * Graceful stop: no new requests, in-flight requests, Slack listener runs and a running tick finish
   * (at most `graceMs`, default 8 s), held leases are released, backends closed. True when nothing was
   * cut short.
   */
  stop(graceMs?: number): Promise<boolean>;
}

export interface StartOptions {
  clock?: Clock;
  /** Tests turn the in-process schedule off and drive runs themselves. */
  schedule?: boolean;
  out?: (line: string) => void;
  /** Spacing of Slack posts per channel (default 1 s, Slack's limit); tests shorten it. */
  slackMinPostIntervalMs?: number;
  instanceId?: string;
}

function serverUrl(config: Config, server: Server): string {
  const { port } = server.address() as AddressInfo;
  return `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
}

export async function startApp(
  env: Record<string, string | undefined>,
  opts: StartOptions = {},
): Promise<RunningApp> {
  const config0 = loadConfig(env);
  const log = createLogger(config0.logLevel);
  const clock = opts.clock ?? systemClock;
  const { server, early, inFlight, url } = await listenEarly(config0, log);
  let bot: WiredBot;
  try {
    bot = await wireBot(config0, url, clock, log, inFlight, opts);
    early.ready(bot.handler);
  } catch (err) {
    early.fail(err as Error);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw err;
  }
  const { config, deps, slack, leases, sandbox } = bot;
  log.info(
    { url, backend: config.backend, slack: config.slackMode, sandbox: sandbox?.url },
    'pipeline-bot ready',
  );
  const { jobs, stopDlq } = opts.schedule === false ? { jobs: [] } : startSchedules(config, deps, clock, log);

  let stopping: Promise<boolean> | undefined;
  return {
    config,
    deps,
    url,
    slack,
    sandboxUrl: sandbox?.url,
    stop(graceMs) {
      // The sandbox's event streams are long-lived: end them first so the server can close.
      sandbox?.close();
      stopping ??= shutDown({
        server,
        inFlight,
        jobs,
        slack,
        socket: config.slackMode === 'socket',
        leases,
        deps,
        graceMs,
        streams: stopDlq,
      });
      return stopping;
    },
  };
}

/**
 * Listen first (Cloud Run routes traffic as soon as the port is open): /healthz answers at once, every
 * other request waits until the bot is wired, a moment later, rather than being refused.
 */
async function listenEarly(config: Config, log: Logger) {
  const early = new EarlyServer();
  const inFlight = new InFlight();
  const server = createServer(logRequests(inFlight.requests(early.listener), log, config.project));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  return { server, early, inFlight, url: serverUrl(config, server) };
}

interface WiredBot {
  config: Config;
  deps: Deps;
  slack?: App;
  leases: HeldLeases;
  sandbox?: Sandbox;
  /** Every request once the bot is wired: routes, Slack, and the sandbox page in front when it is on. */
  handler: RequestListener;
}

/** Backends, chat, services and listeners, in that order; Bolt loads only when Slack is configured. */
async function wireBot(
  config0: Config,
  url: string,
  clock: Clock,
  log: Logger,
  inFlight: InFlight,
  opts: StartOptions,
): Promise<WiredBot> {
  let config = config0;
  const out = opts.out ?? ((l: string) => process.stdout.write(`${l}\n`));
  let sandbox: Sandbox | undefined;
  if (config.sandbox) {
    // The sandbox stands in for Slack: the bot below runs Bolt over HTTP against it, unchanged.
    if (config.slackMode !== 'none') log.warn('SANDBOX=1: the bot talks to the sandbox page, not to Slack');
    sandbox = (await import('./sandbox/index.js')).createSandbox(config, url, { log, clock, out });
    config = sandbox.config;
  }
  const [backend, slackMod] = await Promise.all([
    createBackend(config, clock, log),
    config.slackMode === 'none' ? undefined : import('./adapters/slack/index.js'),
  ]);
  const chat = await createChat(config, { out, minPostIntervalMs: opts.slackMinPostIntervalMs, log });
  const leases = new HeldLeases(backend.leases);
  const services = { chat, instanceId: opts.instanceId, fallbackChannel: 'terminal' };
  const deps: Deps = {
    ...createDeps(config, clock, log, { ...backend, leases }, services),
    // `/pipeline doctor`: its own short-lived clients, loaded on first use.
    doctor: async () => (await import('./adapters/ops.js')).runDoctorOnce(config, clock.now()),
  };
  const { oidcAudience, oidcServiceAccount } = config.tasks;
  const oidc =
    oidcAudience && oidcServiceAccount
      ? oidcAuth({ audience: oidcAudience, serviceAccount: oidcServiceAccount }, log)
      : undefined;
  let slack: App | undefined;
  let slackRoute: { path: string; listener: RequestListener } | undefined;
  if (slackMod) {
    const bolt = slackMod.createBoltApp(config, log);
    slack = bolt.app;
    slackMod.registerListeners(slack, deps);
    // Listeners ack first and keep working after the ack: shutdown waits for them too.
    slack.use(({ next }) => inFlight.track(next()));
    if (bolt.listener) slackRoute = { path: slackMod.SLACK_EVENTS_PATH, listener: bolt.listener };
    if (config.slackMode === 'socket') await slack.start();
  }
  const handler = dispatch(routes(deps, taskAuth(deps, oidc)), slackRoute, config.limits.max_body_bytes);
  return { config, deps, slack, leases, sandbox, handler: sandbox ? sandbox.listener(handler) : handler };
}

/** The in-process schedule: checks on their cron and exact wake-ups, the daily digest, DLQ streaming pull. */
function startSchedules(config: Config, deps: Deps, clock: Clock, log: Logger) {
  const fast = scheduleJob({
    name: 'checks',
    cron: config.checks.fast_cron,
    timezone: config.timezone,
    clock,
    log,
    // Wake exactly when a verdict may change (grace end, deadline) or a heal is due for verification.
    run: async () => {
      const due = earliestDue(await deps.runScheduledChecks('cron'), clock.now());
      const verify = await deps.heal?.nextVerificationAt().catch(() => undefined);
      return verify && (!due || verify < due) ? verify : due;
    },
  });
  // First run a moment after start-up, so requests that waited for the bot are answered first.
  fast.wakeAt(clock.now());
  // The daily digest (digest.cron) runs once now as the catch-up after downtime.
  const jobs: ScheduledJob[] = [fast, scheduleDigest(deps)];
  // Streaming pull: a new dead letter runs the checks at once (alerted within seconds).
  const stopDlq = deps.dlq?.stream(() => fast.wakeAt(clock.now()));
  return { jobs, stopDlq };
}
