/**
 * One log entry per HTTP request (Cloud Logging's `httpRequest` shape), and the request's trace on every
 * entry logged while it is handled: Cloud Run's load balancer sends `X-Cloud-Trace-Context:
 * TRACE_ID/SPAN_ID;o=1`, and an entry with `logging.googleapis.com/trace` =
 * `projects/PROJECT/traces/TRACE_ID` shows up under that request in the Logs Explorer.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { type Logger, withLogContext } from '../log.js';

/** Why: liveness and readiness probes arrive every few seconds; at INFO they would drown everything else. */
const QUIET_PATHS = new Set(['/healthz', '/readyz']);
/** Why: the sandbox page's own calls (its Web API, event stream) would drown the terminal in local mode. */
const SANDBOX_PREFIX = '/sandbox/';
/** Why this pattern: `X-Cloud-Trace-Context` is TRACE_ID/SPAN_ID;o=OPTIONS (32 hex, decimal, 0 or 1). */
const TRACE_HEADER = /^([0-9a-fA-F]{32})(?:\/(\d+))?(?:;o=([01]))?$/;

/** Cloud Logging's trace fields from `X-Cloud-Trace-Context`; empty without a project or a valid header. */
export function traceFields(header: string | string[] | undefined, project: string | undefined) {
  const match = typeof header === 'string' ? TRACE_HEADER.exec(header.trim()) : null;
  if (!match || !project) return {};
  const [, traceId, spanId, sampled] = match;
  return {
    'logging.googleapis.com/trace': `projects/${project}/traces/${traceId}`,
    ...(spanId ? { 'logging.googleapis.com/spanId': BigInt(spanId).toString(16).padStart(16, '0') } : {}),
    ...(sampled ? { 'logging.googleapis.com/trace_sampled': sampled === '1' } : {}),
  };
}

/** Wraps a listener: handles the request inside its trace context and logs it when the response ends. */
export function logRequests(listener: RequestListener, log: Logger, project?: string): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const trace = traceFields(req.headers['x-cloud-trace-context'], project);
    const path = (req.url ?? '/').split('?')[0]!;
    res.once('close', () => {
      const ms = performance.now() - started;
      const status = res.writableFinished ? res.statusCode : 499;
      const quiet = QUIET_PATHS.has(path) || path.startsWith(SANDBOX_PREFIX);
      const level = status >= 500 ? 'error' : quiet ? 'debug' : 'info';
      log[level](
        {
          ...trace,
          httpRequest: {
            requestMethod: req.method,
            // The path only: a query string could carry something secret.
            requestUrl: path,
            status,
            latency: `${(ms / 1000).toFixed(3)}s`,
            userAgent: req.headers['user-agent'],
          },
        },
        `${req.method} ${path} ${status} ${Math.round(ms)} ms`,
      );
    });
    withLogContext(trace, () => listener(req, res));
  };
}
