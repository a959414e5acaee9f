/**
 * A local Cloud Scheduler gRPC server built from the protos `@google-cloud/scheduler` ships, for the gRPC
 * path production uses (runJob for heals; getJob / createJob / updateJob for setup and doctor). Plain-text
 * on 127.0.0.1: clients connect with `grpcClientOptions()` (insecure credentials). Jobs are kept in memory;
 * every call is recorded; failures and delays are programmable per method.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { SchedulerClientOptions } from '../../src/adapters/scheduler/client.js';

export type Method = 'GetJob' | 'CreateJob' | 'UpdateJob' | 'RunJob';
export type ProtoJob = Record<string, unknown> & { name: string };

export interface GrpcCall {
  method: Method;
  request: Record<string, unknown>;
}

export interface FakeGrpcScheduler {
  /** `127.0.0.1:PORT` (CLOUD_SCHEDULER_EMULATOR_HOST). */
  host: string;
  jobs: Map<string, ProtoJob>;
  calls(method?: Method): GrpcCall[];
  /** Successful RunJob calls, by job name. */
  runs(): string[];
  /** The next `times` calls of `method` fail with this gRPC status code. */
  failNext(method: Method, code: grpc.status, times?: number): void;
  /** Calls of `method` wait this long before answering. */
  setDelay(method: Method, ms: number): void;
  reset(): void;
  close(): Promise<void>;
}

/** Client options for the fake: host, port and insecure channel credentials. */
export function grpcClientOptions(host: string): SchedulerClientOptions {
  const at = host.lastIndexOf(':');
  return {
    servicePath: host.slice(0, at),
    port: Number(host.slice(at + 1)),
    sslCreds: grpc.credentials.createInsecure(),
  };
}

function loadService(): grpc.ServiceDefinition {
  const require = createRequire(import.meta.url);
  const schedulerMain = require.resolve('@google-cloud/scheduler');
  const schedulerProtos = join(dirname(schedulerMain), '..', 'protos');
  const gaxProtos = join(dirname(createRequire(schedulerMain).resolve('google-gax')), '..', 'protos');
  const definition = protoLoader.loadSync('google/cloud/scheduler/v1/cloudscheduler.proto', {
    includeDirs: [schedulerProtos, gaxProtos],
    keepCase: false,
    longs: String,
    enums: String,
    defaults: false,
    oneofs: true,
  });
  const pkg = grpc.loadPackageDefinition(definition) as unknown as {
    google: { cloud: { scheduler: { v1: { CloudScheduler: { service: grpc.ServiceDefinition } } } } };
  };
  return pkg.google.cloud.scheduler.v1.CloudScheduler.service;
}

const camel = (path: string) => path.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

export async function startFakeGrpcScheduler(): Promise<FakeGrpcScheduler> {
  const jobs = new Map<string, ProtoJob>();
  let calls: GrpcCall[] = [];
  let runs: string[] = [];
  let failures = new Map<Method, grpc.status[]>();
  let delays = new Map<Method, number>();

  /** Thrown by an answer to send a gRPC error status. */
  class Status extends Error {
    constructor(
      readonly code: grpc.status,
      readonly details: string,
    ) {
      super(details);
    }
  }
  const handler =
    (method: Method, answer: (req: Record<string, unknown>) => ProtoJob) =>
    async (
      call: grpc.ServerUnaryCall<Record<string, unknown>, unknown>,
      done: grpc.sendUnaryData<unknown>,
    ) => {
      calls.push({ method, request: call.request });
      const delay = delays.get(method);
      if (delay) await new Promise((r) => setTimeout(r, delay));
      const code = failures.get(method)?.shift();
      try {
        if (code !== undefined) throw new Status(code, `fake failure (${grpc.status[code]})`);
        done(null, answer(call.request));
      } catch (err) {
        if (!(err instanceof Status)) throw err;
        done({ code: err.code, details: err.details } as grpc.ServiceError);
      }
    };
  const existing = (name: unknown) => {
    const job = jobs.get(String(name));
    if (!job) throw new Status(grpc.status.NOT_FOUND, `Job not found: ${String(name)}`);
    return job;
  };

  const server = new grpc.Server();
  server.addService(loadService(), {
    GetJob: handler('GetJob', (req) => existing(req.name)),
    CreateJob: handler('CreateJob', (req) => {
      const job = req.job as ProtoJob;
      if (jobs.has(job.name)) throw new Status(grpc.status.ALREADY_EXISTS, `Job ${job.name} already exists`);
      const stored = { ...job, state: 'ENABLED' };
      jobs.set(job.name, stored);
      return stored;
    }),
    UpdateJob: handler('UpdateJob', (req) => {
      const job = req.job as ProtoJob;
      const current = existing(job.name);
      const paths = ((req.updateMask as { paths?: string[] } | undefined)?.paths ?? []).map(camel);
      const next = { ...current };
      for (const p of paths.length ? paths : Object.keys(job)) next[p] = job[p];
      jobs.set(job.name, next);
      return next;
    }),
    RunJob: handler('RunJob', (req) => {
      const job = existing(req.name);
      runs.push(job.name);
      return job;
    }),
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );

  return {
    host: `127.0.0.1:${port}`,
    jobs,
    calls: (method) => calls.filter((c) => !method || c.method === method),
    runs: () => [...runs],
    failNext(method, code, times = 1) {
      failures.set(method, [...(failures.get(method) ?? []), ...Array.from({ length: times }, () => code)]);
    },
    setDelay(method, ms) {
      delays.set(method, ms);
    },
    reset() {
      jobs.clear();
      calls = [];
      runs = [];
      failures = new Map();
      delays = new Map();
    },
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}
