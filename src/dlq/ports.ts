/** Ports of the dead-letter flow: where messages come from, where they are recorded, where replays go. */
import type { DeadLetter, DlqHandling, DlqRecord } from './types.js';

/** A message handed over by a source; it stays on the subscription until `ack`. */
export interface Received {
  message: DeadLetter;
  ack(): Promise<void>;
  /** Gives the message back now (it is redelivered), e.g. when recording failed. */
  nack(): Promise<void>;
}

export interface DeadLetterSource {
  /** What is waiting on `subscription`, at most `max` messages (synchronous pull). */
  pull(subscription: string, max: number): Promise<Received[]>;
  /** Streaming pull: `onMessage` for each message as it lands; resolves to a function that stops it. */
  stream(
    subscription: string,
    onMessage: (received: Received) => Promise<void>,
    onError: (err: Error) => void,
  ): () => Promise<void>;
  /** Publishes to `topic` (Replay); resolves to the new message id. */
  publish(topic: string, data: string, attributes: Record<string, string>): Promise<string>;
}

/**
 * What the `dlq` check reads of one subscription: what can change its alert, not every record ever
 * handled (those pile up; reading them all was up to 1,000 billed reads per tick).
 */
export interface DlqTally {
  /** The records not yet handled, newest publish time first, at most the `limit` asked for. */
  waiting: DlqRecord[];
  /** How many records are handled. */
  handled: number;
  /** The latest `recorded_at` of any record, handled or not; null when none is recorded. */
  last_recorded_at: Date | null;
}

export interface DlqStore {
  /** Records the message once: false when a record with this subscription and message id exists already. */
  record(record: DlqRecord): Promise<boolean>;
  /** Recorded messages, newest publish time first (`subscription` to narrow, `limit` to bound). */
  list(opts?: { subscription?: string; limit?: number }): Promise<DlqRecord[]>;
  /** One subscription's waiting records (at most `limit`), handled count and latest arrival. */
  tally(subscription: string, limit: number): Promise<DlqTally>;
  /**
   * Marks a message handled if it is not already: true for the one caller that changed it (exactly once
   * under concurrent clicks), false when it was already handled or is unknown.
   */
  markHandled(
    subscription: string,
    messageId: string,
    how: DlqHandling,
    by: string,
    at: Date,
  ): Promise<boolean>;
}

/** The BigQuery copy (`dlq_messages`, insertId = message id, so a resend is de-duplicated). */
export interface DlqExporter {
  insert(records: DlqRecord[]): Promise<void>;
}
