/**
 * Plain HTTP routes besides Slack's: `/healthz`, `/readyz`, `/tasks/checks` (SPEC §7). Mounted as Bolt
 * custom routes when Slack runs over HTTP, or on a plain node:http server otherwise.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { runDailyDigest } from '../daily-digest.js';
import type { Deps } from '../deps.js';
import { DeadlineError, withDeadline } from '../util/deadline.js';
import { errorRef } from '../util/error-ref.js';
import { errText } from '../util/error-text.js';
import { probeAll, unanswered } from '../util/probes.js';
import { declaresTooLarge } from './body.js';

export interface Route {
  path: string;
  method: string[];
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

/** Why 3 s: /readyz is polled by Cloud Run; a hung backend must show as not ready, not hang the probe. */
const PROBE_TIMEOUT_MS = 3000;

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

export function bearerMatches(header: string | undefined, secret: string | undefined): boolean {
  if (!secret || !header) return false;
  const m = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (!m) return false;
  const a = Buffer.from(m[1]!);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

export type TaskAuth = (req: IncomingMessage) => Promise<boolean>;

/** Bearer TASKS_SECRET; with neither secret nor OIDC configured every request is refused. */
export function taskAuth(deps: Pick<Deps, 'config'>, oidc?: TaskAuth): TaskAuth {
  return async (req) => {
    const header = req.headers.authorization;
    if (bearerMatches(header, deps.config.tasks.secret)) return true;
    if (oidc && header) return oidc(req);
    return false;
  };
}

/** Why 1.5 s: after a task deadline, how long we spend finding out which backend did not answer. */
const NAME_BACKEND_MS = 1500;

/**
 * A `/tasks/*` handler: authenticated, answered within `limits.tasks_answer_seconds` (503 naming the
 * backend that did not answer; the work itself goes on and is recorded by the tick), refusals logged.
 */
function task(
  deps: Deps,
  auth: TaskAuth,
  name: string,
  work: () => Promise<{ status: number; body: unknown }>,
) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const limitMs = deps.config.limits.tasks_answer_seconds * 1000;
    (async () => {
      // Authentication (OIDC may fetch Google's certificates) and the work share the one deadline.
      const started = Date.now();
      const allowed = await withDeadline(auth(req), limitMs, () => new DeadlineError('deadline'));
      if (!allowed) {
        deps.log.warn({ path: req.url, hasAuthorization: !!req.headers.authorization }, `${name} refused`);
        return json(res, 401, { error: 'unauthorized' });
      }
      const left = Math.max(0, limitMs - (Date.now() - started));
      const answer = await withDeadline(work(), left, () => new DeadlineError('deadline'));
      json(res, answer.status, answer.body);
    })().catch(async (err) => {
      if (err instanceof DeadlineError) {
        const down = await unanswered(deps.probes, NAME_BACKEND_MS);
        const who = down.length ? down.join(', ') : 'a backend';
        deps.log.error({ backends: down, limitMs }, `${name}: no answer within the deadline`);
        return json(res, 503, { error: `${who} did not answer within ${limitMs / 1000} s`, backends: down });
      }
      const ref = errorRef();
      deps.log.error({ err, ref }, `${name} failed`);
      json(res, 500, { error: `${name} failed (error ${ref} in the log)` });
    });
  };
}

export function routes(deps: Deps, auth: TaskAuth = taskAuth(deps)): Route[] {
  return [
    { path: '/healthz', method: ['GET', 'HEAD'], handler: (_req, res) => json(res, 200, { ok: true }) },
    {
      path: '/readyz',
      method: ['GET'],
      handler: (_req, res) => {
        probeAll(deps.probes, PROBE_TIMEOUT_MS).then(
          (results) => {
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
          },
          (err) => json(res, 503, { ok: false, error: String(err) }),
        );
      },
    },
    {
      path: '/tasks/checks',
      method: ['POST'],
      handler: task(deps, auth, '/tasks/checks', async () => {
        const results = await deps.runScheduledChecks('task');
        return {
          status: 200,
          body: {
            results: results.map((r) => ({
              check: r.check,
              subject: r.subject,
              status: r.status,
              summary: r.summary,
            })),
          },
        };
      }),
    },
    {
      // Today's digest, once per day across instances (the caller is the schedule: no due-time check).
      path: '/tasks/digest',
      method: ['POST'],
      handler: task(deps, auth, '/tasks/digest', async () => {
        const r = await runDailyDigest(deps, 'task');
        return {
          status: r.outcome === 'failed' ? 500 : 200,
          body: {
            date: r.date,
            outcome: r.outcome,
            posted: r.outcome === 'posted',
            ...(r.channel ? { channel: r.channel, ts: r.ts } : {}),
            ...(r.issues ? { issues: r.issues } : {}),
            ...(r.error ? { error: r.error } : {}),
          },
        };
      }),
    },
  ];
}

/** Dispatches to our routes, and Slack's path to Bolt's receiver (HTTP mode). */
export function dispatch(
  all: Route[],
  slack?: { path: string; listener: (req: IncomingMessage, res: ServerResponse) => void },
  maxBodyBytes = Number.POSITIVE_INFINITY,
) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (declaresTooLarge(req, maxBodyBytes)) {
      // Refused before a byte is read, on every route; the connection is closed rather than drained.
      res.once('finish', () => req.destroy());
      res.setHeader('connection', 'close');
      return json(res, 413, { error: `request body over ${maxBodyBytes} bytes` });
    }
    if (slack && path === slack.path) {
      try {
        slack.listener(req, res);
      } catch (err) {
        if (!res.headersSent) json(res, 500, { error: errText(err) });
      }
      return;
    }
    const route = all.find((r) => r.path === path);
    if (!route) return json(res, 404, { error: 'not found' });
    if (!route.method.includes(req.method ?? 'GET')) return json(res, 405, { error: 'method not allowed' });
    route.handler(req, res);
  };
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/** Why 20 s: far past a normal start (≤ 1 s, SPEC §9): only a hung start-up gets a 503 (Slack retries). */
const EARLY_HOLD_MS = 20_000;

/**
 * The server's listener while the bot starts: `/healthz` answers at once (liveness), other requests are
 * held until the bot is wired and then handled normally; if start-up fails they get a 503.
 */
export class EarlyServer {
  private handler?: Listener;
  private failure?: Error;
  private held: { req: IncomingMessage; res: ServerResponse }[] = [];

  readonly listener: Listener = (req, res) => {
    if (this.handler) return this.handler(req, res);
    if ((req.url ?? '/').split('?')[0] === '/healthz') return json(res, 200, { ok: true, starting: true });
    if (this.failure) return json(res, 503, { error: `start-up failed: ${this.failure.message}` });
    const entry = { req, res };
    this.held.push(entry);
    // Why: a start-up that hangs must not hold callers forever (Slack retries a 503).
    setTimeout(() => {
      if (!this.held.includes(entry)) return;
      this.held.splice(this.held.indexOf(entry), 1);
      json(res, 503, { error: 'still starting' });
    }, EARLY_HOLD_MS).unref();
  };

  ready(handler: Listener): void {
    this.handler = handler;
    for (const { req, res } of this.held.splice(0)) handler(req, res);
  }

  fail(err: Error): void {
    this.failure = err;
    for (const { res } of this.held.splice(0)) json(res, 503, { error: `start-up failed: ${err.message}` });
  }
}
