export const HEAL_SOURCES = ['button', 'slash', 'cli', 'auto'];
export const HEAL_STATUSES = ['requested', 'triggered', 'failed', 'denied', 'refused', 'duplicate'];
/** `finish` with `onlyIfStatus` found the event in another status (another instance got there first). */
export class HealStateConflict extends Error {
    healId;
    status;
    constructor(healId, status) {
        super(`heal ${healId} is ${status}`);
        this.healId = healId;
        this.status = status;
        this.name = 'HealStateConflict';
    }
}
/** Thrown by a `JobTrigger` when the call failed. `ambiguous`: the job may have run (timeout, reset). */
export class JobTriggerError extends Error {
    ambiguous;
    httpStatus;
    constructor(message, ambiguous, httpStatus) {
        super(message);
        this.ambiguous = ambiguous;
        this.httpStatus = httpStatus;
        this.name = 'JobTriggerError';
    }
}
/** The BigQuery row of an event: timestamps as ISO strings, the date as `YYYY-MM-DD`. */
export function healRow(key, e) {
    return {
        insertId: key,
        json: {
            heal_id: e.heal_id,
            transition: e.transition,
            game_date: e.game_date,
            source: e.source,
            requested_by: e.requested_by,
            status: e.status,
            reason: e.reason,
            job_name: e.job_name,
            location: e.location,
            trigger_command: e.trigger_command,
            processors_complete: e.processors_complete,
            expected_processors: e.expected_processors,
            requested_at: e.requested_at.toISOString(),
            finished_at: e.finished_at ? e.finished_at.toISOString() : null,
            error: e.error,
            verified: e.verified,
        },
    };
}
export const outboxKey = (healId, status) => `${healId}:${status}`;
/** Firestore document id / SQLite key of a run's lock. */
export const lockKey = (transition, date) => `${transition}_${date}`;
//# sourceMappingURL=ports.js.map