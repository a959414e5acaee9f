/**
 * Exactly one root message per alert when Slack takes a post but its answer never comes back: the next
 * attempt finds the message by its metadata in the channel's history and adopts it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

const tick = (t: TestApp) =>
  fetch(`${t.app.url}/tasks/checks`, { method: 'POST', headers: { authorization: 'Bearer tasks-secret' } });

describe('a root post whose answer is lost', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { slackMinPostIntervalMs: 0 });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('is adopted on the next tick: one root message per alert after three ticks', async () => {
    t.slack.failNext('chat.postMessage', { loseAnswer: true });
    for (let i = 0; i < 3; i++) expect((await tick(t)).status).toBe(200);

    const roots = t.slack.messages('C0ALERTS').filter((m) => !m.thread_ts);
    const keys = roots.map((m) => m.metadata?.event_payload.fingerprint);
    expect(keys.length).toBeGreaterThan(1);
    expect(new Set(keys).size).toBe(keys.length); // no fingerprint posted twice
    expect(keys.every((k) => typeof k === 'string')).toBe(true);

    // The alert whose answer was lost points at the message that landed, and looked it up once.
    const lost = t.slack.calls('chat.postMessage')[0]!;
    expect(lost.status).toBe(0);
    const fp = (lost.body.metadata as { event_payload: { fingerprint: string } }).event_payload.fingerprint;
    const record = await t.app.deps.alertStore.get(fp);
    expect(record?.ts).toBe(roots.find((m) => m.metadata?.event_payload.fingerprint === fp)?.ts);
    expect(record?.rootPostStartedAt).toBeUndefined();
    expect(t.slack.calls('conversations.history')).toHaveLength(1);
  });

  it('posts are never retried by the client (each root attempt is one call)', () => {
    const rootCalls = t.slack.calls('chat.postMessage').filter((c) => c.body.thread_ts === undefined);
    const roots = t.slack.messages('C0ALERTS').filter((m) => !m.thread_ts);
    expect(rootCalls).toHaveLength(roots.length);
  });
});
