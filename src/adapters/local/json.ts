/**
 * JSON encoding of the embedded store's documents. Kept apart from `db.ts` so that modules gcp mode loads
 * too (the simulated job trigger, `everyDateHasGames`) never pull in the native SQLite module.
 */

/** JSON with Dates as ISO strings; the completion parser reads them back as timestamps. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (v instanceof Date ? v.toISOString() : v));
}
