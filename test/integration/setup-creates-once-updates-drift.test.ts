/**
 * `pipeline-bot setup [--dry-run]` against local fakes of the BigQuery REST API and the Cloud Scheduler
 * gRPC API: creates everything once, a second run changes nothing, a drifted job is updated, a table of
 * an older version gains the missing columns (none dropped), `--dry-run` writes nothing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WRITTEN_TABLES } from '../../src/adapters/bigquery/schema.js';
import { setupCommand } from '../../src/cli-ops.js';
import { type FakeBigQueryAdmin, startFakeBigQueryAdmin } from '../support/fake-bigquery-admin.js';
import { type FakeGrpcScheduler, startFakeGrpcScheduler } from '../support/grpc-scheduler.js';

const PROJECT = 'proj-setup';
const SA = 'pipeline-bot@proj-setup.iam.gserviceaccount.com';
const URL_ = 'https://pipeline-bot-abc-uw.a.run.app';
const JOBS = `projects/${PROJECT}/locations/us-west2/jobs`;

let bq: FakeBigQueryAdmin;
let scheduler: FakeGrpcScheduler;
let env: Record<string, string>;

beforeAll(async () => {
  [bq, scheduler] = await Promise.all([startFakeBigQueryAdmin(), startFakeGrpcScheduler()]);
  env = {
    GOOGLE_CLOUD_PROJECT: PROJECT,
    BIGQUERY_EMULATOR_HOST: bq.url,
    CLOUD_SCHEDULER_EMULATOR_HOST: scheduler.host,
    SERVICE_URL: `${URL_}/`,
    TASKS_OIDC_SERVICE_ACCOUNT: SA,
    TASKS_OIDC_AUDIENCE: URL_,
    BIGQUERY_LOCATION: 'US',
  };
});
beforeEach(() => {
  bq.reset();
  scheduler.reset();
});
afterAll(async () => {
  await Promise.all([bq.close(), scheduler.close()]);
});

async function setup(args: string[] = [], extraEnv: Record<string, string | undefined> = {}) {
  const lines: string[] = [];
  const code = await setupCommand({ ...env, ...extraEnv }, args, (l) => lines.push(l));
  return { code, out: lines.join('\n') };
}

const schedulerWrites = () => scheduler.calls().filter((c) => c.method !== 'GetJob');

describe('pipeline-bot setup', () => {
  it('--dry-run prints the full plan and writes nothing', async () => {
    const { code, out } = await setup(['--dry-run']);
    expect(code).toBe(0);
    expect(out).toContain(`+ dataset ${PROJECT}.nba_orchestration: create`);
    for (const t of WRITTEN_TABLES)
      expect(out).toContain(`+ table ${PROJECT}.nba_orchestration.${t.name}: create`);
    expect(out).toContain(`+ job ${JOBS}/pipeline-bot-checks: create`);
    expect(out).toContain(`POST ${URL_}/tasks/checks`);
    expect(out).toContain(`+ job ${JOBS}/pipeline-bot-digest: create`);
    expect(out).toContain('"0 8 * * *" (America/New_York)');
    expect(out).toContain('Plan: 7 to create, 0 to update, 0 unchanged.');
    expect(out).toContain('Dry run: nothing was changed.');
    expect(bq.writes()).toEqual([]);
    expect(schedulerWrites()).toEqual([]);
    expect(bq.datasets.size + bq.tables.size + scheduler.jobs.size).toBe(0);
  });

  it('creates the dataset, every written table and both /tasks jobs once; a second run changes nothing', async () => {
    const first = await setup();
    expect(first.code).toBe(0);
    expect(bq.datasets.get('nba_orchestration')).toEqual({ location: 'US' });
    for (const t of WRITTEN_TABLES) {
      const stored = bq.tables.get(`nba_orchestration.${t.name}`)!;
      expect(stored.schema.fields.map((f) => [f.name, f.type])).toEqual(
        t.columns.map((c) => [c.name, c.type]),
      );
      expect(stored.timePartitioning).toEqual({ type: 'DAY', field: t.partitionColumn });
      expect(stored.clustering).toEqual({ fields: t.clustering });
      expect(stored.description).toBe(t.description);
    }
    expect(bq.tables.get('nba_orchestration.dlq_messages')!.timePartitioning?.field).toBe('recorded_at');
    const checks = scheduler.jobs.get(`${JOBS}/pipeline-bot-checks`)!;
    expect(checks).toMatchObject({
      schedule: '* * * * *',
      timeZone: 'America/New_York',
      httpTarget: {
        uri: `${URL_}/tasks/checks`,
        httpMethod: 'POST',
        oidcToken: { serviceAccountEmail: SA, audience: URL_ },
      },
    });
    expect(scheduler.jobs.get(`${JOBS}/pipeline-bot-digest`)).toMatchObject({
      schedule: '0 8 * * *',
      httpTarget: { uri: `${URL_}/tasks/digest` },
    });
    expect(first.out).toContain('✔ created table');
    expect(bq.writes().map((w) => `${w.method} ${w.path}`)).toEqual([
      `POST /projects/${PROJECT}/datasets`,
      ...WRITTEN_TABLES.map(() => `POST /projects/${PROJECT}/datasets/nba_orchestration/tables`),
    ]);
    expect(scheduler.calls('CreateJob')).toHaveLength(2);

    const writes = bq.writes().length;
    const calls = schedulerWrites().length;
    const second = await setup();
    expect(second.code).toBe(0);
    expect(second.out).toContain('Plan: 0 to create, 0 to update, 7 unchanged.');
    expect(second.out).toContain('Nothing to do');
    expect(bq.writes()).toHaveLength(writes);
    expect(schedulerWrites()).toHaveLength(calls);
  });

  it('updates a job whose schedule, URL or auth drifted, and only that job', async () => {
    await setup();
    const name = `${JOBS}/pipeline-bot-checks`;
    const job = scheduler.jobs.get(name)!;
    scheduler.jobs.set(name, {
      ...job,
      schedule: '*/5 * * * *',
      httpTarget: {
        uri: 'https://old-host.example/tasks/checks',
        httpMethod: 'POST',
        oidcToken: {
          serviceAccountEmail: 'old@x.iam.gserviceaccount.com',
          audience: 'https://old-host.example',
        },
      },
    });
    const dry = await setup(['--dry-run']);
    expect(dry.out).toContain(`~ job ${name}: update`);
    expect(dry.out).toContain('schedule: "*/5 * * * *" → "* * * * *"');
    expect(dry.out).toContain(`uri: "https://old-host.example/tasks/checks" → "${URL_}/tasks/checks"`);
    expect(dry.out).toContain(`OIDC service account: "old@x.iam.gserviceaccount.com" → "${SA}"`);
    expect(scheduler.calls('UpdateJob')).toEqual([]);

    const { code, out } = await setup();
    expect(code).toBe(0);
    expect(out).toContain(`✔ updated job ${name}`);
    const updates = scheduler.calls('UpdateJob');
    expect(updates).toHaveLength(1);
    expect(updates[0]!.request.updateMask).toEqual({ paths: ['schedule', 'http_target'] });
    expect(scheduler.jobs.get(name)).toMatchObject({
      schedule: '* * * * *',
      httpTarget: { uri: `${URL_}/tasks/checks`, oidcToken: { serviceAccountEmail: SA, audience: URL_ } },
    });
    expect((await setup()).out).toContain('7 unchanged');
  });

  it('adds the columns a table of an older version lacks, and drops none', async () => {
    await setup();
    const key = 'nba_orchestration.healing_events';
    const stored = bq.tables.get(key)!;
    const fields = stored.schema.fields.filter((f) => f.name !== 'verified' && f.name !== 'error');
    bq.tables.set(key, {
      ...stored,
      schema: { fields: [...fields, { name: 'legacy_note', type: 'STRING', mode: 'NULLABLE' }] },
    });

    const { code, out } = await setup();
    expect(code).toBe(0);
    expect(out).toContain(`~ table ${PROJECT}.${key}: update`);
    expect(out).toContain('add column error STRING');
    expect(out).toContain('add column verified STRING');
    const names = bq.tables.get(key)!.schema.fields.map((f) => f.name);
    expect(names).toContain('legacy_note');
    expect(names.slice(-2)).toEqual(['error', 'verified']);
    expect(bq.tables.get(key)!.schema.fields.find((f) => f.name === 'verified')!.mode).toBe('NULLABLE');
  });

  it('a column of another type is a conflict to fix by hand: reported, not touched, exit 1', async () => {
    await setup();
    const key = 'nba_orchestration.validation_runs';
    const stored = bq.tables.get(key)!;
    bq.tables.set(key, {
      ...stored,
      schema: {
        fields: stored.schema.fields.map((f) => (f.name === 'checks_run' ? { ...f, type: 'STRING' } : f)),
      },
    });
    const writes = bq.writes().length;
    const { code, out } = await setup();
    expect(code).toBe(1);
    expect(out).toContain(`! table ${PROJECT}.${key}: conflict`);
    expect(out).toContain('checks_run is STRING, expected INT64');
    expect(bq.writes()).toHaveLength(writes);
  });

  it('without SERVICE_URL the jobs are not planned, says which settings are missing, exit 1', async () => {
    const { code, out } = await setup(['--dry-run'], { SERVICE_URL: undefined });
    expect(code).toBe(1);
    expect(out).toContain('! Cloud Scheduler jobs not planned: set SERVICE_URL.');
    expect(out).not.toContain('+ job');
    expect(scheduler.calls()).toEqual([]);
  });
});
