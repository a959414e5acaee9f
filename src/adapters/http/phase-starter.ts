/**
 * The `http` heal action: `POST` the JSON body (filled for the date) to an orchestrator on Cloud Run or
 * Cloud Functions with a Google ID token for the configured audience. 2xx: started (reference: the
 * status). 4xx (and anything not 2xx or 5xx): failed for certain. 5xx, a timeout or a reset: ambiguous —
 * it may have started. A connection refused or no token: nothing was sent. Error texts do not repeat the
 * URL: the outcome names it, and the event's `trigger_command` holds it.
 */
import { HealActionError, type PhaseStart, type PhaseStarted, type PhaseStarter } from '../../heal/ports.js';
import { withDeadline } from '../../util/deadline.js';
import { neverSent } from './fetch-errors.js';
import type { IdTokenSource } from './service-prober.js';

/** Why 300: enough of an error page to say what broke, short enough for a Slack reply. */
const ERROR_BODY_CHARS = 300;

export class HttpPhaseStarter implements PhaseStarter {
  constructor(
    private readonly idTokens: IdTokenSource,
    private readonly doFetch: typeof fetch = fetch,
  ) {}

  async start(request: PhaseStart): Promise<PhaseStarted> {
    const a = request.action;
    if (a.kind !== 'http') throw new HealActionError(`not an HTTP action: ${a.kind}`, false);
    let auth: Record<string, string>;
    try {
      // Bounded like the POST: a metadata server that hangs must not hold the heal (and its lock) open.
      auth = await withDeadline(
        this.idTokens.headers(a.audience),
        a.timeout_ms,
        () => new Error(`no token within ${a.timeout_ms} ms`),
      );
    } catch (err) {
      throw new HealActionError(`could not get a Google ID token for ${a.audience}: ${text(err)}`, false);
    }
    let res: Response;
    try {
      res = await this.doFetch(a.url, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: a.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(a.timeout_ms),
      });
    } catch (err) {
      const timedOut = (err as Error).name === 'TimeoutError';
      const why = timedOut ? `no answer within ${a.timeout_ms} ms` : text(err);
      throw new HealActionError(why, timedOut || !neverSent(err));
    }
    if (res.status >= 200 && res.status < 300) {
      await res.body?.cancel().catch(() => {});
      return { ref: String(res.status) };
    }
    const body = (await res.text().catch(() => '')).slice(0, ERROR_BODY_CHARS);
    throw new HealActionError(
      `answered ${res.status}${body ? `: ${body}` : ''}`,
      res.status >= 500,
      res.status,
    );
  }
}

function text(err: unknown): string {
  const cause = (err as { cause?: unknown }).cause;
  const message = err instanceof Error ? err.message : String(err);
  return cause instanceof Error ? `${message} (${cause.message})` : message;
}
