/**
 * Google OIDC for `/tasks/*`: Cloud Scheduler sends `Authorization: Bearer <ID token>` signed by Google for
 * the configured audience; we also require the token's email to be the configured service account, so any
 * other Google identity (or another project's scheduler) is refused.
 *
 * Cost of a forged token: the cheap checks (shape, algorithm, issuer, audience, email, expiry) run on the
 * decoded token before any network call, and Google's signing certificates are fetched once and shared
 * (cached until the expiry Google gives; one fetch in flight at a time; a failed fetch is not retried
 * for a few seconds) — a flood of bad tokens costs microseconds each, not a round trip each.
 */
import type { IncomingMessage } from 'node:http';
import type { OAuth2Client } from 'google-auth-library';
import type { Logger } from '../log.js';
import { errText } from '../util/error-text.js';
import type { TaskAuth } from './routes.js';

export interface OidcSettings {
  audience: string;
  serviceAccount: string;
}

/** Why two: Google ID tokens carry either form of the issuer. */
const ISSUERS = ['accounts.google.com', 'https://accounts.google.com'];
/** Why 300 s: the clock skew google-auth-library itself allows on `exp`. */
const CLOCK_SKEW_SECONDS = 300;
/** Why 10 s: after a failed certificate fetch, refuse at once for a moment instead of refetching per request. */
const FAILED_FETCH_HOLD_MS = 10_000;
/** Why 8 KB: Google ID tokens are ~1 KB; anything far larger is not one. */
const MAX_TOKEN_CHARS = 8192;

type Claims = Record<string, unknown>;

function decodePart(part: string | undefined): Claims | undefined {
  if (!part) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Claims)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Why a token cannot be valid, judged without the network; `undefined` when it may be. */
export function cheapProblem(token: string, settings: OidcSettings, nowMs: number): string | undefined {
  if (token.length > MAX_TOKEN_CHARS) return 'token too long';
  const parts = token.split('.');
  if (parts.length !== 3) return 'not a JWT';
  const head = decodePart(parts[0]);
  const claims = decodePart(parts[1]);
  if (!head || !claims) return 'not a JWT';
  if (head.alg !== 'RS256' || typeof head.kid !== 'string') return 'not an RS256 token with a key id';
  if (!ISSUERS.includes(String(claims.iss))) return 'issuer is not Google';
  if (claims.aud !== settings.audience) return 'another audience';
  if (claims.email !== settings.serviceAccount || claims.email_verified !== true) return 'another identity';
  if (typeof claims.exp !== 'number' || claims.exp + CLOCK_SKEW_SECONDS < nowMs / 1000) return 'expired';
  return undefined;
}

/** Why 5 min: how long certificates are kept when Google's answer gives no `max-age`. */
const DEFAULT_CERT_TTL_MS = 5 * 60_000;

function maxAgeMs(res: unknown): number {
  const header = (res as { headers?: { get?(name: string): string | null } } | null)?.headers?.get?.(
    'cache-control',
  );
  const seconds = header ? Number(/max-age=(\d+)/.exec(header)?.[1]) : Number.NaN;
  return Number.isFinite(seconds) ? seconds * 1000 : DEFAULT_CERT_TTL_MS;
}

/**
 * Google's certificates, shared by every request: kept until their expiry, one fetch in flight, a failed
 * fetch held briefly; a key id missing from fresh certificates triggers at most one refetch per hold.
 */
function certificateSource(getClient: () => Promise<OAuth2Client>, now: () => number) {
  let cached: { certs: Record<string, string>; until: number; at: number } | undefined;
  let inFlight: Promise<Record<string, string>> | undefined;
  let failure: { err: Error; at: number } | undefined;
  const fetch = () =>
    getClient()
      .then((client) => client.getFederatedSignonCertsAsync())
      .then(
        (r) => {
          const certs = r.certs as Record<string, string>;
          cached = { certs, until: now() + maxAgeMs(r.res), at: now() };
          failure = undefined;
          return certs;
        },
        (err: Error) => {
          failure = { err, at: now() };
          throw err;
        },
      )
      .finally(() => {
        inFlight = undefined;
      });
  return async (kid: string): Promise<Record<string, string>> => {
    const fresh = cached && now() < cached.until;
    const rotated = fresh && !(kid in cached!.certs) && now() - cached!.at > FAILED_FETCH_HOLD_MS;
    if (fresh && !rotated) return cached!.certs;
    if (failure && now() - failure.at < FAILED_FETCH_HOLD_MS) throw failure.err;
    inFlight ??= fetch();
    return inFlight;
  };
}

export function oidcAuth(
  settings: OidcSettings,
  log: Logger,
  clientFactory?: () => Promise<OAuth2Client>,
  now: () => number = Date.now,
): TaskAuth {
  let client: Promise<OAuth2Client> | undefined;
  const getClient = () => {
    client ??= clientFactory
      ? clientFactory()
      : import('google-auth-library').then(({ OAuth2Client }) => new OAuth2Client());
    return client;
  };
  const certificates = certificateSource(getClient, now);
  return async (req: IncomingMessage) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!match) return false;
    const token = match[1]!;
    const problem = cheapProblem(token, settings, now());
    const kid = String(decodePart(token.split('.')[0])?.kid);
    if (problem) {
      log.warn({ reason: problem }, '/tasks: OIDC token refused');
      return false;
    }
    try {
      const certs = await certificates(kid);
      const ticket = await (await getClient()).verifySignedJwtWithCertsAsync(
        token,
        certs,
        settings.audience,
        ISSUERS,
      );
      const payload = ticket.getPayload();
      return payload?.email === settings.serviceAccount && payload.email_verified === true;
    } catch (err) {
      log.warn({ reason: errText(err) }, '/tasks: OIDC token refused');
      return false;
    }
  };
}
