/**
 * Wiring only: config → adapters → Bolt App → register(app, deps) → start.
 * With no Slack credentials (local mode) the same HTTP routes run on a plain server and findings print
 * to the terminal.
 */
import { createServer } from 'node:http';
import { createBackend } from './adapters/index.js';
import { createBoltApp } from './adapters/slack/bolt.js';
import { earliestDue } from './checks/runner.js';
import { loadConfig } from './config.js';
import { dispatch, routes } from './http/routes.js';
import { register } from './listeners/index.js';
import { createLogger } from './log.js';
import { systemClock } from './ports.js';
import { scheduleJob } from './scheduler.js';
import { createDeps } from './service.js';
import { TerminalChat } from './adapters/local/terminal-chat.js';
import { SlackChat } from './adapters/slack/chat.js';
export async function startApp(env, opts = {}) {
    const config = loadConfig(env);
    const log = createLogger(config.logLevel);
    const clock = opts.clock ?? systemClock;
    const backend = await createBackend(config, clock, log);
    const chat = config.slackMode === 'none'
        ? new TerminalChat(opts.out ?? ((l) => process.stdout.write(`${l}\n`)))
        : new SlackChat(config.slack.botToken, {
            apiUrl: config.slack.apiUrl,
            minPostIntervalMs: opts.slackMinPostIntervalMs,
        });
    const deps = createDeps(config, clock, log, backend, {
        chat,
        instanceId: opts.instanceId,
        fallbackChannel: 'terminal',
    });
    const httpRoutes = routes(deps);
    let server;
    let slack;
    if (config.slackMode === 'http') {
        slack = createBoltApp(config, log, httpRoutes);
        register(slack, deps);
        server = (await slack.start({ port: config.port, host: config.host }));
    }
    else {
        server = createServer(dispatch(httpRoutes));
        await new Promise((resolve) => server.listen(config.port, config.host, resolve));
        if (config.slackMode === 'socket') {
            slack = createBoltApp(config, log, httpRoutes);
            register(slack, deps);
            await slack.start();
        }
    }
    const { port } = server.address();
    const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
    log.info({ url, backend: config.backend, slack: config.slackMode }, 'pipeline-bot ready');
    const jobs = [];
    if (opts.schedule !== false) {
        const fast = scheduleJob({
            name: 'checks',
            cron: config.checks.fast_cron,
            timezone: config.timezone,
            clock,
            log,
            run: async () => earliestDue(await deps.runScheduledChecks('cron'), clock.now()),
        });
        jobs.push(fast);
        void fast.trigger();
    }
    return {
        config,
        deps,
        url,
        slack,
        async stop() {
            for (const j of jobs)
                j.stop();
            if (slack && config.slackMode === 'http')
                await slack.stop();
            else {
                if (slack)
                    await slack.stop();
                await new Promise((resolve) => server.close(() => resolve()));
            }
            await deps.close();
        },
    };
}
//# sourceMappingURL=app.js.map