/** Completion documents (`phase{N}_completion/{date}`) read from Firestore. */
import type { DocumentReference, Firestore } from '@google-cloud/firestore';
import { parseCompletionDoc } from '../../pipeline/completion.js';
import type { CompletionDoc } from '../../pipeline/types.js';
import type { CompletionStore, DocRef } from '../../ports.js';
import { DeadlineError, withDeadline } from '../../util/deadline.js';

/** Why a document of its own: `ping` proves Firestore answers without reading pipeline data. */
export const HEALTH_DOC = 'pipeline_bot_health/ping';
/** Why 3 s: Cloud Run polls `/readyz`; a silent Firestore must make it answer 503, not hang. */
const PING_TIMEOUT_MS = 3_000;
/**
 * Why 15 s: the client retries an unreachable backend for ~45 s before failing a read; a check or a
 * `/pipeline status` should say "Firestore is not answering" well before that (the read is not cancelled,
 * it is just no longer waited for).
 */
export const READ_TIMEOUT_MS = 15_000;

export class FirestoreCompletionStore implements CompletionStore {
  constructor(
    private readonly firestore: Firestore,
    private readonly pingTimeoutMs = PING_TIMEOUT_MS,
    private readonly readTimeoutMs = READ_TIMEOUT_MS,
  ) {}

  async getMany(refs: DocRef[]): Promise<CompletionDoc[]> {
    if (refs.length === 0) return [];
    const unique = new Map<string, DocumentReference>();
    for (const { collection, date } of refs) {
      const path = `${collection}/${date}`;
      if (!unique.has(path)) unique.set(path, this.firestore.collection(collection).doc(date));
    }
    // One BatchGetDocuments round trip; the library returns snapshots in request order.
    const snaps = await withDeadline(
      this.firestore.getAll(...unique.values()),
      this.readTimeoutMs,
      () =>
        new DeadlineError(
          `Firestore did not answer a read of ${unique.size} completion document(s) within ${this.readTimeoutMs / 1000} s`,
        ),
    );
    const byPath = new Map(snaps.map((snap) => [snap.ref.path, snap]));
    return refs.map(({ collection, date }) => {
      const snap = byPath.get(`${collection}/${date}`);
      return parseCompletionDoc(collection, date, snap?.exists ? snap.data() : undefined);
    });
  }

  /** Reads one sentinel document (missing is fine): proves the backend answers, bounded in time. */
  async ping(): Promise<void> {
    await withDeadline(
      this.firestore.doc(HEALTH_DOC).get(),
      this.pingTimeoutMs,
      () => new DeadlineError(`Firestore did not answer within ${this.pingTimeoutMs} ms`),
    );
  }
}
