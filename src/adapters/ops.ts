/**
 * Wires the ports of `pipeline-bot setup` and `doctor` to Google Cloud and Slack from config: the BigQuery
 * dataset (and the bot's queries, for dry runs), Cloud Scheduler over gRPC, Firestore, the Slack Web API,
 * Pub/Sub and ID tokens for the heal actions.
 * Each client is imported lazily, like the bot's own adapters.
 */
import type { Config } from '../config.js';
import type { DoctorContext, HealProbe } from '../doctor/types.js';
import { taskJobs } from '../setup/jobs.js';
import type { SetupTargets } from '../setup/plan.js';
import type { SchedulerAdmin } from '../setup/ports.js';
import { errText } from '../util/error-text.js';

async function schedulerAdmin(config: Config): Promise<SchedulerAdmin> {
  const { CloudSchedulerAdmin } = await import('./scheduler/admin.js');
  const { emulatorClientOptions } = await import('./scheduler/client.js');
  if (config.schedulerEndpoint && !config.schedulerEmulatorHost) {
    const refuse = async (): Promise<never> => {
      throw new Error(
        'CLOUD_SCHEDULER_API_ENDPOINT is the REST endpoint heals use in tests; setup and doctor manage jobs over gRPC: set CLOUD_SCHEDULER_EMULATOR_HOST too',
      );
    };
    return { getJob: refuse, createJob: refuse, updateJob: refuse };
  }
  return new CloudSchedulerAdmin(
    config.schedulerEmulatorHost ? emulatorClientOptions(config.schedulerEmulatorHost) : {},
  );
}

/**
 * Why US: without BIGQUERY_LOCATION, a new dataset goes where BigQuery puts one by default; set the location
 * of the datasets the bot reads, since a query cannot span locations.
 */
const DEFAULT_DATASET_LOCATION = 'US';

/** The dataset admin; `connect` shares an existing client (the doctor's query runner) when given. */
async function bigquery(config: Config, connect?: () => Promise<import('@google-cloud/bigquery').BigQuery>) {
  const { createBigQuery } = await import('./bigquery/client.js');
  const { BigQueryAdmin } = await import('./bigquery/admin.js');
  const client =
    connect ??
    (() =>
      createBigQuery({
        projectId: config.project!,
        emulatorHost: config.bigqueryEmulatorHost,
        location: config.bigqueryLocation,
      }));
  return new BigQueryAdmin(client, {
    projectId: config.project!,
    dataset: config.bigqueryDataset,
    location: config.bigqueryLocation ?? DEFAULT_DATASET_LOCATION,
  });
}

/** What setup creates; the caller closes it. Throws when Google Cloud is not configured. */
export async function setupTargets(config: Config): Promise<SetupTargets & { close(): Promise<void> }> {
  if (!config.project)
    throw new Error('GOOGLE_CLOUD_PROJECT is not set: setup creates resources in that project');
  const { WRITTEN_TABLES } = await import('./bigquery/schema.js');
  const wanted = taskJobs(config);
  const scheduler = wanted.ok ? await schedulerAdmin(config) : undefined;
  return {
    warehouse: await bigquery(config),
    tables: WRITTEN_TABLES,
    scheduler,
    jobs: wanted.ok ? wanted.jobs : [],
    close: async () => scheduler?.close?.(),
  };
}

/** The doctor's heal probe: Pub/Sub opened only when a heal publishes; ID tokens from ADC. */
async function healProbe(config: Config): Promise<HealProbe & { close(): Promise<void> }> {
  const { createPubSub } = await import('./pubsub/client.js');
  const { topicAccess } = await import('./pubsub/topic-access.js');
  const { googleIdTokenSource } = await import('./http/google-id-token.js');
  const uses = config.transitions.some((t) => t.heal?.action === 'pubsub');
  const pubsub = uses
    ? await createPubSub({ projectId: config.project!, emulatorHost: config.pubsubEmulatorHost })
    : undefined;
  const idTokens = googleIdTokenSource();
  return {
    topicAccess: async (topic) => {
      if (!pubsub) throw new Error('no Pub/Sub client: no transition publishes');
      return topicAccess(pubsub, topic);
    },
    idToken: async (audience) => {
      await idTokens.headers(audience);
    },
    close: async () => pubsub?.close(),
  };
}

/** Everything the doctor checks, for the configured backend; the caller closes it. */
export async function doctorContext(
  config: Config,
  now: Date,
): Promise<DoctorContext & { close(): Promise<void> }> {
  const { WRITTEN_TABLES } = await import('./bigquery/schema.js');
  const slack = config.slack.botToken
    ? new (await import('./slack/probe.js')).SlackWebProbe(config.slack.botToken, config.slack.apiUrl)
    : undefined;
  if (config.backend !== 'gcp' || !config.project)
    return { config, now, slack, tables: WRITTEN_TABLES, close: async () => {} };
  const { createFirestore } = await import('./firestore/client.js');
  const { FirestoreCompletionStore } = await import('./firestore/completion-store.js');
  const { createBigQueryWarehouse } = await import('./bigquery/index.js');
  const { plannedQueries } = await import('./bigquery/planned.js');
  const firestore = await createFirestore({
    projectId: config.project,
    emulatorHost: config.firestoreEmulatorHost,
  });
  const { runner } = createBigQueryWarehouse(config, { now: () => now });
  const scheduler = await schedulerAdmin(config);
  const heals = await healProbe(config);
  const { DateColumns } = await import('./bigquery/date-columns.js');
  const columns = new DateColumns(runner, config.project);
  const dryRuns = async () =>
    Promise.all(
      (await plannedQueries(config, now, (spec) => columns.of(spec))).map((q) =>
        runner.dryRun(q.label, q.sql, q.params).then(
          (bytes) => ({ name: q.name, bytes }),
          (err: unknown) => ({ name: q.name, error: errText(err) }),
        ),
      ),
    );
  return {
    config,
    now,
    slack,
    completions: new FirestoreCompletionStore(firestore),
    warehouse: {
      admin: await bigquery(config, () => runner.bigquery()),
      dryRuns,
      maximumBytesBilled: runner.maximumBytesBilled,
    },
    scheduler,
    heals,
    tables: WRITTEN_TABLES,
    close: async () => {
      await scheduler.close?.();
      await heals.close();
      await firestore.terminate();
    },
  };
}

/** One doctor run with its own clients, closed afterwards (`/pipeline doctor`). */
export async function runDoctorOnce(
  config: Config,
  now: Date,
): Promise<import('../doctor/types.js').DoctorReport> {
  const { runDoctor } = await import('../doctor/index.js');
  const ctx = await doctorContext(config, now);
  try {
    return await runDoctor(ctx);
  } finally {
    await ctx.close();
  }
}
