import { parseCompletionDoc } from '../../pipeline/completion.js';
export const HEALTH_DOC = 'pipeline_bot_health/ping';
const PING_TIMEOUT_MS = 3_000;
export class FirestoreCompletionStore {
    firestore;
    pingTimeoutMs;
    constructor(firestore, pingTimeoutMs = PING_TIMEOUT_MS) {
        this.firestore = firestore;
        this.pingTimeoutMs = pingTimeoutMs;
    }
    async getMany(refs) {
        if (refs.length === 0)
            return [];
        const unique = new Map();
        for (const { collection, date } of refs) {
            const path = `${collection}/${date}`;
            if (!unique.has(path))
                unique.set(path, this.firestore.collection(collection).doc(date));
        }
        // One BatchGetDocuments round trip; the library returns snapshots in request order.
        const snaps = await this.firestore.getAll(...unique.values());
        const byPath = new Map(snaps.map((snap) => [snap.ref.path, snap]));
        return refs.map(({ collection, date }) => {
            const snap = byPath.get(`${collection}/${date}`);
            return parseCompletionDoc(collection, date, snap?.exists ? snap.data() : undefined);
        });
    }
    /** Reads one sentinel document (missing is fine): proves the backend answers, bounded in time. */
    async ping() {
        let timer;
        const timeout = new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`Firestore did not answer within ${this.pingTimeoutMs} ms`)), this.pingTimeoutMs);
        });
        try {
            await Promise.race([this.firestore.doc(HEALTH_DOC).get(), timeout]);
        }
        finally {
            clearTimeout(timer);
        }
    }
}
//# sourceMappingURL=completion-store.js.map