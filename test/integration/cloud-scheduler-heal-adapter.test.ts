/**
 * The Cloud Scheduler REST adapter: against a fake Scheduler (the path it POSTs, no credentials, which
 * failures are ambiguous), and through the heal service on the Firestore emulator (an unknown job is a
 * clear failure). Concurrency, retries after a failure and the BigQuery copy are owned by the heal-log
 * contract tests (every adapter), the heal service units (the rules) and `heal-slack` (the wiring).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Firestore } from '@google-cloud/firestore';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BigQueryHealExporter } from '../../src/adapters/bigquery/heal-export.js';
import { firestoreSettings } from '../../src/adapters/firestore/client.js';
import { FirestoreCompletionStore } from '../../src/adapters/firestore/completion-store.js';
import { FirestoreHealLog } from '../../src/adapters/firestore/heal-log.js';
import { CloudSchedulerJobTrigger } from '../../src/adapters/scheduler/cloud-scheduler.js';
import { SchedulerPhaseStarter } from '../../src/adapters/scheduler/phase-starter.js';
import type { Config } from '../../src/config.js';
import { HealService } from '../../src/heal/service.js';
import type { HealOutcome } from '../../src/heal/types.js';
import { healOutcomeText } from '../../src/views/heal-outcome.js';
import { type FakeScheduler, startFakeScheduler } from '../support/fake-scheduler.js';
import { describeFirestore, firestoreTestEnv } from '../support/firestore.js';
import { FakeClock, P2, testConfig } from '../support/fixtures.js';
import { getFreePort } from '../support/ports.js';

const env = firestoreTestEnv();
const NOW = new Date('2026-02-10T20:00:00.000Z');
/** Outcomes are data; the views render them (as Slack and the CLI do). */
const TEXT_CLOCK = { tz: 'America/New_York', now: NOW };
const text = (o: HealOutcome): string => healOutcomeText(o, TEXT_CLOCK);

const DATE = '2026-02-09';

interface InsertCall {
  path: string;
  body: { rows: { insertId: string; json: Record<string, unknown> }[] };
}

/** A fake BigQuery `tabledata.insertAll`. */
async function startFakeInsertAll(): Promise<{
  url: string;
  calls: InsertCall[];
  down: { on: boolean };
  close(): Promise<void>;
}> {
  const calls: InsertCall[] = [];
  const down = { on: false };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => {
      raw += c;
    });
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (down.on) {
        res.statusCode = 503;
        res.end(
          JSON.stringify({
            error: { code: 503, message: 'backendError', errors: [{ reason: 'backendError' }] },
          }),
        );
        return;
      }
      calls.push({ path: req.url ?? '', body: JSON.parse(raw) });
      res.end(JSON.stringify({ kind: 'bigquery#tableDataInsertAllResponse' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    down,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

describeFirestore('heal on Firestore + fake Cloud Scheduler + fake BigQuery', () => {
  let scheduler: FakeScheduler;
  let bigquery: Awaited<ReturnType<typeof startFakeInsertAll>>;
  let config: Config;
  const clients: Firestore[] = [];
  const clock = new FakeClock(NOW);

  const client = () => {
    const c = new Firestore(firestoreSettings({ projectId: env!.projectId, emulatorHost: env!.host }));
    clients.push(c);
    return c;
  };
  /** One bot instance: its own Firestore client, Scheduler adapter and exporter. */
  const instance = (db = client()) =>
    new HealService({
      config,
      clock,
      completions: new FirestoreCompletionStore(db),
      healLog: new FirestoreHealLog(db),
      actions: {
        scheduler_job: new SchedulerPhaseStarter(
          new CloudSchedulerJobTrigger({ endpoint: scheduler.url, timeoutMs: 5_000 }),
        ),
      },
      exporter: new BigQueryHealExporter({
        projectId: 'nba-props',
        dataset: 'nba_orchestration',
        emulatorHost: bigquery.url,
      }),
      exportInBackground: false,
    });

  const seedStuck = async (db: Firestore) => {
    const data: Record<string, unknown> = { _triggered: false };
    P2.forEach((p, i) => {
      data[p] = { status: 'success', completed_at: new Date(NOW.getTime() - (90 - i) * 60_000) };
    });
    await db.collection('phase2_completion').doc(DATE).set(data);
  };

  beforeAll(async () => {
    scheduler = await startFakeScheduler();
    bigquery = await startFakeInsertAll();
    const base = testConfig({ GOOGLE_CLOUD_PROJECT: 'nba-props' });
    config = { ...base, heal: { ...base.heal, allowed_users: ['U0ONCALL1'] } };
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.terminate()));
    await scheduler?.close();
    await bigquery?.close();
  });
  beforeEach(async () => {
    await env!.reset();
    scheduler.reset();
    bigquery.calls.length = 0;
    bigquery.down.on = false;
    clock.set(NOW);
  });

  it('an unknown job (404 from Scheduler) is a clear failure', async () => {
    const db = client();
    await seedStuck(db);
    scheduler.setKnownJobs(['projects/nba-props/locations/us-west2/jobs/other']);
    const out = await instance(db).heal({
      transition: 'phase2_to_phase3',
      date: DATE,
      source: 'button',
      requestedBy: 'U0ONCALL1',
    });
    expect(out.kind).toBe('failed');
    expect(text(out)).toMatch(/answered 404: .*Job not found/);
  });
});

describe('CloudSchedulerJobTrigger (REST, no credentials)', () => {
  let scheduler: FakeScheduler;
  beforeAll(async () => {
    scheduler = await startFakeScheduler();
  });
  afterAll(async () => {
    await scheduler.close();
  });

  it('POSTs {endpoint}/v1/projects/{p}/locations/{l}/jobs/{j}:run without an Authorization header', async () => {
    await new CloudSchedulerJobTrigger({ endpoint: `${scheduler.url}/` }).runJob({
      project: 'p1',
      location: 'us-west2',
      job: 'phase3-to-phase4',
    });
    expect(scheduler.calls).toHaveLength(1);
    expect(scheduler.calls[0]).toMatchObject({
      method: 'POST',
      path: '/v1/projects/p1/locations/us-west2/jobs/phase3-to-phase4:run',
      name: 'projects/p1/locations/us-west2/jobs/phase3-to-phase4',
      body: '{}',
      authorization: undefined,
    });
  });

  it('a timeout is an ambiguous failure; an HTTP error is a definite one', async () => {
    scheduler.reset();
    scheduler.setDelay(300);
    const slow = new CloudSchedulerJobTrigger({ endpoint: scheduler.url, timeoutMs: 50 });
    await expect(slow.runJob({ project: 'p', location: 'l', job: 'j' })).rejects.toMatchObject({
      ambiguous: true,
    });
    scheduler.reset();
    scheduler.failNext(1, { status: 500 });
    const fast = new CloudSchedulerJobTrigger({ endpoint: scheduler.url });
    await expect(fast.runJob({ project: 'p', location: 'l', job: 'j' })).rejects.toMatchObject({
      ambiguous: false,
      httpStatus: 500,
    });
  });

  it('a refused connection is a definite failure', async () => {
    const dead = new CloudSchedulerJobTrigger({ endpoint: `http://127.0.0.1:${await getFreePort()}` });
    await expect(dead.runJob({ project: 'p', location: 'l', job: 'j' })).rejects.toMatchObject({
      ambiguous: false,
    });
  });
});
