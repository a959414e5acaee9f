/**
 * The heal service on the real adapters: the Firestore emulator (heal log + completion documents),
 * the Cloud Scheduler REST adapter against a fake Scheduler, and the BigQuery exporter against a fake
 * `insertAll` endpoint.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Firestore } from '@google-cloud/firestore';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BigQueryHealExporter } from '../../src/adapters/bigquery/heal-export.js';
import { firestoreSettings } from '../../src/adapters/firestore/client.js';
import { FirestoreCompletionStore } from '../../src/adapters/firestore/completion-store.js';
import { FirestoreHealLog, HEAL_EVENTS_COLLECTION } from '../../src/adapters/firestore/heal-log.js';
import { CloudSchedulerJobTrigger } from '../../src/adapters/scheduler/cloud-scheduler.js';
import { SchedulerPhaseStarter } from '../../src/adapters/scheduler/phase-starter.js';
import type { Config } from '../../src/config.js';
import { HealService } from '../../src/heal/service.js';
import type { HealOutcome } from '../../src/heal/types.js';
import { healOutcomeText } from '../../src/views/heal-outcome.js';
import { healEvent, healRowJson } from '../support/builders.js';
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
const JOB = 'same-day-phase3';

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

  it('100 concurrent heal attempts over 3 instances: one runJob, one triggered event, 99 duplicates naming who/when', async () => {
    const dbs = [client(), client(), client()];
    await seedStuck(dbs[0]!);
    const services = dbs.map((db) => instance(db));
    // Every click is by an allowed user (the allow list holds them all) so only the lock decides.
    config.heal.allowed_users = Array.from({ length: 100 }, (_, i) => `U${String(i).padStart(4, '0')}`);
    const outcomes = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        services[i % 3]!.heal({
          transition: 'phase2_to_phase3',
          date: DATE,
          source: 'button',
          requestedBy: `U${String(i).padStart(4, '0')}`,
        }),
      ),
    );
    const kinds = outcomes.map((o) => o.kind);
    expect(kinds.filter((k) => k === 'triggered')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'duplicate')).toHaveLength(99);

    // Exactly one Scheduler call, with the exact job name.
    expect(scheduler.calls.map((c) => [c.method, c.path])).toEqual([
      ['POST', `/v1/projects/nba-props/locations/us-west2/jobs/${JOB}:run`],
    ]);
    expect(scheduler.calls[0]!.authorization).toBeUndefined();

    const winner = outcomes.find((o) => o.kind === 'triggered')!;
    const by = winner.event!.requested_by;
    for (const o of outcomes.filter((x) => x.kind === 'duplicate')) {
      expect(text(o)).toMatch(new RegExp(`already triggered by <@${by}> at 15:00`));
      expect(o.holder?.heal_id).toBe(winner.event!.heal_id);
    }
    const snap = await dbs[1]!.collection(HEAL_EVENTS_COLLECTION).get();
    const statuses = snap.docs.map((d) => d.data().status as string);
    expect(statuses.filter((s) => s === 'triggered')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(99);
    expect(statuses).toHaveLength(100);
    config.heal.allowed_users = ['U0ONCALL1'];
  }, 60_000);

  it('Scheduler failing: failed event, lock released, a retry works; BigQuery gets every status with insertId', async () => {
    const db = client();
    await seedStuck(db);
    const svc = instance(db);
    scheduler.failNext(1, { status: 503, message: 'unavailable' });
    const req = { transition: 'phase3', date: DATE, source: 'slash' as const, requestedBy: 'U0ONCALL1' };
    const failed = await svc.heal(req);
    expect(failed.kind).toBe('failed');
    expect(text(failed)).toMatch(/answered 503.*lock is released/);
    const retry = await svc.heal(req);
    expect(retry.kind).toBe('triggered');
    expect(scheduler.runs()).toEqual([`projects/nba-props/locations/us-west2/jobs/${JOB}`]);

    await svc.flushOutbox();
    const rows = bigquery.calls.flatMap((c) => c.body.rows);
    expect(bigquery.calls[0]!.path.split('?')[0]).toBe(
      '/bigquery/v2/projects/nba-props/datasets/nba_orchestration/tables/healing_events/insertAll',
    );
    const f = failed.event!.heal_id;
    const t = retry.event!.heal_id;
    expect(rows.map((r) => r.insertId).sort()).toEqual(
      [`${f}:requested`, `${f}:failed`, `${t}:requested`, `${t}:triggered`].sort(),
    );
    const triggeredRow = rows.find((r) => r.insertId === `${t}:triggered`)!.json;
    expect(triggeredRow).toEqual(
      healRowJson(
        healEvent({
          heal_id: t,
          source: 'slash',
          status: 'triggered',
          requested_at: NOW,
          finished_at: NOW,
          action_ref: `projects/nba-props/locations/us-west2/jobs/${JOB}`,
        }),
      ),
    );
  });

  it('BigQuery down: the heal runs; the rows land from the Firestore outbox after recovery', async () => {
    const db = client();
    await seedStuck(db);
    bigquery.down.on = true;
    const svc = instance(db);
    const out = await svc.heal({
      transition: 'phase2_to_phase3',
      date: DATE,
      source: 'button',
      requestedBy: 'U0ONCALL1',
    });
    expect(out.kind).toBe('triggered');
    expect((await svc.flushOutbox()).error).toBeDefined();
    expect(bigquery.calls).toEqual([]);

    bigquery.down.on = false;
    // Another instance (e.g. after a restart) finds the pending rows in Firestore.
    const other = instance();
    expect(await other.flushOutbox()).toEqual({ exported: 2, failed: 0 });
    expect(bigquery.calls.flatMap((c) => c.body.rows.map((r) => r.insertId)).sort()).toEqual(
      [`${out.event!.heal_id}:requested`, `${out.event!.heal_id}:triggered`].sort(),
    );
    expect(await other.flushOutbox()).toEqual({ exported: 0, failed: 0 });
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
