/**
 * Builds the `@google-cloud/bigquery` client (imported lazily: local mode and a cold start that has not
 * queried yet do not load it). Against an emulator or fake (`BIGQUERY_EMULATOR_HOST`) it uses no
 * credentials at all, so nothing looks for Application Default Credentials or the metadata server.
 */
import type { BigQuery } from '@google-cloud/bigquery';

/**
 * Why 15 s: a streaming insert of a few rows answers in well under a second; one that hangs must not hold
 * the tick (or a `/tasks` request) that wrote it. The caller keeps the rows and retries.
 */
export const INSERT_TIMEOUT_MS = 15_000;

export interface BigQueryClientOptions {
  projectId: string;
  /** Base URL of a BigQuery emulator or fake, e.g. `http://127.0.0.1:9050`. */
  emulatorHost?: string;
  location?: string;
  /** Retries of 429/5xx answers by the client (default 2). */
  maxRetries?: number;
}

/** An auth client that never does anything (handed to google-auth-library instead of ADC discovery). */
function noCredentials(projectId: string) {
  return {
    universeDomain: 'googleapis.com',
    projectId,
    getProjectId: async () => projectId,
    getUniverseDomain: async () => 'googleapis.com',
    getAccessToken: async () => ({ token: 'unused' }),
    getRequestHeaders: async () => new Headers(),
  };
}

export async function createBigQuery(options: BigQueryClientOptions): Promise<BigQuery> {
  const { BigQuery } = await import('@google-cloud/bigquery');
  return new BigQuery({
    projectId: options.projectId,
    ...(options.location ? { location: options.location } : {}),
    retryOptions: { autoRetry: (options.maxRetries ?? 2) > 0, maxRetries: options.maxRetries ?? 2 },
    ...(options.emulatorHost
      ? { apiEndpoint: options.emulatorHost, authClient: noCredentials(options.projectId) as never }
      : {}),
  });
}
