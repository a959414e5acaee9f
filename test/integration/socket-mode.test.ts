/**
 * Socket Mode end to end (no public URL): the bot opens its connection with `apps.connections.open`
 * (answered by the Web API fake, with the app-level token), receives `hello` from a local WebSocket server
 * speaking Slack's Socket Mode protocol, then a `slash_commands` and an `interactive` envelope, and acks
 * each by its `envelope_id`. `/pipeline status` is answered at its response_url; a heal click runs the
 * Cloud Scheduler job once, and the same envelope redelivered (Slack retries unacked ones) runs nothing.
 * In gcp mode: Firestore emulator, fake Cloud Scheduler and BigQuery, one simulated clock.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemo } from '../../src/adapters/local/demo.js';
import { type RunningApp, startApp } from '../../src/app.js';
import { type FakeBigQuery, startFakeBigQuery } from '../support/fake-bigquery.js';
import { type FakeScheduler, startFakeScheduler } from '../support/fake-scheduler.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { type FakeSocketMode, startFakeSocketMode } from '../support/fake-socket-mode.js';
import { describeFirestore, firestoreTestEnv } from '../support/firestore.js';
import { FakeClock, testConfig } from '../support/fixtures.js';
import { blockActionsPayload, DEFAULT_TEAM_ID, slashCommandFields } from '../support/slack-requests.js';

const fs = firestoreTestEnv();
const ONCALL = 'U0ONCALL1';
const APP_TOKEN = 'xapp-1-A0TESTAPP-socket-test';
const NOW = new Date('2026-02-10T20:00:00.000Z'); // 15:00 in New York
const STUCK = '2026-02-09';
const T = 'phase2_to_phase3';

type Reply = {
  text: string;
  response_type?: string;
  blocks?: { accessory?: { action_id: string; value: string } }[];
};

describeFirestore('Socket Mode: slash command and heal click over a WebSocket (gcp mode)', () => {
  let slack: FakeSlack;
  let socket: FakeSocketMode;
  let scheduler: FakeScheduler;
  let bigquery: FakeBigQuery;
  let app: RunningApp;
  let dir: string;
  const clock = new FakeClock(NOW);

  beforeAll(async () => {
    slack = await startFakeSlack();
    socket = await startFakeSocketMode();
    scheduler = await startFakeScheduler();
    bigquery = await startFakeBigQuery();
    slack.respondWith('apps.connections.open', () => ({ ok: true, url: socket.url }));
    dir = mkdtempSync(join(tmpdir(), 'pipeline-bot-socket-'));
    writeFileSync(
      join(dir, 'pipeline.yml'),
      [
        'timezone: America/New_York',
        'channels: { alerts: C0ALERTS }',
        'heal:',
        `  allowed_users: [${ONCALL}]`,
        '',
      ].join('\n'),
    );
    const db = fs!.client();
    await seedDemo(
      testConfig(),
      { put: async (c, d, data) => void (await db.collection(c).doc(d).set(data)) },
      { setGames: () => {} },
      NOW,
    );
    app = await startApp(
      {
        GOOGLE_CLOUD_PROJECT: fs!.projectId,
        FIRESTORE_EMULATOR_HOST: fs!.host,
        BIGQUERY_EMULATOR_HOST: bigquery.url,
        CLOUD_SCHEDULER_API_ENDPOINT: scheduler.url,
        PIPELINE_CONFIG: join(dir, 'pipeline.yml'),
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_APP_TOKEN: APP_TOKEN,
        SLACK_API_URL: slack.apiUrl,
        SLACK_TEAM_ID: DEFAULT_TEAM_ID,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
      },
      { schedule: false, clock, instanceId: `socket-${randomUUID().slice(0, 4)}`, slackMinPostIntervalMs: 0 },
    );
    await socket.connected();
  });

  afterAll(async () => {
    await app?.stop();
    await Promise.all([slack?.close(), socket?.close(), scheduler?.close(), bigquery?.close()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('connects with the app-level token through apps.connections.open', () => {
    const open = slack.calls('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]!.headers.authorization).toBe(`Bearer ${APP_TOKEN}`);
    expect(app.config.slackMode).toBe('socket');
  });

  it('/pipeline status: the envelope is acked by its id and the status answered at the response_url', async () => {
    const envelopeId = `env-${randomUUID()}`;
    const ack = await socket.send(
      'slash_commands',
      slashCommandFields({ text: 'status', responseUrl: slack.responseUrl('status'), userId: ONCALL }),
      envelopeId,
    );
    expect(ack.envelope_id).toBe(envelopeId);
    const reply = (await slack.waitForResponse('status')).body as Reply;
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toContain(`${T} ${STUCK}: stuck (5/5)`);
    const heal = reply.blocks?.find((b) => b.accessory?.action_id === 'heal_trigger');
    expect(JSON.parse(heal!.accessory!.value)).toEqual({ t: T, d: STUCK });
  });

  it('a heal click runs the job once; the same envelope delivered again runs nothing more', async () => {
    const jobName = `projects/${fs!.projectId}/locations/us-west2/jobs/same-day-phase3`;
    const click = (id: string) =>
      blockActionsPayload({ responseUrl: slack.responseUrl(id), userId: ONCALL }, [
        {
          type: 'button',
          action_id: 'heal_trigger',
          block_id: 'heal',
          text: { type: 'plain_text', text: 'Trigger Phase 3' },
          value: JSON.stringify({ t: T, d: STUCK }),
          action_ts: '1770753600.000100',
        },
      ]);
    const envelopeId = `env-${randomUUID()}`;
    expect((await socket.send('interactive', click('heal'), envelopeId)).envelope_id).toBe(envelopeId);
    const ran = (await slack.waitForResponse('heal', undefined, 15_000)).body as Reply;
    expect(ran.text).toMatch(
      /^Trigger Phase 3: ran `same-day-phase3` \(us-west2\) for phase2_to_phase3 2026-02-09/,
    );
    expect(scheduler.runs()).toEqual([jobName]);

    expect((await socket.send('interactive', click('again'), envelopeId)).envelope_id).toBe(envelopeId);
    const again = (await slack.waitForResponse('again', undefined, 15_000)).body as Reply;
    expect(again.text).toMatch(/was already triggered by <@U0ONCALL1>/);
    expect(scheduler.runs()).toEqual([jobName]);
  });
});
