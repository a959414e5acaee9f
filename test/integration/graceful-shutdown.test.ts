/**
 * Graceful stop in process (the SIGTERM path of `pipeline-bot start`): a Slack listener still working
 * after its ack (its reply held at a gate in front of the response_url) is finished before `stop()`
 * resolves, and new connections are refused once stopped; a listener that outlives the grace period is
 * abandoned and `stop()` says so (false).
 */
import { afterEach, expect, it } from 'vitest';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/app.js';
import { type GateProxy, startGateProxy } from '../support/gate-proxy.js';
import { sendSlashCommand } from '../support/slack-requests.js';

let t: TestApp | undefined;
let gate: GateProxy | undefined;
afterEach(async () => {
  gate?.open();
  await t?.stop();
  await gate?.close();
  t = undefined;
  gate = undefined;
});

/** A slash command whose reply (to the response_url) waits at the gate; resolves once it is waiting. */
async function commandHeldMidReply(id: string): Promise<void> {
  t = await startTestApp();
  gate = await startGateProxy(t.slack.apiUrl, (_method, path) => path.startsWith('/respond/'));
  const fakeUrl = new URL(t.slack.responseUrl(id));
  const res = await sendSlashCommand(t.eventsUrl, SIGNING_SECRET, {
    text: 'help',
    responseUrl: `${gate.url}${fakeUrl.pathname}`,
  });
  expect(res.status).toBe(200);
  await gate.held();
}

it('waits for a listener still replying after its ack, then refuses new connections', async () => {
  await commandHeldMidReply('help');
  let stopped = false;
  const stopping = t!.app.stop().then((clean) => {
    stopped = true;
    return clean;
  });
  await new Promise((r) => setTimeout(r, 100));
  expect(stopped).toBe(false);
  expect(t!.slack.responses('help')).toHaveLength(0);

  gate!.open();
  expect(await stopping).toBe(true);
  expect(t!.slack.responses('help')).toHaveLength(1);
  await expect(fetch(`${t!.app.url}/healthz`)).rejects.toThrow();
});

it('abandons work that outlives the grace period and says so', async () => {
  await commandHeldMidReply('slow');
  expect(await t!.app.stop(200)).toBe(false);
  expect(t!.slack.responses('slow')).toHaveLength(0);
});
