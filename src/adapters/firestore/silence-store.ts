/**
 * Silences in Firestore (SPEC §10): `pipeline_bot_silences/{id}` with matchers, created_by, reason,
 * starts_at, ends_at (Timestamps), plus `summarized` (a boolean kept for the one query, so it needs no
 * composite index) and `summarized_at`. Shared by every instance.
 */
import type { DocumentData, Firestore } from '@google-cloud/firestore';
import { byStartDesc, type Silence, type SilenceStore } from '../../oncall/silences.js';
import { toDate } from '../../pipeline/completion.js';
import { docId } from './alert-store.js';

/** Why pipeline_bot_silences: the name SPEC §10 gives (silences are data, one document per id). */
export const SILENCES_COLLECTION = 'pipeline_bot_silences';

/** Why 6: gRPC ALREADY_EXISTS, what `create` answers for an id someone else created first. */
const ALREADY_EXISTS = 6;

function fromDoc(d: DocumentData): Silence {
  return {
    id: d.id,
    matchers: d.matchers ?? {},
    created_by: d.created_by,
    reason: d.reason,
    starts_at: toDate(d.starts_at)!,
    ends_at: toDate(d.ends_at)!,
    ...(d.ended_by ? { ended_by: d.ended_by } : {}),
    ...(d.summarized_at ? { summarized_at: toDate(d.summarized_at)! } : {}),
  };
}

function toDoc(s: Silence): DocumentData {
  return JSON.parse(JSON.stringify({ ...s, starts_at: null, ends_at: null, summarized_at: null }), (_k, v) =>
    v === null ? undefined : v,
  ) as DocumentData;
}

export class FirestoreSilenceStore implements SilenceStore {
  constructor(private readonly db: Firestore) {}

  private ref(id: string) {
    return this.db.collection(SILENCES_COLLECTION).doc(docId(id));
  }

  async create(s: Silence): Promise<boolean> {
    try {
      await this.ref(s.id).create({
        ...toDoc(s),
        starts_at: s.starts_at,
        ends_at: s.ends_at,
        summarized: !!s.summarized_at,
        ...(s.summarized_at ? { summarized_at: s.summarized_at } : {}),
      });
      return true;
    } catch (err) {
      if ((err as { code?: number }).code === ALREADY_EXISTS) return false;
      throw err;
    }
  }

  async get(id: string): Promise<Silence | undefined> {
    const snap = await this.ref(id).get();
    return snap.exists ? fromDoc(snap.data()!) : undefined;
  }

  async listUnsummarized(): Promise<Silence[]> {
    const snap = await this.db.collection(SILENCES_COLLECTION).where('summarized', '==', false).get();
    return snap.docs.map((d) => fromDoc(d.data())).sort(byStartDesc);
  }

  async end(id: string, by: string, at: Date): Promise<Silence | undefined> {
    const ref = this.ref(id);
    return this.db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      if (!snap.exists) return undefined;
      const s = fromDoc(snap.data()!);
      if (s.ends_at.getTime() <= at.getTime()) return s;
      tx.update(ref, { ends_at: at, ended_by: by });
      return { ...s, ends_at: at, ended_by: by };
    });
  }

  async claimSummary(id: string, at: Date): Promise<boolean> {
    const ref = this.ref(id);
    return this.db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      if (!snap.exists || snap.data()!.summarized) return false;
      tx.update(ref, { summarized: true, summarized_at: at });
      return true;
    });
  }
}
