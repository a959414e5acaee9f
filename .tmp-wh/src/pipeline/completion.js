/** Accepts a Firestore `Timestamp` (anything with `toDate()`), `{seconds,nanoseconds}` / `{_seconds,_nanoseconds}`, ISO strings, epoch millis or a Date. */
export function toDate(value) {
    if (value == null)
        return undefined;
    if (value instanceof Date)
        return Number.isNaN(value.getTime()) ? undefined : value;
    if (typeof value === 'string') {
        const d = new Date(value);
        return Number.isNaN(d.getTime()) ? undefined : d;
    }
    if (typeof value === 'number')
        return Number.isFinite(value) ? new Date(value) : undefined;
    if (typeof value === 'object') {
        const v = value;
        if (typeof v.toDate === 'function')
            return toDate(v.toDate.call(value));
        const seconds = v.seconds ?? v._seconds;
        const nanos = v.nanoseconds ?? v._nanoseconds ?? v.nanos ?? 0;
        if (typeof seconds === 'number' && typeof nanos === 'number')
            return new Date(seconds * 1000 + nanos / 1e6);
    }
    return undefined;
}
function toBool(value) {
    return value === true || value === 'true' || value === 1;
}
function toNumber(value) {
    if (typeof value === 'number' && Number.isFinite(value))
        return value;
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
        return Number(value);
    if (typeof value === 'bigint')
        return Number(value);
    return undefined;
}
export function parseProcessor(name, value) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Date) {
        return { name, malformed: true, completedAt: toDate(value) };
    }
    const v = value;
    return {
        name,
        malformed: false,
        status: typeof v.status === 'string' ? v.status : undefined,
        completedAt: toDate(v.completed_at ?? v.completedAt ?? v.timestamp),
        recordCount: toNumber(v.record_count ?? v.records_processed),
    };
}
/** Parses raw document data (or `undefined` for a document that does not exist). */
export function parseCompletionDoc(collection, date, data) {
    if (data === undefined || data === null || typeof data !== 'object' || Array.isArray(data)) {
        return {
            collection,
            date,
            exists: data !== undefined && data !== null,
            processors: {},
            triggered: false,
        };
    }
    const d = data;
    const processors = {};
    for (const [key, value] of Object.entries(d)) {
        if (key.startsWith('_'))
            continue;
        processors[key] = parseProcessor(key, value);
    }
    return {
        collection,
        date,
        exists: true,
        processors,
        triggered: toBool(d._triggered),
        triggeredAt: toDate(d._triggered_at),
        triggerReason: typeof d._trigger_reason === 'string' ? d._trigger_reason : undefined,
    };
}
//# sourceMappingURL=completion.js.map