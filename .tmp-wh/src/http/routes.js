/**
 * Plain HTTP routes besides Slack's: `/healthz`, `/readyz`, `/tasks/checks` (SPEC §7). Mounted as Bolt
 * custom routes when Slack runs over HTTP, or on a plain node:http server otherwise.
 */
import { timingSafeEqual } from 'node:crypto';
/** Why 3 s: /readyz is polled by Cloud Run; a hung backend must show as not ready, not hang the probe. */
const PROBE_TIMEOUT_MS = 3000;
function json(res, status, body) {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
}
function withTimeout(p, ms, what) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    });
    return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
export function bearerMatches(header, secret) {
    if (!secret || !header)
        return false;
    const m = /^Bearer\s+(.+)$/i.exec(header.trim());
    if (!m)
        return false;
    const a = Buffer.from(m[1]);
    const b = Buffer.from(secret);
    return a.length === b.length && timingSafeEqual(a, b);
}
/** Bearer TASKS_SECRET; with neither secret nor OIDC configured every request is refused. */
export function taskAuth(deps, oidc) {
    return async (req) => {
        const header = req.headers.authorization;
        if (bearerMatches(header, deps.config.tasks.secret))
            return true;
        if (oidc && header)
            return oidc(req);
        return false;
    };
}
export function routes(deps, auth = taskAuth(deps)) {
    const readiness = async () => {
        const results = await Promise.all(deps.probes.map(async (p) => {
            try {
                await withTimeout(p.ping(), PROBE_TIMEOUT_MS, p.name);
                return { name: p.name, ok: true };
            }
            catch (err) {
                return { name: p.name, ok: false, error: err.message };
            }
        }));
        return results;
    };
    return [
        { path: '/healthz', method: ['GET'], handler: (_req, res) => json(res, 200, { ok: true }) },
        {
            path: '/readyz',
            method: ['GET'],
            handler: (_req, res) => {
                readiness().then((results) => {
                    const failing = results.filter((r) => !r.ok);
                    json(res, failing.length ? 503 : 200, {
                        ok: failing.length === 0,
                        ...(failing.length
                            ? {
                                failing: failing.map((f) => f.name),
                                errors: Object.fromEntries(failing.map((f) => [f.name, f.error])),
                            }
                            : {}),
                        backends: Object.fromEntries(results.map((r) => [r.name, r.ok ? 'ok' : 'unreachable'])),
                    });
                }, (err) => json(res, 503, { ok: false, error: String(err) }));
            },
        },
        {
            path: '/tasks/checks',
            method: ['POST'],
            handler: (req, res) => {
                (async () => {
                    if (!(await auth(req)))
                        return json(res, 401, { error: 'unauthorized' });
                    const results = await deps.runScheduledChecks('task');
                    json(res, 200, {
                        results: results.map((r) => ({
                            check: r.check,
                            subject: r.subject,
                            status: r.status,
                            summary: r.summary,
                        })),
                    });
                })().catch((err) => {
                    deps.log.error({ err }, '/tasks/checks failed');
                    json(res, 500, { error: err.message });
                });
            },
        },
    ];
}
/** Dispatches to routes (for the plain server used without Slack-over-HTTP). */
export function dispatch(all) {
    return (req, res) => {
        const path = (req.url ?? '/').split('?')[0];
        const route = all.find((r) => r.path === path);
        if (!route)
            return json(res, 404, { error: 'not found' });
        if (!route.method.includes(req.method ?? 'GET'))
            return json(res, 405, { error: 'method not allowed' });
        route.handler(req, res);
    };
}
//# sourceMappingURL=routes.js.map