/** Assembles the services (Deps) from config, clock, logger, a backend and a chat. No I/O of its own. */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Monitor } from './alerts/monitor.js';
import { AlertService } from './alerts/service.js';
import { allChecks } from './checks/index.js';
import { tieredRunner } from './checks/tiered.js';
import { cronIntervalMs } from './scheduler.js';
export function createDeps(config, clock, log, backend, opts = {}) {
    const checkDeps = {
        config,
        clock,
        completions: backend.completions,
        schedule: backend.schedule,
        warehouse: backend.warehouse,
    };
    const checks = allChecks();
    const run = tieredRunner(checks, checkDeps, log);
    const instanceId = opts.instanceId ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 6)}`;
    const channel = config.channels.alerts ?? opts.fallbackChannel;
    const chat = opts.chat;
    const alerts = chat && channel
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
//# sourceMappingURL=service.js.map