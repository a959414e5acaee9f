/**
 * A silence created from Slack on one instance holds posts on the other (both on one Firestore emulator
 * project, one fake Slack, one simulated clock); when it ends, exactly one summary is posted, then the
 * held alert's root — however many ticks both instances run.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemo } from '../../src/adapters/local/demo.js';
import { type RunningApp, startApp } from '../../src/app.js';
import { noStormConfig } from '../support/app.js';
import { type FakeBigQuery, startFakeBigQuery } from '../support/fake-bigquery.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { describeFirestore, firestoreTestEnv } from '../support/firestore.js';
import { FakeClock, testConfig } from '../support/fixtures.js';
import { sendSlashCommand } from '../support/slack-requests.js';

const fs = firestoreTestEnv();
const SECRET = 'two-instance-secret';
const MIN = 60_000;
type Posted = { channel: string; text: string; thread_ts?: string };

describeFirestore('silences across two instances', () => {
  let slack: FakeSlack;
  let bq: FakeBigQuery;
  const apps: RunningApp[] = [];
  const clock = new FakeClock(new Date());
  const roots = () =>
    slack
      .succeededCalls('chat.postMessage')
      .map((c) => c.body as Posted)
      .filter((b) => !b.thread_ts && b.channel === 'C0ALERTS');
  const tickBoth = () =>
    Promise.all(apps.flatMap((a) => [a.deps.runScheduledChecks('cron'), a.deps.runScheduledChecks('task')]));

  beforeAll(async () => {
    slack = await startFakeSlack();
    bq = await startFakeBigQuery();
    const db = fs!.client();
    await seedDemo(
      testConfig(),
      { put: async (c, d, data) => void (await db.collection(c).doc(d).set(data)) },
      { setGames: () => {} },
      clock.now(),
    );
    const config = noStormConfig();
    for (const id of ['a', 'b']) {
      apps.push(
        await startApp(
          {
            GOOGLE_CLOUD_PROJECT: fs!.projectId,
            FIRESTORE_EMULATOR_HOST: fs!.host,
            BIGQUERY_EMULATOR_HOST: bq.url,
            SLACK_BOT_TOKEN: 'xoxb-test',
            SLACK_SIGNING_SECRET: SECRET,
            SLACK_API_URL: slack.apiUrl,
            ALERT_CHANNEL: 'C0ALERTS',
            PIPELINE_CONFIG: config,
            PORT: '0',
            HOST: '127.0.0.1',
            LOG_LEVEL: 'silent',
          },
          {
            schedule: false,
            clock,
            instanceId: `${id}-${randomUUID().slice(0, 4)}`,
            slackMinPostIntervalMs: 0,
          },
        ),
      );
    }
  });
  afterAll(async () => {
    for (const a of apps) await a.stop();
    await slack?.close();
    await bq?.close();
  });

  it('muted on A from Slack: B posts the other alerts only; at expiry one summary, then the held root', {
    timeout: 60_000,
  }, async () => {
    const res = await sendSlashCommand(`${apps[0]!.url}/slack/events`, SECRET, {
      text: 'mute check=stuck 1h orchestrator redeploy',
      responseUrl: slack.responseUrl('mute'),
    });
    expect(res.status).toBe(200);
    const reply = await slack.waitForResponse('mute');
    expect(JSON.stringify(reply.body.blocks)).toMatch(/Silence `[a-z0-9]+` holds posts/);

    for (let round = 0; round < 2; round++) await tickBoth();
    await apps[1]!.deps.runScheduledChecks('cron');
    const active = await apps[1]!.deps.alertStore.listActive();
    const stuck = active.filter((a) => a.check === 'stuck');
    expect(stuck.length).toBeGreaterThan(0);
    expect(stuck.every((a) => a.mutedBy && !a.ts)).toBe(true);
    const others = active.filter((a) => a.check !== 'stuck' && !a.parentFingerprint);
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((a) => a.ts)).toBe(true);
    expect(roots().some((b) => b.text.includes('is stuck'))).toBe(false);
    const before = roots().length;

    clock.advance(61 * MIN);
    for (let round = 0; round < 2; round++) await tickBoth();
    await apps[0]!.deps.runScheduledChecks('cron');
    const after = roots().slice(before);
    const summaries = after.filter((b) => b.text.startsWith('Silence '));
    expect(summaries).toHaveLength(1);
    expect(summaries[0]!.text).toMatch(/ended: \d+ alert\(s\) fired while muted, \d+ still open/);
    const stuckRoots = after.filter((b) => b.text.includes('is stuck'));
    expect(stuckRoots).toHaveLength(stuck.length);
    expect(after.indexOf(summaries[0]!)).toBeLessThan(after.indexOf(stuckRoots[0]!));
  });
});
