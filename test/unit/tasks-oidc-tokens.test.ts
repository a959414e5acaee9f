import { createSign, generateKeyPairSync } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { OAuth2Client } from 'google-auth-library';
import { describe, expect, it } from 'vitest';
import { oidcAuth } from '../../src/http/oidc.js';
import { silentLogger } from '../../src/log.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

function idToken(claims: Record<string, unknown>): string {
  const now = Math.floor(Date.now() / 1000);
  const body = `${b64({ alg: 'RS256', kid: 'k1', typ: 'JWT' })}.${b64({
    iss: 'https://accounts.google.com',
    iat: now,
    exp: now + 600,
    ...claims,
  })}`;
  return `${body}.${createSign('RSA-SHA256').update(body).sign(privateKey).toString('base64url')}`;
}

/** A client whose Google certificates are our local test key: no network. */
function offlineClient(): Promise<OAuth2Client> {
  const client = new OAuth2Client();
  client.getFederatedSignonCertsAsync = async () => ({
    certs: { k1: PEM },
    format: 'PEM' as never,
    res: null,
  });
  return Promise.resolve(client);
}

const auth = oidcAuth(
  { audience: 'https://bot.example/tasks', serviceAccount: 'scheduler@p.iam.gserviceaccount.com' },
  silentLogger,
  offlineClient,
);
const req = (token: string) => ({ headers: { authorization: `Bearer ${token}` } }) as IncomingMessage;
const good = {
  aud: 'https://bot.example/tasks',
  email: 'scheduler@p.iam.gserviceaccount.com',
  email_verified: true,
};

describe('/tasks OIDC', () => {
  it('accepts a Google-signed token for the audience from the configured service account', async () => {
    expect(await auth(req(idToken(good)))).toBe(true);
  });
  it.each([
    ['another audience', { ...good, aud: 'https://other.example' }],
    ['another service account', { ...good, email: 'someone@p.iam.gserviceaccount.com' }],
    ['an unverified email', { ...good, email_verified: false }],
    [
      'an expired token',
      { ...good, exp: Math.floor(Date.now() / 1000) - 3600, iat: Math.floor(Date.now() / 1000) - 7200 },
    ],
  ])('refuses %s', async (_name, claims) => {
    expect(await auth(req(idToken(claims)))).toBe(false);
  });
  it('refuses a token signed by another key, and garbage', async () => {
    const forged = idToken(good).split('.');
    forged[2] = Buffer.from('not a signature').toString('base64url');
    expect(await auth(req(forged.join('.')))).toBe(false);
    expect(await auth(req('garbage'))).toBe(false);
    expect(await auth({ headers: {} } as IncomingMessage)).toBe(false);
  });
});

describe('/tasks OIDC under a flood of bad tokens', () => {
  const settings = {
    audience: 'https://bot.example/tasks',
    serviceAccount: 'scheduler@p.iam.gserviceaccount.com',
  };

  /** A client that counts certificate fetches; `fail` makes the fetch throw like an unreachable Google. */
  function countingClient(fail = false) {
    const counter = { fetches: 0 };
    const factory = async () => {
      const client = await offlineClient();
      const inner = client.getFederatedSignonCertsAsync.bind(client);
      client.getFederatedSignonCertsAsync = async () => {
        counter.fetches++;
        if (fail) throw new Error('Failed to retrieve verification certificates: getaddrinfo ENOTFOUND');
        return inner();
      };
      return client;
    };
    return { counter, factory };
  }

  it.each([
    ['garbage', 'garbage'],
    ['a token for another audience', idToken({ ...good, aud: 'https://other.example' })],
    ['an expired token', idToken({ ...good, exp: Math.floor(Date.now() / 1000) - 3600 })],
    ['another identity', idToken({ ...good, email: 'evil@x.iam.gserviceaccount.com' })],
    ['an HS256 token', `${b64({ alg: 'HS256', kid: 'k1' })}.${b64(good)}.c2ln`],
  ])('refuses %s without fetching certificates', async (_name, token) => {
    const { counter, factory } = countingClient();
    const auth = oidcAuth(settings, silentLogger, factory);
    expect(await auth(req(token))).toBe(false);
    expect(counter.fetches).toBe(0);
  });

  it('fetches the certificates once for 20 concurrent tokens, and reuses them', async () => {
    const { counter, factory } = countingClient();
    const auth = oidcAuth(settings, silentLogger, factory);
    const forged = idToken(good).split('.');
    forged[2] = Buffer.from('not a signature').toString('base64url');
    const answers = await Promise.all([
      ...Array.from({ length: 19 }, () => auth(req(forged.join('.')))),
      auth(req(idToken(good))),
    ]);
    expect(answers.filter(Boolean)).toHaveLength(1);
    expect(await auth(req(idToken(good)))).toBe(true);
    expect(counter.fetches).toBe(1);
  });

  it('after a failed fetch, refuses for a moment without refetching', async () => {
    const { counter, factory } = countingClient(true);
    let now = Date.now();
    const auth = oidcAuth(settings, silentLogger, factory, () => now);
    const answers = await Promise.all(Array.from({ length: 10 }, () => auth(req(idToken(good)))));
    expect(answers.every((a) => a === false)).toBe(true);
    expect(await auth(req(idToken(good)))).toBe(false);
    expect(counter.fetches).toBe(1);
    now += 11_000;
    await auth(req(idToken(good)));
    expect(counter.fetches).toBe(2);
  });
});
