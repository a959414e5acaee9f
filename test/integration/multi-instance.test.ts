/**
 * Two bot instances (separate Firestore clients, separate Bolt receivers) sharing one Firestore emulator
 * project and one Slack: many concurrent ticks, exactly one root message per alert.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemo } from '../../src/adapters/local/demo.js';
import { type RunningApp, startApp } from '../../src/app.js';
import { noStormConfig } from '../support/app.js';
import { type FakeBigQuery, startFakeBigQuery } from '../support/fake-bigquery.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { describeFirestore, firestoreTestEnv } from '../support/firestore.js';
import { testConfig } from '../support/fixtures.js';

const fs = firestoreTestEnv();

describeFirestore('two instances on one Firestore', () => {
  let slack: FakeSlack;
  let bq: FakeBigQuery;
  const apps: RunningApp[] = [];

  beforeAll(async () => {
    slack = await startFakeSlack();
    bq = await startFakeBigQuery();
    const db = fs!.client();
    await seedDemo(
      testConfig(),
      { put: async (c, d, data) => void (await db.collection(c).doc(d).set(data)) },
      { setGames: () => {} },
      new Date(),
    );
    for (const id of ['instance-a', 'instance-b']) {
      apps.push(
        await startApp(
          {
            GOOGLE_CLOUD_PROJECT: fs!.projectId,
            FIRESTORE_EMULATOR_HOST: fs!.host,
            BIGQUERY_EMULATOR_HOST: bq.url,
            SLACK_BOT_TOKEN: 'xoxb-test',
            SLACK_SIGNING_SECRET: 'secret',
            SLACK_API_URL: slack.apiUrl,
            ALERT_CHANNEL: 'C0ALERTS',
            // One root per alert (storm grouping off): this test counts the alerts' own messages.
            PIPELINE_CONFIG: noStormConfig(),
            PORT: '0',
            HOST: '127.0.0.1',
            LOG_LEVEL: 'silent',
          },
          { schedule: false, instanceId: `${id}-${randomUUID().slice(0, 4)}`, slackMinPostIntervalMs: 0 },
        ),
      );
    }
  });
  afterAll(async () => {
    for (const a of apps) await a.stop();
    await slack?.close();
    await bq?.close();
  });

  it('many concurrent ticks: exactly one root message per alert, no duplicate thread notes', async () => {
    for (let round = 0; round < 8; round++) {
      await Promise.all(
        apps.flatMap((a) => [a.deps.runScheduledChecks('cron'), a.deps.runScheduledChecks('task')]),
      );
    }
    // A last tick with no contention delivers anything a lost lease race left for later.
    await apps[0]!.deps.runScheduledChecks('cron');
    const active = await apps[0]!.deps.alertStore.listActive();
    const roots = slack
      .succeededCalls('chat.postMessage')
      .filter((c) => !(c.body as { thread_ts?: string }).thread_ts)
      .map((c) => (c.body as { text: string }).text);
    expect(active.filter((a) => !a.parentFingerprint).length).toBeGreaterThanOrEqual(3);
    expect(roots).toHaveLength(active.filter((a) => !a.parentFingerprint).length);
    expect(new Set(roots).size).toBe(roots.length);
    expect(roots.some((t) => t.includes('is stuck'))).toBe(true);
    expect(active.every((a) => a.ts && a.outbox.length === 0)).toBe(true);
  });
});
