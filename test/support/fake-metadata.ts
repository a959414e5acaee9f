/**
 * A local stand-in for the GCE / Cloud Run metadata server's ID-token endpoint
 * (`/computeMetadata/v1/instance/service-accounts/default/identity?audience=…&format=full`), so
 * google-auth-library's real ADC path (the one Cloud Run takes) mints the tokens: point
 * `GCE_METADATA_HOST` here and set `METADATA_SERVER_DETECTION=assume-present`. Tokens are JWT-shaped
 * (unsigned), with `aud` = the requested audience, so a fake receiver can read who they were for.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Why: the service account a Cloud Run service runs as; what the receiver sees as the caller. */
export const FAKE_SERVICE_ACCOUNT = 'pipeline-bot@nba-props.iam.gserviceaccount.com';

export interface FakeMetadata {
  /** `127.0.0.1:PORT`, for GCE_METADATA_HOST. */
  host: string;
  /** The audiences tokens were asked for, in order. */
  audiences: string[];
  close(): Promise<void>;
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function fakeIdToken(audience: string): string {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    aud: audience,
    iss: 'https://accounts.google.com',
    email: FAKE_SERVICE_ACCOUNT,
    iat: now,
    exp: now + 3600,
  };
  return `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(claims)}.fake-signature`;
}

/** The claims of a JWT (no signature check: the fake's tokens are unsigned). */
export function jwtClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
}

export async function startFakeMetadata(): Promise<FakeMetadata> {
  const audiences: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://metadata');
    if (req.headers['metadata-flavor'] !== 'Google') {
      res.writeHead(403).end('Missing Metadata-Flavor: Google');
      return;
    }
    res.setHeader('Metadata-Flavor', 'Google');
    if (url.pathname === '/computeMetadata/v1/instance/service-accounts/default/identity') {
      const audience = url.searchParams.get('audience') ?? '';
      audiences.push(audience);
      res.writeHead(200, { 'content-type': 'text/plain' }).end(fakeIdToken(audience));
      return;
    }
    if (url.pathname === '/computeMetadata/v1/project/project-id') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('nba-props');
      return;
    }
    res.writeHead(404).end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    audiences,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
