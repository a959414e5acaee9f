/**
 * Record-then-ack: a dead letter is acked only once it is in the store and in BigQuery. A failure on
 * the way nacks it (redelivered, recorded then); a crash before the ack leaves it on the subscription
 * (redelivered after the ack deadline). A redelivered message is found in the store: recorded once.
 */
import type { Clock } from '../ports.js';
import { parseContext } from './context.js';
import type { DeadLetterSource, DlqExporter, DlqStore, Received } from './ports.js';
import type { DlqRecord, DlqSubscription } from './types.js';

export interface IngestDeps {
  store: DlqStore;
  exporter?: DlqExporter;
  clock: Clock;
  subscriptions: DlqSubscription[];
}

export type IngestOutcome = 'recorded' | 'duplicate' | 'failed';

export function toRecord(received: Received, sub: DlqSubscription | undefined, now: Date): DlqRecord {
  const message = received.message;
  return {
    ...message,
    ...parseContext(message),
    source_topic: sub?.source_topic ?? '',
    recorded_at: now,
    handled: null,
    handled_by: null,
    handled_at: null,
  };
}

/** Records one received message, then acks it; nacks it when recording failed. */
export async function ingest(deps: IngestDeps, received: Received): Promise<IngestOutcome> {
  const sub = deps.subscriptions.find((s) => s.subscription === received.message.subscription);
  const record = toRecord(received, sub, deps.clock.now());
  let fresh: boolean;
  try {
    fresh = await deps.store.record(record);
    // Re-sent for a duplicate too: the first attempt may have died between the store and BigQuery.
    await deps.exporter?.insert([record]);
  } catch {
    await received.nack().catch(() => {});
    return 'failed';
  }
  await received.ack();
  return fresh ? 'recorded' : 'duplicate';
}

/**
 * Drains what is waiting on every configured subscription, `max` per subscription (serverless tick). One
 * subscription that fails (deleted, no permission) is reported to `onPullError`; the others are still pulled.
 */
export async function pullAll(
  deps: IngestDeps,
  source: DeadLetterSource,
  max: number,
  onPullError: (subscription: string, err: unknown) => void,
): Promise<IngestOutcome[]> {
  const perSubscription = await Promise.all(
    deps.subscriptions.map(async (sub) => {
      try {
        const batch = await source.pull(sub.subscription, max);
        return await Promise.all(batch.map((r) => ingest(deps, r)));
      } catch (err) {
        onPullError(sub.subscription, err);
        return [];
      }
    }),
  );
  return perSubscription.flat();
}

/** Streaming pull on every configured subscription (in-process); returns a function that stops them all. */
export function streamAll(
  deps: IngestDeps,
  source: DeadLetterSource,
  onIngested: (outcome: IngestOutcome, received: Received) => void,
  onError: (err: Error, subscription: string) => void,
): () => Promise<void> {
  const stops = deps.subscriptions.map((sub) =>
    source.stream(
      sub.subscription,
      async (received) => onIngested(await ingest(deps, received), received),
      (err) => onError(err, sub.subscription),
    ),
  );
  return async () => {
    await Promise.all(stops.map((stop) => stop()));
  };
}
