/**
 * Runs a Cloud Scheduler job now (`jobs.run` on `projects/{project}/locations/{location}/jobs/{job}`).
 *
 * - Production: `@google-cloud/scheduler`'s CloudSchedulerClient over gRPC (see client.ts), with
 *   Application Default Credentials, or plain-text gRPC without credentials to
 *   `CLOUD_SCHEDULER_EMULATOR_HOST` (`grpc` options).
 * - `CLOUD_SCHEDULER_API_ENDPOINT` set (tests, a fake): a plain `fetch` of the documented REST call
 *   `POST {endpoint}/v1/{name}:run` with NO credentials. Why not the library pointed at the endpoint:
 *   its REST fallback still resolves Google credentials (and probes the metadata server) before every
 *   call and speaks to an `https` host by default; one POST is simpler and does exactly what the API
 *   documents.
 */
import type { CloudSchedulerClient } from '@google-cloud/scheduler';
import { type JobRef, type JobTrigger, JobTriggerError } from '../../heal/ports.js';
import { errText } from '../../util/error-text.js';
import { neverSent } from '../http/fetch-errors.js';
import {
  createSchedulerClient,
  DEFINITE_GRPC_CODES,
  grpcCode,
  type SchedulerClientOptions,
} from './client.js';

export interface CloudSchedulerOptions {
  /** REST base URL (e.g. `http://127.0.0.1:9060`); when set no credentials are used. */
  endpoint?: string;
  /** Per call; on timeout the job may or may not have run (the error says so). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Options of the gRPC client (a local server: `servicePath`, `port`, insecure `sslCreds`). */
  grpc?: SchedulerClientOptions | Promise<SchedulerClientOptions>;
}

/** Why 15 s: runJob answers quickly; a hung call must end the heal as uncertain (may have run), not hang. */
const DEFAULT_TIMEOUT_MS = 15_000;

export function jobName(ref: Pick<JobRef, 'project' | 'location' | 'job'>): string {
  return `projects/${ref.project}/locations/${ref.location}/jobs/${ref.job}`;
}

export class CloudSchedulerJobTrigger implements JobTrigger {
  private client?: Promise<CloudSchedulerClient>;

  constructor(private readonly opts: CloudSchedulerOptions = {}) {}

  async runJob(ref: JobRef): Promise<void> {
    const name = jobName(ref);
    if (this.opts.endpoint) return this.runRest(name);
    this.client ??= Promise.resolve(this.opts.grpc).then((o) => createSchedulerClient(o));
    const client = await this.client;
    try {
      await client.runJob({ name }, { timeout: this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, retry: null });
    } catch (err) {
      const code = grpcCode(err);
      const message = errText(err);
      const definite = code !== undefined && DEFINITE_GRPC_CODES.has(code);
      throw new JobTriggerError(`Cloud Scheduler ${name}:run failed: ${message}`, !definite);
    }
  }

  /** Closes the gRPC channel, if one was opened. */
  async close(): Promise<void> {
    const client = await this.client?.catch(() => undefined);
    await client?.close();
  }

  private async runRest(name: string): Promise<void> {
    const base = this.opts.endpoint!.replace(/\/+$/, '');
    const url = `${base}/v1/${name.split('/').map(encodeURIComponent).join('/')}:run`;
    const doFetch = this.opts.fetch ?? fetch;
    let res: Response;
    try {
      res = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
    } catch (err) {
      const message = errText(err);
      // A refused connection means the request never arrived; a timeout or reset may have run it.
      throw new JobTriggerError(`Cloud Scheduler ${name}:run failed: ${message}`, !neverSent(err));
    }
    if (!res.ok) {
      const body = (await res.text().catch(() => '')).slice(0, 300);
      throw new JobTriggerError(
        `Cloud Scheduler ${name}:run answered ${res.status}: ${body}`,
        false,
        res.status,
      );
    }
    await res.body?.cancel().catch(() => {});
  }
}
