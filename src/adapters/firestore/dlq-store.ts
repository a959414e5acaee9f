/**
 * Dead letters in Firestore: `pipeline_bot_dlq_messages/{subscription}:{message_id}`. `record` is a
 * `create` (a redelivered message finds its document: recorded once); `markHandled` is a compare-and-set
 * that changes only an unhandled document (one winner under concurrent clicks).
 */
import type { Firestore } from '@google-cloud/firestore';
import type { DlqStore, DlqTally } from '../../dlq/ports.js';
import type { DlqHandling, DlqRecord } from '../../dlq/types.js';
import { toDate } from '../../pipeline/completion.js';
import { docId } from './alert-store.js';

/** Why this name: the bot's own state is under `pipeline_bot_` (SPEC §8); one document per dead letter. */
export const DLQ_COLLECTION = 'pipeline_bot_dlq_messages';

/** One field of a composite index, in the order of `firestore.indexes.json`. */
export interface IndexField {
  fieldPath: string;
  order: 'ASCENDING' | 'DESCENDING';
}

/**
 * Why these four: the composite indexes the queries below need in a real project (the emulator does not
 * enforce them). The other Firestore adapters query with equalities or one range only, which single-field
 * indexes serve. `firestore.indexes.json` at the repository root must list exactly these (a unit test).
 */
export const DLQ_INDEXES: IndexField[][] = [
  // recent(): `/pipeline dlq` and the buttons, one subscription newest first.
  [
    { fieldPath: 'subscription', order: 'ASCENDING' },
    { fieldPath: 'publish_time', order: 'DESCENDING' },
  ],
  // tally(): the waiting messages, newest first.
  [
    { fieldPath: 'subscription', order: 'ASCENDING' },
    { fieldPath: 'handled', order: 'ASCENDING' },
    { fieldPath: 'publish_time', order: 'DESCENDING' },
  ],
  // tally(): the count of handled ones (`handled != null`).
  [
    { fieldPath: 'subscription', order: 'ASCENDING' },
    { fieldPath: 'handled', order: 'ASCENDING' },
  ],
  // tally(): the latest arrival.
  [
    { fieldPath: 'subscription', order: 'ASCENDING' },
    { fieldPath: 'recorded_at', order: 'DESCENDING' },
  ],
];

/** Why 6: gRPC ALREADY_EXISTS, what `create` answers when the document is there. */
const ALREADY_EXISTS = 6;
/** Why 9: gRPC FAILED_PRECONDITION, what an update answers when the document changed since it was read. */
const FAILED_PRECONDITION = 9;

function fromDoc(data: FirebaseFirestore.DocumentData): DlqRecord {
  return {
    ...(data as DlqRecord),
    publish_time: toDate(data.publish_time)!,
    recorded_at: toDate(data.recorded_at)!,
    handled_at: toDate(data.handled_at) ?? null,
  };
}

export class FirestoreDlqStore implements DlqStore {
  constructor(private readonly db: Firestore) {}

  private ref(subscription: string, messageId: string) {
    return this.db.collection(DLQ_COLLECTION).doc(docId(`${subscription}:${messageId}`));
  }

  async record(record: DlqRecord): Promise<boolean> {
    try {
      await this.ref(record.subscription, record.message_id).create(record);
      return true;
    } catch (err) {
      if ((err as { code?: number }).code === ALREADY_EXISTS) return false;
      throw err;
    }
  }

  async list(opts: { subscription?: string; limit?: number } = {}): Promise<DlqRecord[]> {
    let query = this.db.collection(DLQ_COLLECTION).orderBy('publish_time', 'desc');
    if (opts.subscription) query = query.where('subscription', '==', opts.subscription);
    if (opts.limit) query = query.limit(opts.limit);
    return (await query.get()).docs.map((d) => fromDoc(d.data()));
  }

  /**
   * Three queries, none reading the handled documents: the waiting ones (`handled == null`, bounded), a
   * `count()` of the handled ones (billed one read per 1,000 counted) and the latest arrival (`limit(1)`).
   */
  async tally(subscription: string, limit: number): Promise<DlqTally> {
    const mine = this.db.collection(DLQ_COLLECTION).where('subscription', '==', subscription);
    const [waiting, handled, latest] = await Promise.all([
      mine.where('handled', '==', null).orderBy('publish_time', 'desc').limit(limit).get(),
      mine.where('handled', '!=', null).count().get(),
      mine.orderBy('recorded_at', 'desc').limit(1).get(),
    ]);
    const last = latest.docs[0];
    return {
      waiting: waiting.docs.map((d) => fromDoc(d.data())),
      handled: handled.data().count,
      last_recorded_at: last ? fromDoc(last.data()).recorded_at : null,
    };
  }

  async markHandled(
    subscription: string,
    messageId: string,
    how: DlqHandling,
    by: string,
    at: Date,
  ): Promise<boolean> {
    const ref = this.ref(subscription, messageId);
    // Compare-and-set on the update time read, not a transaction: under a burst of clicks, transactions
    // wait on each other's locks; a lost race here just re-reads and sees the winner's mark.
    for (;;) {
      const snap = await ref.get();
      if (!snap.exists || snap.data()!.handled) return false;
      try {
        await ref.update(
          { handled: how, handled_by: by, handled_at: at },
          { lastUpdateTime: snap.updateTime! },
        );
        return true;
      } catch (err) {
        if ((err as { code?: number }).code !== FAILED_PRECONDITION) throw err;
      }
    }
  }
}
