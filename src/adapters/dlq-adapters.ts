/**
 * The dead-letter feature's adapters for each backend (apart from `adapters/index.ts`, like heal-adapters):
 * - local: the SQLite store, the embedded stand-in subscription (with the demo's dead letter), no BigQuery copy;
 * - gcp: Firestore, Pub/Sub (plain text to `PUBSUB_EMULATOR_HOST` when set), BigQuery `dlq_messages`.
 */
import type { Firestore } from '@google-cloud/firestore';
import type { Config } from '../config.js';
import type { DeadLetterSource, DlqExporter, DlqStore } from '../dlq/ports.js';
import type { DlqSubscription } from '../dlq/types.js';
import type { Clock } from '../ports.js';
import type { Db } from './local/db.js';

export interface DlqAdapters {
  store: DlqStore;
  source: DeadLetterSource;
  exporter?: DlqExporter;
  /** The subscriptions watched: the configured ones (local mode without any: the demo's). */
  subscriptions: DlqSubscription[];
  close(): Promise<void>;
}

/** Why: local mode shows the flow without configuration; names as production's Phase 3 trigger. */
export const DEMO_DLQ: DlqSubscription = {
  subscription: 'nba-phase3-trigger-dlq-sub',
  source_topic: 'nba-phase3-trigger',
  label: 'Phase 3 trigger (demo)',
};

export async function localDlqAdapters(
  db: Db,
  config: Config,
  clock: Clock,
  seed: boolean,
): Promise<DlqAdapters> {
  const { LocalDlqStore } = await import('./local/dlq-store.js');
  const { LocalPubSub } = await import('./local/pubsub.js');
  const source = new LocalPubSub(db, () => clock.now());
  const subscriptions = config.dlq.subscriptions.length ? config.dlq.subscriptions : [DEMO_DLQ];
  if (seed) {
    const now = clock.now();
    const date = new Date(now.getTime() - 2 * 86_400_000).toISOString().slice(0, 10);
    source.deliver({
      message_id: 'demo-dead-letter-1',
      subscription: subscriptions[0]!.subscription,
      publish_time: new Date(now.getTime() - 60 * 60_000),
      delivery_attempt: 5,
      attributes: { error: 'BigQuery quota exceeded' },
      data: JSON.stringify({
        game_date: date,
        processor: 'player_game_summary',
        trigger_reason: 'orchestrator',
      }),
    });
  }
  return { store: new LocalDlqStore(db), source, subscriptions, close: async () => {} };
}

export async function gcpDlqAdapters(firestore: Firestore, config: Config): Promise<DlqAdapters | undefined> {
  if (!config.dlq.subscriptions.length) return undefined;
  const { FirestoreDlqStore } = await import('./firestore/dlq-store.js');
  const { createPubSub } = await import('./pubsub/client.js');
  const { PubSubDeadLetterSource } = await import('./pubsub/dead-letters.js');
  const { BigQueryDlqExporter } = await import('./bigquery/dlq-export.js');
  const source = new PubSubDeadLetterSource(
    await createPubSub({ projectId: config.project!, emulatorHost: config.pubsubEmulatorHost }),
  );
  return {
    store: new FirestoreDlqStore(firestore),
    source,
    exporter: new BigQueryDlqExporter({
      projectId: config.project!,
      dataset: config.bigqueryDataset,
      emulatorHost: config.bigqueryEmulatorHost,
      location: config.bigqueryLocation,
    }),
    subscriptions: config.dlq.subscriptions,
    close: () => source.close(),
  };
}
