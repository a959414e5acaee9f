export const ALERTS_COLLECTION = 'pipeline_bot_alerts';
/** Why so many: several instances (and a burst of button clicks) contend on one alert document. */
const TRANSACTION_ATTEMPTS = 25;
/**
 * A document id for any key: `/` is a path separator, `.`/`..` and `__x__` are reserved. Percent-encoding
 * is injective, so two keys never share a document; the key itself is stored as a field.
 */
export function docId(key) {
    return encodeURIComponent(key).replace(/\./g, '%2E').replace(/^__/, '%5F%5F');
}
export function isActive(r) {
    return r.state !== 'resolved' || r.outbox.length > 0;
}
export function touchedAt(r) {
    const times = [r.firstSeenAt, r.firingSince, r.lastSeenAt, r.resolvedAt].map((d) => d?.getTime() ?? 0);
    return new Date(Math.max(...times));
}
/** Newest activity first, then by fingerprint, so both adapters list in the same order. */
export function byTouchedDesc(a, b) {
    return touchedAt(b).getTime() - touchedAt(a).getTime() || a.fingerprint.localeCompare(b.fingerprint);
}
export function byFirstSeen(a, b) {
    return a.firstSeenAt.getTime() - b.firstSeenAt.getTime() || a.fingerprint.localeCompare(b.fingerprint);
}
/** Undefined properties are dropped here as well, so the store does not depend on the client's settings. */
function toFirestore(value) {
    if (value === undefined || value === null || value instanceof Date)
        return value ?? null;
    if (Array.isArray(value))
        return value.map((v) => (v === undefined ? null : toFirestore(v)));
    if (typeof value === 'object') {
        const out = {};
        for (const [k, v] of Object.entries(value))
            if (v !== undefined)
                out[k] = toFirestore(v);
        return out;
    }
    return value;
}
/** Timestamps (anything with `toDate()`) become Dates at any depth. */
function fromFirestore(value) {
    if (value === null || typeof value !== 'object')
        return value;
    if (typeof value.toDate === 'function')
        return value.toDate();
    if (Array.isArray(value))
        return value.map(fromFirestore);
    const out = {};
    for (const [k, v] of Object.entries(value))
        out[k] = fromFirestore(v);
    return out;
}
export function alertToData(r) {
    return { ...toFirestore(r), active: isActive(r), touchedAt: touchedAt(r) };
}
export function alertFromData(data) {
    const { active: _active, touchedAt: _touchedAt, ...record } = fromFirestore(data);
    return record;
}
export class FirestoreAlertStore {
    db;
    constructor(db) {
        this.db = db;
    }
    ref(fingerprint) {
        return this.db.collection(ALERTS_COLLECTION).doc(docId(fingerprint));
    }
    async get(fingerprint) {
        const snap = await this.ref(fingerprint).get();
        return snap.exists ? alertFromData(snap.data()) : undefined;
    }
    async listActive() {
        const snap = await this.db.collection(ALERTS_COLLECTION).where('active', '==', true).get();
        return snap.docs.map((d) => alertFromData(d.data())).sort(byFirstSeen);
    }
    /** Alerts with any activity since `since`: first seen, (re-)fired, seen again or resolved. */
    async listSince(since) {
        const snap = await this.db.collection(ALERTS_COLLECTION).where('touchedAt', '>=', since).get();
        return snap.docs.map((d) => alertFromData(d.data())).sort(byTouchedDesc);
    }
    /**
     * A Firestore transaction: read, `fn`, write. On contention the library retries the whole
     * transaction, so `fn` may run several times (each time on the freshly read record) and must have
     * no side effects; only the last run's result is committed. Returns the record as stored after
     * the call (the current one when `fn` returned undefined).
     */
    async update(fingerprint, fn) {
        const ref = this.ref(fingerprint);
        return this.db.runTransaction(async (tx) => {
            const snap = await tx.get(ref);
            const current = snap.exists ? alertFromData(snap.data()) : undefined;
            const next = fn(current);
            if (next === undefined)
                return current;
            if (next.fingerprint !== fingerprint) {
                throw new Error(`alert update of ${fingerprint} returned a record for ${next.fingerprint}`);
            }
            tx.set(ref, alertToData(next));
            return next;
        }, { maxAttempts: TRANSACTION_ATTEMPTS });
    }
}
//# sourceMappingURL=alert-store.js.map