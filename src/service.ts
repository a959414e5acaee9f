/** Assembles the services (Deps) from config, clock, logger, a backend and a chat. No I/O of its own. */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Backend } from './adapters/index.js';
import { linkHealToAlerts, linkVerificationToAlerts } from './alerts/heal-link.js';
import { Monitor } from './alerts/monitor.js';
import { AlertService } from './alerts/service.js';
import { allChecks } from './checks/index.js';
import { type CheckRun, tieredRunner } from './checks/tiered.js';
import type { Check, CheckResult } from './checks/types.js';
import type { Config } from './config.js';
import type { Deps } from './deps.js';
import { dlqCheck } from './dlq/check.js';
import { DlqService } from './dlq/service.js';
import { createHealService } from './heal/index.js';
import type { HealService } from './heal/service.js';
import type { Logger } from './log.js';
import type { Chat, Clock } from './ports.js';
import { cronIntervalMs } from './scheduler.js';
import { missedRunsText } from './views/alert-notes.js';
import { alertViews } from './views/alert-views.js';
import { healOutcomeText, staleText, type TextClock, verifyText } from './views/heal-outcome.js';

export interface ServiceOptions {
  chat?: Chat;
  /** Identifies this process in leases and delivery locks. */
  instanceId?: string;
  /** Where alerts go when config names no channel (local mode's terminal). */
  fallbackChannel?: string;
}

export function createDeps(
  config: Config,
  clock: Clock,
  log: Logger,
  backend: Backend,
  opts: ServiceOptions = {},
): Deps {
  const checkDeps = {
    config,
    clock,
    completions: backend.completions,
    schedule: backend.schedule,
    warehouse: backend.warehouse,
  };
  const checks = buildChecks(config, backend);
  const run = tieredRunner(checks, checkDeps, log);
  const instanceId = opts.instanceId ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 6)}`;
  const channel = config.channels.alerts ?? opts.fallbackChannel;
  const chat = opts.chat;
  const alerts =
    chat && channel ? buildAlerts({ config, clock, log, backend, instanceId, chat, channel }) : undefined;
  const heal = backend.heal
    ? createHealService({ config, clock, completions: backend.completions, heal: backend.heal, chat, log })
    : undefined;
  const dlq = backend.dlq
    ? new DlqService({
        ...backend.dlq,
        clock,
        log,
        pullMax: config.dlq.pull_max,
        canAct: async (user) => !!(await heal?.canHeal(user)),
      })
    : undefined;
  const monitor = buildMonitor({ config, clock, log, backend, instanceId, run, alerts, heal, chat, channel });
  return {
    ...checkDeps,
    log,
    checks,
    alertStore: backend.alerts,
    alerts,
    chat,
    charts: backend.monitors?.charts,
    processorRuns: backend.processorRuns,
    heal,
    dlq,
    monitor,
    leases: backend.leases,
    silences: backend.silences,
    instanceId,
    probes: [...backend.probes, monitor.probe()],
    runScheduledChecks: async (trigger) => {
      // Serverless: what waits on the dead-letter subscriptions is recorded before the checks read it.
      if (trigger === 'task' && dlq) {
        await dlq.pullNow().catch((err) => log.error({ err }, 'dead-letter pull failed'));
      }
      return monitor.tick(trigger);
    },
    runChecksOnce: () => run('cli'),
    close: () => backend.close(),
  };
}

/** Every check this backend can feed: the built-in ones, plus `dlq` when dead-letter subscriptions are watched. */
function buildChecks(config: Config, backend: Backend): Check[] {
  const checks = allChecks({
    heals: backend.heal?.healLog,
    monitors: backend.monitors,
    processorRuns: backend.processorRuns,
  });
  if (backend.dlq) {
    checks.push(
      dlqCheck(backend.dlq.store, {
        subscriptions: backend.dlq.subscriptions,
        quietMinutes: config.dlq.quiet_minutes,
      }),
    );
  }
  return checks;
}

/** The alert service, when there is somewhere to post. */
function buildAlerts(p: Omit<MonitorParts, 'run' | 'chat' | 'channel'> & { chat: Chat; channel: string }) {
  return new AlertService({
    config: p.config,
    clock: p.clock,
    log: p.log,
    store: p.backend.alerts,
    chat: p.chat,
    channel: p.channel,
    instanceId: p.instanceId,
    views: alertViews,
    silences: p.backend.silences,
  });
}

interface MonitorParts {
  config: Config;
  clock: Clock;
  log: Logger;
  backend: Backend;
  instanceId: string;
  run: CheckRun;
  alerts?: AlertService;
  heal?: HealService;
  chat?: Chat;
  channel?: string;
}

/** The per-tick monitor (lease, missed runs), with the heal housekeeping riding on each tick. */
function buildMonitor(p: MonitorParts): Monitor {
  const { config, clock, chat, channel, heal } = p;
  return new Monitor({
    clock,
    log: p.log,
    leases: p.backend.leases,
    instanceId: p.instanceId,
    run: p.run,
    alerts: p.alerts,
    notify:
      chat && channel
        ? async (gap) => void (await chat.post({ channel, text: missedRunsText(gap, config.timezone) }))
        : undefined,
    intervalMs: cronIntervalMs(config.checks.fast_cron, config.timezone),
    startedAt: clock.now(),
    after: heal
      ? (results) =>
          healHousekeeping(heal, p.alerts, p.log, results, () => ({ tz: config.timezone, now: clock.now() }))
      : undefined,
  });
}

/**
 * Heal work that rides on each tick (under the lease): report heals interrupted between "requested" and
 * the job call, auto-heal `stuck` runs when enabled, verify heals whose time has come (in the alert
 * thread), and retry the BigQuery copy of heal events. One failing step never stops the others.
 */
async function healHousekeeping(
  heal: HealService,
  alerts: AlertService | undefined,
  log: Logger,
  results: CheckResult[],
  textClock: () => TextClock,
): Promise<void> {
  const step = async (name: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (err) {
      log.error({ err, step: name }, 'heal housekeeping step failed');
    }
  };
  await step('stale', async () => {
    for (const s of await heal.reportStale()) {
      const e = s.event;
      const text = staleText(s, textClock());
      const noted = alerts
        ? await alerts.note(`stuck:${e.transition}:${e.game_date}`, {
            type: 'heal_unfinished',
            heal_id: e.heal_id,
            message: text,
          })
        : false;
      if (!noted) log.warn({ heal_id: e.heal_id }, text);
    }
  });
  await step('auto', async () => {
    for (const outcome of await heal.maybeAutoHeal(results)) {
      await linkHealToAlerts(alerts, outcome, healOutcomeText(outcome, textClock()));
    }
  });
  await step('verify', async () => {
    for (const v of await heal.verifyDue())
      await linkVerificationToAlerts(alerts, v, verifyText(v, textClock()));
  });
  await step('export', () => heal.flushOutbox());
}
