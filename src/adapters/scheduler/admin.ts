/**
 * Cloud Scheduler jobs for `setup` and `doctor` (getJob / createJob / updateJob over gRPC, the client
 * production uses). Errors keep their gRPC status in the message; NOT_FOUND on `getJob` is "no job".
 */
import type { CloudSchedulerClient, protos } from '@google-cloud/scheduler';
import type { HttpJob, JobField, SchedulerAdmin } from '../../setup/ports.js';
import { errText } from '../../util/error-text.js';
import { createSchedulerClient, GRPC_NOT_FOUND, grpcCode, type SchedulerClientOptions } from './client.js';

type Job = protos.google.cloud.scheduler.v1.IJob;

/** Why 30 s: an admin call answers in well under a second; a hung connection must not hang `setup`. */
const CALL_TIMEOUT_MS = 30_000;

/** Why listed: the proto's `HttpMethod` names in order (the client may hand back the number or the name). */
const HTTP_METHODS = ['HTTP_METHOD_UNSPECIFIED', 'POST', 'GET', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];
/** Why listed: the proto's job `State` names in order, for the same reason as HTTP_METHODS. */
const STATES = ['STATE_UNSPECIFIED', 'ENABLED', 'PAUSED', 'DISABLED', 'UPDATE_FAILED'];

const enumName = (value: unknown, names: string[]): string =>
  typeof value === 'number' ? (names[value] ?? String(value)) : String(value ?? names[0]);

export function fromProto(job: Job): HttpJob {
  const target = job.httpTarget;
  return {
    name: job.name ?? '',
    description: job.description ?? undefined,
    schedule: job.schedule ?? '',
    timeZone: job.timeZone ?? '',
    state: enumName(job.state, STATES),
    http: target
      ? {
          uri: target.uri ?? '',
          method: enumName(target.httpMethod, HTTP_METHODS),
          oidc: target.oidcToken
            ? {
                serviceAccountEmail: target.oidcToken.serviceAccountEmail ?? '',
                audience: target.oidcToken.audience ?? '',
              }
            : undefined,
        }
      : undefined,
  };
}

export function toProto(job: HttpJob): Job {
  return {
    name: job.name,
    description: job.description,
    schedule: job.schedule,
    timeZone: job.timeZone,
    httpTarget: job.http && {
      uri: job.http.uri,
      httpMethod: job.http.method as keyof typeof protos.google.cloud.scheduler.v1.HttpMethod,
      oidcToken: job.http.oidc,
    },
  };
}

export class CloudSchedulerAdmin implements SchedulerAdmin {
  private client?: Promise<CloudSchedulerClient>;

  constructor(private readonly options: SchedulerClientOptions | Promise<SchedulerClientOptions> = {}) {}

  private connect(): Promise<CloudSchedulerClient> {
    this.client ??= Promise.resolve(this.options).then((o) => createSchedulerClient(o));
    return this.client;
  }

  private async call<T>(what: string, fn: (client: CloudSchedulerClient) => Promise<T>): Promise<T> {
    const client = await this.connect();
    try {
      return await fn(client);
    } catch (err) {
      const message = errText(err);
      throw Object.assign(new Error(`Cloud Scheduler ${what} failed: ${message}`), { code: grpcCode(err) });
    }
  }

  async getJob(name: string): Promise<HttpJob | undefined> {
    try {
      const [job] = await this.call(`getJob ${name}`, (c) =>
        c.getJob({ name }, { timeout: CALL_TIMEOUT_MS }),
      );
      return fromProto(job);
    } catch (err) {
      if (grpcCode(err) === GRPC_NOT_FOUND) return undefined;
      throw err;
    }
  }

  async createJob(job: HttpJob): Promise<void> {
    const parent = job.name.replace(/\/jobs\/[^/]+$/, '');
    await this.call(`createJob ${job.name}`, (c) =>
      c.createJob({ parent, job: toProto(job) }, { timeout: CALL_TIMEOUT_MS }),
    );
  }

  async updateJob(job: HttpJob, fields: JobField[]): Promise<void> {
    await this.call(`updateJob ${job.name}`, (c) =>
      c.updateJob({ job: toProto(job), updateMask: { paths: fields } }, { timeout: CALL_TIMEOUT_MS }),
    );
  }

  async close(): Promise<void> {
    const client = await this.client?.catch(() => undefined);
    await client?.close();
  }
}
