/**
 * Google OIDC for `/tasks/*`: Cloud Scheduler sends `Authorization: Bearer <ID token>` signed by Google for
 * the configured audience; we also require the token's email to be the configured service account, so any
 * other Google identity (or another project's scheduler) is refused.
 */
import type { IncomingMessage } from 'node:http';
import type { OAuth2Client } from 'google-auth-library';
import type { Logger } from '../log.js';
import type { TaskAuth } from './routes.js';

export interface OidcSettings {
  audience: string;
  serviceAccount: string;
}

export function oidcAuth(
  settings: OidcSettings,
  log: Logger,
  clientFactory?: () => Promise<OAuth2Client>,
): TaskAuth {
  let client: Promise<OAuth2Client> | undefined;
  const getClient = () => {
    client ??= clientFactory
      ? clientFactory()
      : import('google-auth-library').then(({ OAuth2Client }) => new OAuth2Client());
    return client;
  };
  return async (req: IncomingMessage) => {
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!m) return false;
    try {
      const ticket = await (await getClient()).verifyIdToken({ idToken: m[1]!, audience: settings.audience });
      const payload = ticket.getPayload();
      return payload?.email === settings.serviceAccount && payload.email_verified === true;
    } catch (err) {
      log.warn({ reason: (err as Error).message }, '/tasks: OIDC token refused');
      return false;
    }
  };
}
