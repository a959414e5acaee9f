/**
 * Builds `@google-cloud/scheduler`'s CloudSchedulerClient (gRPC), imported lazily (gRPC and protos cost
 * cold-start time; local mode never needs them). Production: Application Default Credentials.
 * `CLOUD_SCHEDULER_EMULATOR_HOST` (`host:port`, tests): plain-text gRPC with no credentials at all, so
 * nothing looks for ADC or the metadata server.
 */
import type { CloudSchedulerClient } from '@google-cloud/scheduler';

/** What the client constructor takes (`ClientOptions` of google-gax, the fields used here). */
export interface SchedulerClientOptions {
  servicePath?: string;
  port?: number;
  /** gRPC channel credentials, e.g. `grpc.credentials.createInsecure()` for a local server. */
  sslCreds?: unknown;
  authClient?: unknown;
}

/** An auth client that never does anything (gax asks it for the universe domain even with `sslCreds`). */
function noCredentials() {
  return {
    universeDomain: 'googleapis.com',
    getUniverseDomain: async () => 'googleapis.com',
    getProjectId: async () => 'unused',
    getAccessToken: async () => ({ token: 'unused' }),
    getRequestHeaders: async () => new Headers(),
  };
}

/** Client options for a plain-text gRPC server at `host:port` (an emulator or a test's fake). */
export async function emulatorClientOptions(emulatorHost: string): Promise<SchedulerClientOptions> {
  const { credentials } = await import('@grpc/grpc-js');
  const at = emulatorHost.lastIndexOf(':');
  return {
    servicePath: emulatorHost.slice(0, at),
    port: Number(emulatorHost.slice(at + 1)),
    sslCreds: credentials.createInsecure(),
    authClient: noCredentials(),
  };
}

export async function createSchedulerClient(
  options: SchedulerClientOptions = {},
): Promise<CloudSchedulerClient> {
  const { CloudSchedulerClient } = await import('@google-cloud/scheduler');
  const opts =
    options.sslCreds && !options.authClient ? { ...options, authClient: noCredentials() } : options;
  return new CloudSchedulerClient(opts as ConstructorParameters<typeof CloudSchedulerClient>[0]);
}

/** Why these codes: the request was rejected before running, so the job certainly did not run. */
export const DEFINITE_GRPC_CODES = new Set([3, 5, 7, 9, 16]); // INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED, FAILED_PRECONDITION, UNAUTHENTICATED

/** Why 5: gRPC NOT_FOUND, what `getJob` answers for a job that does not exist ("no job"). */
export const GRPC_NOT_FOUND = 5;

export function grpcCode(err: unknown): number | undefined {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
}
