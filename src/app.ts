/**
 * Wiring only: config → adapters → Bolt App → register(app, deps) → start.
 * With no Slack credentials (local mode) the same HTTP routes run on a plain server and findings print
 * to the terminal.
 */
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { App } from '@slack/bolt';
import { createBackend } from './adapters/index.js';
import { TerminalChat } from './adapters/local/terminal-chat.js';
import { earliestDue } from './checks/runner.js';
import { type Config, loadConfig } from './config.js';
import type { Deps } from './deps.js';
import { scheduleDigest } from './digest/service.js';
import { oidcAuth } from './http/oidc.js';
import { dispatch, EarlyServer, routes, taskAuth } from './http/routes.js';
import { createLogger } from './log.js';
import { type Clock, systemClock } from './ports.js';
import { type ScheduledJob, scheduleJob } from './scheduler.js';
import { createDeps } from './service.js';

export interface RunningApp {
  config: Config;
  deps: Deps;
  url: string;
  slack?: App;
  stop(): Promise<void>;
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

export async function startApp(
  env: Record<string, string | undefined>,
  opts: StartOptions = {},
): Promise<RunningApp> {
  const config = loadConfig(env);
  const log = createLogger(config.logLevel);
  const clock = opts.clock ?? systemClock;

  // Listen first (Cloud Run routes traffic as soon as the port is open): /healthz answers at once, every
  // other request waits until the bot is wired, a moment later, rather than being refused.
  const early = new EarlyServer();
  const server = createServer(early.listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });

  let deps: Deps;
  let slack: App | undefined;
  try {
    // Bolt and the Web API are loaded only when Slack is configured (local mode starts faster without them).
    const [backend, slackMod] = await Promise.all([
      createBackend(config, clock, log),
      config.slackMode === 'none' ? undefined : import('./adapters/slack/index.js'),
    ]);
    const chat = !slackMod
      ? new TerminalChat(
          opts.out ?? ((l) => process.stdout.write(`${l}\n`)),
          {},
          join(config.dataDir, 'charts'),
        )
      : new slackMod.SlackChat(config.slack.botToken!, {
          apiUrl: config.slack.apiUrl,
          minPostIntervalMs: opts.slackMinPostIntervalMs,
          log,
        });
    deps = createDeps(config, clock, log, backend, {
      chat,
      instanceId: opts.instanceId,
      fallbackChannel: 'terminal',
    });
    const { oidcAudience, oidcServiceAccount } = config.tasks;
    const oidc =
      oidcAudience && oidcServiceAccount
        ? oidcAuth({ audience: oidcAudience, serviceAccount: oidcServiceAccount }, log)
        : undefined;
    const httpRoutes = routes(deps, taskAuth(deps, oidc));
    let slackListener: RequestListener | undefined;
    if (slackMod) {
      const bolt = slackMod.createBoltApp(config, log);
      slack = bolt.app;
      slackMod.register(slack, deps);
      slackListener = bolt.listener;
      if (config.slackMode === 'socket') await slack.start();
    }
    early.ready(
      dispatch(
        httpRoutes,
        slackListener && { path: slackMod!.SLACK_EVENTS_PATH, listener: slackListener },
        config.limits.max_body_bytes,
      ),
    );
  } catch (err) {
    early.fail(err as Error);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw err;
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  log.info({ url, backend: config.backend, slack: config.slackMode }, 'pipeline-bot ready');

  const jobs: ScheduledJob[] = [];
  if (opts.schedule !== false) {
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
    jobs.push(fast);
    // First run a moment after start-up, so requests that waited for the bot are answered first.
    fast.wakeAt(clock.now());
    // The daily digest (digest.cron); runs once now as the catch-up after downtime.
    jobs.push(scheduleDigest(deps));
  }

  return {
    config,
    deps,
    url,
    slack,
    async stop() {
      for (const j of jobs) j.stop();
      if (slack && config.slackMode === 'socket') await slack.stop();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await deps.close();
    },
  };
}
