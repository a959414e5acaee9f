/**
 * The dead-letter service: pulls (bounded, serverless tick) or streams (in-process) the configured
 * subscriptions into the store, lists recent messages, and Replay / Mark handled. Replay claims each
 * message in the store first (the audit record: who, when, `replayed`) and publishes only the messages
 * it claimed, so concurrent clicks on any number of instances republish each message once.
 */
import type { Logger } from '../log.js';
import type { Clock } from '../ports.js';
import { errText } from '../util/error-text.js';
import { type IngestOutcome, pullAll, streamAll } from './ingest.js';
import type { DeadLetterSource, DlqExporter, DlqStore } from './ports.js';
import type { DlqHandling, DlqRecord, DlqSubscription } from './types.js';

/** Why 500: one Replay or Mark handled acts on at most this many waiting messages; a second click takes the rest. */
const ACT_LIMIT = 500;
/** Why: Pub/Sub stamps these on dead letters; a replayed message goes out as it was first published. */
const DEAD_LETTER_ATTR_PREFIX = 'CloudPubSubDeadLetter';

const originalAttributes = (attributes: Record<string, string>) =>
  Object.fromEntries(Object.entries(attributes).filter(([k]) => !k.startsWith(DEAD_LETTER_ATTR_PREFIX)));

export interface DlqServiceDeps {
  store: DlqStore;
  source: DeadLetterSource;
  exporter?: DlqExporter;
  subscriptions: DlqSubscription[];
  clock: Clock;
  log: Logger;
  pullMax: number;
  /** Whether a Slack user may Replay / Mark handled (the heal permission). */
  canAct(user: string): Promise<boolean>;
}

/** What happened to a click, for the view to render; Slack-free. */
export type DlqActionOutcome =
  | { kind: 'denied'; subscription: string }
  | { kind: 'unknown'; subscription: string }
  | {
      kind: 'done';
      how: DlqHandling;
      subscription: string;
      handled: string[];
      failed: { id: string; error: string }[];
    };

export class DlqService {
  constructor(private readonly d: DlqServiceDeps) {}

  get subscriptions(): DlqSubscription[] {
    return this.d.subscriptions;
  }

  private get ingestDeps() {
    return {
      store: this.d.store,
      exporter: this.d.exporter,
      clock: this.d.clock,
      subscriptions: this.d.subscriptions,
    };
  }

  /** Serverless tick: records what is waiting (at most `pullMax` per subscription). */
  pullNow(): Promise<IngestOutcome[]> {
    return pullAll(this.ingestDeps, this.d.source, this.d.pullMax, (subscription, err) =>
      this.d.log.error({ err, subscription }, 'dead-letter pull failed'),
    );
  }

  /** In-process: streaming pull; `onRecorded` after each new message (to run the checks right away). */
  stream(onRecorded: () => void): () => Promise<void> {
    return streamAll(
      this.ingestDeps,
      this.d.source,
      (outcome, received) => {
        if (outcome === 'failed')
          this.d.log.warn(
            { message_id: received.message.message_id },
            'dead letter not recorded; redelivered later',
          );
        if (outcome === 'recorded') onRecorded();
      },
      (err, subscription) =>
        this.d.log.error({ err, subscription }, 'dead-letter subscription stream failed'),
    );
  }

  recent(limit: number): Promise<DlqRecord[]> {
    return this.d.store.list({ limit });
  }

  async act(subscription: string, how: DlqHandling, user: string): Promise<DlqActionOutcome> {
    const sub = this.d.subscriptions.find((s) => s.subscription === subscription);
    if (!sub) return { kind: 'unknown', subscription };
    if (!(await this.d.canAct(user))) {
      this.d.log.warn({ subscription, user, how }, 'dead-letter action refused: not allowed');
      return { kind: 'denied', subscription };
    }
    // Only the waiting ones: after a burst beyond ACT_LIMIT, the next click reaches the older rest.
    const { waiting } = await this.d.store.tally(subscription, ACT_LIMIT);
    const handled: string[] = [];
    const failed: { id: string; error: string }[] = [];
    for (const r of waiting) {
      // The claim is the audit record, written before acting; only its one winner publishes.
      if (!(await this.d.store.markHandled(subscription, r.message_id, how, user, this.d.clock.now())))
        continue;
      if (how === 'replayed') {
        try {
          await this.d.source.publish(sub.source_topic, r.data, originalAttributes(r.attributes));
        } catch (err) {
          failed.push({ id: r.message_id, error: errText(err) });
          this.d.log.error({ err, message_id: r.message_id, subscription }, 'replay publish failed');
          continue;
        }
      }
      handled.push(r.message_id);
    }
    this.d.log.info(
      { subscription, user, how, handled: handled.length, failed: failed.length },
      'dead letters handled',
    );
    return { kind: 'done', how, subscription, handled, failed };
  }
}
