/**
 * The guard in front of Bolt: what is not a Slack payload gets a status (400, 401, 405, 413), never a
 * crash or a 500; a button from an older version is acknowledged and answered at once.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OLDER_BUTTON_TEXT } from '../../src/listeners/actions/unknown.js';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/app.js';
import {
  blockActionsPayload,
  sendBlockAction,
  sendInteraction,
  sendSignedRequest,
  sendSlashCommand,
} from '../support/slack-requests.js';

const FORM = 'application/x-www-form-urlencoded';
const user = { id: 'U0ONCALL1', username: 'oncall', team_id: 'T0TEAM' };

describe('the receiver guard on /slack/events', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { slackMinPostIntervalMs: 0 });
  });
  afterAll(async () => {
    await t?.stop();
  });

  const signedForm = (body: string) => sendSignedRequest(t.eventsUrl, SIGNING_SECRET, body, FORM);

  it.each([
    ['payload=null', 'payload=null'],
    ['payload that is not JSON', 'payload=%7Bnot-json'],
    ['payload that is a string', `payload=${encodeURIComponent('"block_actions"')}`],
    ['a form that is no slash command', 'hello=world'],
  ])('%s → 400', async (_name, body) => {
    expect((await signedForm(body)).status).toBe(400);
  });

  it.each([
    ['a JSON body null', 'null'],
    ['a JSON array', '[]'],
    ['an event_callback without event', JSON.stringify({ type: 'event_callback' })],
  ])('%s → 400', async (_name, body) => {
    expect((await sendSignedRequest(t.eventsUrl, SIGNING_SECRET, body, 'application/json')).status).toBe(400);
  });

  it.each([
    ['actions: {}', { type: 'block_actions', user, actions: {} }],
    ['actions: []', { type: 'block_actions', user, actions: [] }],
    ['an action without action_id', { type: 'block_actions', user, actions: [{ type: 'button' }] }],
    ['a missing user', { type: 'block_actions', actions: [{ action_id: 'alert_acknowledge' }] }],
    ['a view_submission without view', { type: 'view_submission', user }],
    ['an unknown payload type', { type: 'dialog_submission', user }],
  ])('a block_actions payload with %s → 400', async (_name, payload) => {
    expect((await sendInteraction(t.eventsUrl, SIGNING_SECRET, payload)).status).toBe(400);
  });

  it.each(['GET', 'PUT', 'DELETE'])('%s → 405 with Allow: POST', async (method) => {
    const res = await fetch(t.eventsUrl, { method });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it.each([
    ['10 minutes in the future', 600],
    ['a year in the future', 365 * 86_400],
    ['10 minutes old', -600],
  ])('a signature timestamped %s → 401', async (_name, offset) => {
    const res = await sendSlashCommand(
      t.eventsUrl,
      SIGNING_SECRET,
      { text: 'status', responseUrl: t.slack.responseUrl() },
      { timestamp: Math.floor(Date.now() / 1000) + offset },
    );
    expect(res.status).toBe(401);
  });

  it('a signature 4 minutes in the future is still accepted (clock skew)', async () => {
    const res = await sendSlashCommand(
      t.eventsUrl,
      SIGNING_SECRET,
      { text: 'help', responseUrl: t.slack.responseUrl('skew') },
      { timestamp: Math.floor(Date.now() / 1000) + 240 },
    );
    expect(res.status).toBe(200);
    await t.slack.waitForResponse('skew');
  });

  it('answers Slack URL verification and ssl_check', async () => {
    const challenge = await sendSignedRequest(
      t.eventsUrl,
      SIGNING_SECRET,
      JSON.stringify({ type: 'url_verification', challenge: 'abc123' }),
      'application/json',
    );
    expect(JSON.parse(challenge.body)).toEqual({ challenge: 'abc123' });
    expect((await signedForm('ssl_check=1&token=x')).status).toBe(200);
  });

  it('a button from an older version is acknowledged at once and answered', async () => {
    const res = await sendBlockAction(t.eventsUrl, SIGNING_SECRET, {
      actionId: 'retired_button_v0',
      value: '{}',
      responseUrl: t.slack.responseUrl('old-button'),
    });
    expect(res.status).toBe(200);
    const reply = await t.slack.waitForResponse('old-button');
    expect((reply.body as { text: string }).text).toBe(OLDER_BUTTON_TEXT);
  });

  it('a body declared over the limit → 413 before it is read, on every route', async () => {
    for (const path of ['/slack/events', '/tasks/checks', '/healthz']) {
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(`${t.app.url}${path}`, {
          method: 'POST',
          headers: { 'content-length': String(5_000_000), 'content-type': FORM },
        });
        req.on('response', (res) => resolve(res.statusCode ?? 0));
        req.on('error', reject);
        req.write('payload=');
      });
      expect(status, path).toBe(413);
    }
  });

  it('a chunked body over the limit → 413 once the limit is crossed', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(t.eventsUrl, { method: 'POST', headers: { 'content-type': FORM } });
      req.on('response', (res) => resolve(res.statusCode ?? 0));
      req.on('error', (err) => (req.writableEnded ? undefined : reject(err)));
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const pump = () => {
        for (let i = 0; i < 40 && !req.destroyed; i++)
          if (!req.write(chunk)) return void req.once('drain', pump);
      };
      pump();
    });
    expect(status).toBe(413);
  });

  it('the bot keeps answering after all of the above', async () => {
    const res = await sendInteraction(
      t.eventsUrl,
      SIGNING_SECRET,
      blockActionsPayload({ responseUrl: t.slack.responseUrl('after') }, [
        {
          type: 'button',
          action_id: 'alert_acknowledge',
          value: JSON.stringify({ fp: 'stuck:none:2026-01-01' }),
        },
      ]),
    );
    expect(res.status).toBe(200);
    await t.slack.waitForResponse('after');
  });
});
