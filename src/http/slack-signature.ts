/**
 * Slack request signatures (v0 HMAC-SHA256 over `v0:{timestamp}:{body}`), with the replay window held in
 * BOTH directions: a timestamp five minutes old or five minutes in the future is refused. Pure.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Why 300 s: Slack's documented replay window. */
export const SIGNATURE_WINDOW_SECONDS = 300;

export interface SignedRequest {
  timestamp: string | undefined;
  signature: string | undefined;
  raw: Buffer;
}

/** `undefined` when the request is authentic; otherwise why it is not (for the log, never the caller). */
export function signatureProblem(secret: string, req: SignedRequest, nowMs: number): string | undefined {
  const { timestamp, signature } = req;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return 'missing or malformed x-slack-request-timestamp';
  if (!signature || !/^v0=[0-9a-f]{64}$/.test(signature)) return 'missing or malformed x-slack-signature';
  const skew = Math.abs(nowMs / 1000 - Number(timestamp));
  if (skew > SIGNATURE_WINDOW_SECONDS) return `timestamp outside the ±${SIGNATURE_WINDOW_SECONDS} s window`;
  const expected = Buffer.from(`v0=${sign(secret, timestamp, req.raw)}`);
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? undefined : 'bad signature';
}

export function sign(secret: string, timestamp: string, raw: Buffer | string): string {
  return createHmac('sha256', secret).update(`v0:${timestamp}:`).update(raw).digest('hex');
}
