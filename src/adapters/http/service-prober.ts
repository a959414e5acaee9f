/**
 * Probes a service's health URL over HTTP (fetch): the status, the latency and the first 200 bytes of the
 * body, within the target's `timeout_ms` (connect, headers and body together). With `auth: oidc` a Google
 * ID token for the URL's audience is sent. Never throws: every failure is an outcome.
 */
import type { ServiceTarget } from '../../monitors/config-schema.js';
import type { ProbeOutcome, ServiceProber } from '../../monitors/ports.js';
import { errText } from '../../util/error-text.js';

/** Why 200: enough of an error page to say what broke, small enough for an alert fact. */
export const BODY_START_BYTES = 200;

/** Gives the headers that carry an ID token for `audience` (google-auth-library in production). */
export interface IdTokenSource {
  headers(audience: string): Promise<Record<string, string>>;
}

export class HttpServiceProber implements ServiceProber {
  constructor(private readonly idTokens?: IdTokenSource) {}

  async probe(target: ServiceTarget): Promise<ProbeOutcome> {
    const started = performance.now();
    const signal = AbortSignal.timeout(target.timeout_ms);
    const elapsed = () => performance.now() - started;
    try {
      const headers = target.auth === 'oidc' ? await this.tokenHeaders(target) : {};
      const res = await fetch(target.url, { headers, signal, redirect: 'manual' });
      const bodyStart = await readStart(res);
      return { status: res.status, latencyMs: elapsed(), bodyStart, timedOut: false };
    } catch (err) {
      const timedOut = signal.aborted;
      const error = timedOut ? `no answer within ${target.timeout_ms} ms` : `request failed: ${causeOf(err)}`;
      return { latencyMs: elapsed(), bodyStart: '', error, timedOut };
    }
  }

  private async tokenHeaders(target: ServiceTarget): Promise<Record<string, string>> {
    if (!this.idTokens) throw new Error('auth: oidc needs Google credentials (none configured)');
    try {
      return await this.idTokens.headers(new URL(target.url).origin);
    } catch (err) {
      throw new Error(`could not get an ID token: ${causeOf(err)}`);
    }
  }
}

/** Reads at most BODY_START_BYTES of the body, then lets the rest go. */
async function readStart(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < BODY_START_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  await reader.cancel().catch(() => {});
  const bytes = Buffer.concat(chunks).subarray(0, BODY_START_BYTES);
  return bytes.toString('utf8').replace(/\uFFFD+$/, '');
}

/** fetch hides the reason (ECONNREFUSED, ENOTFOUND) in `cause`. */
function causeOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? errText(err);
}
