import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GAP_DAYS_BACK } from '../../src/adapters/local/demo-warehouse.js';
import { addDays, localDate } from '../../src/pipeline/dates.js';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/app.js';
import { describeZetaSql, type FakeBigQuery, startFakeBigQuery } from '../support/fake-bigquery.js';
import { describeFirestore, firestoreTestEnv } from '../support/firestore.js';
import { sendSlashCommand } from '../support/slack-requests.js';

const TZ = 'America/New_York';
type Reply = { response_type: string; text: string; blocks: { type: string; text?: { text: string } }[] };

describe('/pipeline completeness in local mode', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('shows the demo grid with the gap 10 days back', async () => {
    const responseUrl = t.slack.responseUrl('local-grid');
    const res = await sendSlashCommand(t.eventsUrl, SIGNING_SECRET, { text: 'completeness', responseUrl });
    expect(res.status).toBe(200);
    const body = (await t.slack.waitForResponse('local-grid')).body as Reply;
    const gap = addDays(localDate(new Date(), TZ), -DEMO_GAP_DAYS_BACK);
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain(`below 80%: ${gap}`);
    const grid = body.blocks.find((b) => b.text?.text.includes('boxscores'))!.text!.text;
    expect(grid).toContain('🟥');
    expect([...grid.split('\n')[1]!].filter((c) => /\p{Extended_Pictographic}/u.test(c))).toHaveLength(14);
  });
});

const fs = firestoreTestEnv();

describeFirestore('/pipeline completeness against a slow BigQuery (gcp mode)', () => {
  describeZetaSql('queries answered by ZetaSQL', () => {
    let t: TestApp;
    let bq: FakeBigQuery;
    const yesterday = addDays(localDate(new Date(), TZ), -1);
    const gap = addDays(yesterday, -3);

    beforeAll(async () => {
      bq = await startFakeBigQuery();
      const schedule = [];
      const boxscores = [];
      for (let i = 0; i < 20; i++) {
        const date = addDays(yesterday, -i);
        for (let g = 0; g < 5; g++) {
          schedule.push({ game_date: date, game_id: `${date}-${g}` });
          if (date !== gap || g === 0) boxscores.push({ game_date: date, game_id: `${date}-${g}` });
        }
      }
      bq.tables.set('nba_raw.nbac_schedule', schedule);
      bq.tables.set('nba_raw.nbac_gamebook_player_stats', boxscores);
      bq.setLatency(2000);
      t = await startTestApp({
        PIPELINE_BACKEND: 'gcp',
        GOOGLE_CLOUD_PROJECT: fs!.projectId,
        FIRESTORE_EMULATOR_HOST: fs!.host,
        BIGQUERY_EMULATOR_HOST: bq.url,
        BIGQUERY_LOCATION: 'US',
      });
    });
    afterAll(async () => {
      await t?.stop();
      await bq?.close();
    });

    it('acks at once and answers through respond when BigQuery takes 2 s', async () => {
      const responseUrl = t.slack.responseUrl('slow-grid');
      const started = Date.now();
      const res = await sendSlashCommand(t.eventsUrl, SIGNING_SECRET, {
        text: 'completeness 7',
        responseUrl,
      });
      expect(res.status).toBe(200);
      expect(res.elapsedMs).toBeLessThan(1000);
      expect(t.slack.responses('slow-grid')).toHaveLength(0);
      const reply = await t.slack.waitForResponse('slow-grid', undefined, 15_000);
      expect(reply.at - started).toBeGreaterThanOrEqual(1900);
      const body = reply.body as Reply;
      expect(body.text).toContain(`below 80%: ${gap} 20%`);
      const [q] = bq.queries('daily_counts');
      expect(q).toMatchObject({ location: 'US', maximumBytesBilled: String(10 * 1024 ** 3) });
      expect(q!.params).toEqual({ from: addDays(yesterday, -6), to: yesterday });
    });
  });
});
