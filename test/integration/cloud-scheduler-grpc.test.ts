/**
 * The Cloud Scheduler gRPC path production uses (`@google-cloud/scheduler` over gRPC), against a local
 * server built from the protos the library ships, with insecure credentials: runJob for heals, getJob /
 * createJob / updateJob as setup uses them, and which failures are definite (the job certainly did not
 * run) or ambiguous (it may have).
 */
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CloudSchedulerAdmin } from '../../src/adapters/scheduler/admin.js';
import { emulatorClientOptions } from '../../src/adapters/scheduler/client.js';
import { CloudSchedulerJobTrigger } from '../../src/adapters/scheduler/cloud-scheduler.js';
import type { HttpJob } from '../../src/setup/ports.js';
import {
  type FakeGrpcScheduler,
  grpcClientOptions,
  startFakeGrpcScheduler,
} from '../support/grpc-scheduler.js';

const HEAL_JOB = 'projects/proj-1/locations/us-west2/jobs/same-day-phase3';
const REF = { project: 'proj-1', location: 'us-west2', job: 'same-day-phase3' };
const TASK_JOB: HttpJob = {
  name: 'projects/proj-1/locations/us-west2/jobs/pipeline-bot-checks',
  description: 'pipeline-bot: POST /tasks/checks',
  schedule: '* * * * *',
  timeZone: 'America/New_York',
  http: {
    uri: 'https://bot.example.run.app/tasks/checks',
    method: 'POST',
    oidc: {
      serviceAccountEmail: 'bot@proj-1.iam.gserviceaccount.com',
      audience: 'https://bot.example.run.app',
    },
  },
};

let fake: FakeGrpcScheduler;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  fake = await startFakeGrpcScheduler();
});
beforeEach(() => {
  fake.reset();
  fake.jobs.set(HEAL_JOB, {
    name: HEAL_JOB,
    schedule: '0 9 * * *',
    timeZone: 'America/New_York',
    state: 'ENABLED',
  });
});
afterAll(async () => {
  for (const close of closers) await close();
  await fake.close();
});

function trigger(timeoutMs?: number) {
  const t = new CloudSchedulerJobTrigger({ grpc: grpcClientOptions(fake.host), timeoutMs });
  closers.push(() => t.close());
  return t;
}

function admin() {
  const a = new CloudSchedulerAdmin(grpcClientOptions(fake.host));
  closers.push(() => a.close());
  return a;
}

describe('runJob over gRPC', () => {
  it('runs the named job once', async () => {
    await trigger().runJob(REF);
    expect(fake.runs()).toEqual([HEAL_JOB]);
    expect(fake.calls('RunJob').map((c) => c.request.name)).toEqual([HEAL_JOB]);
  });

  it('works with the options CLOUD_SCHEDULER_EMULATOR_HOST produces', async () => {
    const t = new CloudSchedulerJobTrigger({ grpc: emulatorClientOptions(fake.host) });
    closers.push(() => t.close());
    await t.runJob(REF);
    expect(fake.runs()).toEqual([HEAL_JOB]);
  });

  it.each([
    ['NOT_FOUND', status.NOT_FOUND],
    ['PERMISSION_DENIED', status.PERMISSION_DENIED],
    ['INVALID_ARGUMENT', status.INVALID_ARGUMENT],
    ['FAILED_PRECONDITION', status.FAILED_PRECONDITION],
    ['UNAUTHENTICATED', status.UNAUTHENTICATED],
  ])('%s is a definite failure (the job did not run)', async (_name, code) => {
    fake.failNext('RunJob', code);
    await expect(trigger().runJob(REF)).rejects.toMatchObject({ name: 'JobTriggerError', ambiguous: false });
    expect(fake.runs()).toEqual([]);
  });

  it.each([
    ['UNAVAILABLE', status.UNAVAILABLE],
    ['INTERNAL', status.INTERNAL],
    ['UNKNOWN', status.UNKNOWN],
  ])('%s is an ambiguous failure (the job may have run)', async (_name, code) => {
    fake.failNext('RunJob', code);
    await expect(trigger().runJob(REF)).rejects.toMatchObject({ name: 'JobTriggerError', ambiguous: true });
  });

  it('a deadline exceeded is ambiguous, and the call is not retried', async () => {
    fake.setDelay('RunJob', 400);
    await expect(trigger(100).runJob(REF)).rejects.toMatchObject({ ambiguous: true });
    expect(fake.calls('RunJob')).toHaveLength(1);
  });

  it('an unknown job answers NOT_FOUND from the server itself: definite, with the job name', async () => {
    const err = await trigger()
      .runJob({ ...REF, job: 'no-such-job' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ ambiguous: false });
    expect(String((err as Error).message)).toContain('jobs/no-such-job');
  });
});

describe('getJob / createJob / updateJob over gRPC', () => {
  it('getJob: a missing job is undefined; an existing one is read back', async () => {
    expect(await admin().getJob(TASK_JOB.name)).toBeUndefined();
    expect(await admin().getJob(HEAL_JOB)).toMatchObject({
      name: HEAL_JOB,
      state: 'ENABLED',
      http: undefined,
    });
  });

  it('createJob stores the HTTP target with its OIDC token; getJob returns the same job', async () => {
    const a = admin();
    await a.createJob(TASK_JOB);
    const create = fake.calls('CreateJob')[0]!.request;
    expect(create.parent).toBe('projects/proj-1/locations/us-west2');
    expect(create.job).toMatchObject({
      httpTarget: {
        uri: TASK_JOB.http!.uri,
        httpMethod: 'POST',
        oidcToken: {
          serviceAccountEmail: TASK_JOB.http!.oidc!.serviceAccountEmail,
          audience: TASK_JOB.http!.oidc!.audience,
        },
      },
    });
    expect(await a.getJob(TASK_JOB.name)).toEqual({ ...TASK_JOB, state: 'ENABLED' });
  });

  it('updateJob sends the update mask and changes only those fields', async () => {
    const a = admin();
    await a.createJob(TASK_JOB);
    await a.updateJob({ ...TASK_JOB, schedule: '*/5 * * * *', description: 'ignored' }, ['schedule']);
    expect(fake.calls('UpdateJob')[0]!.request.updateMask).toEqual({ paths: ['schedule'] });
    expect(await a.getJob(TASK_JOB.name)).toMatchObject({
      schedule: '*/5 * * * *',
      description: TASK_JOB.description,
    });
  });

  it('errors carry the gRPC status and name the call', async () => {
    fake.failNext('GetJob', status.PERMISSION_DENIED);
    const err = await admin()
      .getJob(TASK_JOB.name)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: status.PERMISSION_DENIED });
    expect(String((err as Error).message)).toMatch(
      /getJob .*pipeline-bot-checks failed: .*PERMISSION_DENIED/,
    );
    await expect(admin().updateJob(TASK_JOB, ['schedule'])).rejects.toMatchObject({ code: status.NOT_FOUND });
  });
});
