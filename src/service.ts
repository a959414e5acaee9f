/** Assembles the services (Deps) from config, clock, logger, a backend and a chat. No I/O of its own. */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Backend } from './adapters/index.js';
import { Monitor } from './alerts/monitor.js';
import { AlertService } from './alerts/service.js';
import { allChecks } from './checks/index.js';
import { tieredRunner } from './checks/tiered.js';
import type { Config } from './config.js';
import type { Deps } from './deps.js';
import type { Logger } from './log.js';
import type { Chat, Clock } from './ports.js';
import { cronIntervalMs } from './scheduler.js';

export interface ServiceOptions {
  chat?: Chat;
  /** Identifies this process in leases and delivery locks. */
  instanceId?: string;
  /** Where alerts go when config names no channel (local mode's terminal). */
  fallbackChannel?: string;
}

export function createDeps(config: Config, clock: Clock, log: Logger, backend: Backend, opts: ServiceOptions = {}): Deps {
  const checkDeps = {
    config,
    clock,
    completions: backend.completions,
    schedule: backend.schedule,
    warehouse: backend.warehouse,
  };
  const checks = allChecks({ heals: backend.heal?.healLog });
  const run = tieredRunner(checks, checkDeps, log);
  const instanceId = opts.instanceId ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 6)}`;
  const channel = config.channels.alerts ?? opts.fallbackChannel;
  const chat = opts.chat;
  const alerts =
    chat && channel
      ? new AlertService({ config, clock, log, store: backend.alerts, chat, channel, instanceId })
      : undefined;
  const monitor = new Monitor({
    clock,
    log,
    tz: config.timezone,
    leases: backend.leases,
    instanceId,
    run,
    alerts,
    notify: chat && channel ? async (text) => void (await chat.post({ channel, text })) : undefined,
    intervalMs: cronIntervalMs(config.checks.fast_cron, config.timezone),
    startedAt: clock.now(),
  });
  return {
    ...checkDeps,
    log,
    checks,
    alertStore: backend.alerts,
    alerts,
    chat,
    monitor,
    probes: [...backend.probes, monitor.probe()],
    runScheduledChecks: (trigger) => monitor.tick(trigger),
    runChecksOnce: () => run('cli'),
    close: () => backend.close(),
  };
}
