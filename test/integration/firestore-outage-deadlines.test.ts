/**
 * A Firestore that stops answering (requests black-holed, no error ever comes back): `/pipeline status`
 * still gets a reply naming Firestore within `limits.slash_answer_seconds`, and `/tasks/checks` a 503
 * naming it within `limits.tasks_answer_seconds` — not minutes of client retries.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../../src/app.js';
import { type FakeBigQuery, startFakeBigQuery } from '../support/fake-bigquery.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { describeFirestore, firestoreTestEnv } from '../support/firestore.js';
import { type FirestoreProxy, startFirestoreProxy } from '../support/firestore-proxy.js';
import { DEFAULT_TEAM_ID, sendSlashCommand } from '../support/slack-requests.js';

const fs = firestoreTestEnv();
const SECRET = 'outage-secret';

describeFirestore('Firestore stops answering', () => {
  let slack: FakeSlack;
  let bq: FakeBigQuery;
  let proxy: FirestoreProxy;
  let app: RunningApp;
  let dir: string;

  beforeAll(async () => {
    [slack, bq] = await Promise.all([startFakeSlack(), startFakeBigQuery()]);
    proxy = await startFirestoreProxy(fs!.host);
    dir = mkdtempSync(join(tmpdir(), 'pipeline-bot-outage-'));
    writeFileSync(
      join(dir, 'pipeline.yml'),
      'channels: { alerts: C0ALERTS }\nlimits: { slash_answer_seconds: 3, tasks_answer_seconds: 3 }\n',
    );
    app = await startApp(
      {
        GOOGLE_CLOUD_PROJECT: fs!.projectId,
        FIRESTORE_EMULATOR_HOST: proxy.host,
        BIGQUERY_EMULATOR_HOST: bq.url,
        PIPELINE_CONFIG: join(dir, 'pipeline.yml'),
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: slack.apiUrl,
        SLACK_TEAM_ID: DEFAULT_TEAM_ID,
        TASKS_SECRET: 'tasks-secret',
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
      },
      { schedule: false, slackMinPostIntervalMs: 0 },
    );
    proxy.setFault({ hang: true });
  });

  afterAll(async () => {
    // Closing the proxy fails the hung calls; the app's graceful stop is bounded (it abandons the hung tick).
    await proxy?.close();
    await app?.stop();
    await Promise.all([slack?.close(), bq?.close()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('/pipeline status answers, naming Firestore, within its deadline', async () => {
    const res = await sendSlashCommand(`${app.url}/slack/events`, SECRET, {
      text: 'status',
      responseUrl: slack.responseUrl('status'),
    });
    expect(res.status).toBe(200);
    const reply = await slack.waitForResponse('status', undefined, 3000 + 2000);
    const text = (reply.body as { text: string }).text;
    expect(text).toMatch(/`status` got no answer within 3 s: (.+, )?firestore(, .+)? did not answer/);
    expect(text).toMatch(/error [0-9a-f]{6}/);
    expect(proxy.failed.length).toBeGreaterThan(0);
  });

  it('/tasks/checks answers 503 naming Firestore within its deadline', async () => {
    const res = await fetch(`${app.url}/tasks/checks`, {
      method: 'POST',
      headers: { authorization: 'Bearer tasks-secret' },
      signal: AbortSignal.timeout(3000 + 2000),
    });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ backends: expect.arrayContaining(['firestore']) });
  });
});
