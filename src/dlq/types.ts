/** Dead-lettered Pub/Sub messages (issue 12, SPEC §10): what the bot records about each one. No Slack, no Google. */

/** One configured dead-letter subscription (`dlq.subscriptions[]`). */
export interface DlqSubscription {
  subscription: string;
  /** Where Replay republishes the message. */
  source_topic: string;
  label: string;
}

/** How a recorded message was dealt with; null while it waits for someone. */
export type DlqHandling = 'replayed' | 'dismissed';

/** A message as received from a dead-letter subscription, before it is recorded. */
export interface DeadLetter {
  message_id: string;
  subscription: string;
  publish_time: Date;
  /** Pub/Sub's delivery attempt counter when the subscription has a dead-letter policy, else null. */
  delivery_attempt: number | null;
  attributes: Record<string, string>;
  /** The message data as UTF-8 text. */
  data: string;
}

/** What the processor was doing, read from the message (JSON data and attributes) when present. */
export interface DlqContext {
  game_date: string | null;
  processor: string | null;
  error: string | null;
}

/** A recorded dead letter (Firestore / the embedded store; BigQuery `dlq_messages` holds the same row). */
export interface DlqRecord extends DeadLetter, DlqContext {
  source_topic: string;
  recorded_at: Date;
  handled: DlqHandling | null;
  handled_by: string | null;
  handled_at: Date | null;
}
