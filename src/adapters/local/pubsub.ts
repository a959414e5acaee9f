/**
 * Local mode's stand-in for Pub/Sub: the embedded store plays the dead-letter subscription. Messages
 * wait in `local_pubsub` until acked; a pulled message is leased (like an ack deadline) and comes back
 * when the lease lapses or it is nacked. Publishing (Replay) appends to the topic's outbox table, where
 * the demo's "orchestrator" would pick it up.
 */
import { randomUUID } from 'node:crypto';
import type { DeadLetterSource, Received } from '../../dlq/ports.js';
import type { DeadLetter } from '../../dlq/types.js';
import type { Db } from './db.js';

/** Why 10 s: Pub/Sub's default ack deadline. */
const LEASE_MS = 10_000;
/** Why 1 s: the local "streaming pull" polls the table; a dead letter shows within a second or two. */
const POLL_MS = 1_000;

/**
 * Why `leased_until`: a pulled message comes back when its lease lapses (an ack deadline); IF NOT EXISTS: run
 * on every open.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS local_pubsub (
  subscription TEXT NOT NULL,
  message_id TEXT NOT NULL,
  message TEXT NOT NULL,
  leased_until INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (subscription, message_id)
);
CREATE TABLE IF NOT EXISTS local_published (topic TEXT NOT NULL, message_id TEXT NOT NULL, data TEXT NOT NULL, attributes TEXT NOT NULL);
`;

export class LocalPubSub implements DeadLetterSource {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {
    db.exec(SCHEMA);
  }

  /** Puts a message on a subscription (the demo's dead letter). */
  deliver(message: DeadLetter): void {
    this.db
      .prepare(
        'INSERT INTO local_pubsub (subscription, message_id, message) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      )
      .run(message.subscription, message.message_id, JSON.stringify(message));
  }

  async pull(subscription: string, max: number): Promise<Received[]> {
    const at = this.now().getTime();
    const take = this.db.transaction(() => {
      const rows = this.db
        .prepare<[string, number, number], { message_id: string; message: string }>(
          'SELECT message_id, message FROM local_pubsub WHERE subscription = ? AND leased_until <= ? LIMIT ?',
        )
        .all(subscription, at, max);
      const lease = this.db.prepare(
        'UPDATE local_pubsub SET leased_until = ? WHERE subscription = ? AND message_id = ?',
      );
      for (const r of rows) lease.run(at + LEASE_MS, subscription, r.message_id);
      return rows;
    });
    return take().map((row) => {
      const m = JSON.parse(row.message) as DeadLetter & { publish_time: string };
      return {
        message: { ...m, publish_time: new Date(m.publish_time) },
        ack: async () =>
          void this.db
            .prepare('DELETE FROM local_pubsub WHERE subscription = ? AND message_id = ?')
            .run(subscription, row.message_id),
        nack: async () =>
          void this.db
            .prepare('UPDATE local_pubsub SET leased_until = 0 WHERE subscription = ? AND message_id = ?')
            .run(subscription, row.message_id),
      };
    });
  }

  stream(
    subscription: string,
    onMessage: (received: Received) => Promise<void>,
    onError: (err: Error) => void,
  ): () => Promise<void> {
    let running: Promise<void> = Promise.resolve();
    const timer = setInterval(() => {
      running = running
        .then(async () => {
          for (const r of await this.pull(subscription, 50)) await onMessage(r);
        })
        .catch((err: Error) => onError(err));
    }, POLL_MS);
    timer.unref();
    return async () => {
      clearInterval(timer);
      await running;
    };
  }

  async publish(topic: string, data: string, attributes: Record<string, string>): Promise<string> {
    const id = randomUUID();
    this.db
      .prepare('INSERT INTO local_published (topic, message_id, data, attributes) VALUES (?, ?, ?, ?)')
      .run(topic, id, data, JSON.stringify(attributes));
    return id;
  }
}
