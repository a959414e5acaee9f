/**
 * The heal event's columns (SPEC §5), typed, in the order of the Firestore document and the BigQuery
 * table. The SQLite DDL, the Firestore mapping and the BigQuery row are all derived from this one table;
 * a unit test holds it against the BigQuery schema (`adapters/bigquery/schema.ts` HEALING_EVENTS).
 */
import { toDate } from '../pipeline/completion.js';
import type { HealEvent, HealRow } from './ports.js';

/** How a column is stored: text, a whole number, a `YYYY-MM-DD` date, or an instant. */
export type ColumnKind = 'string' | 'integer' | 'date' | 'timestamp';

export interface HealColumn {
  name: keyof HealEvent;
  kind: ColumnKind;
  /** Never null in a stored event. */
  required: boolean;
}

/**
 * Why this order: SPEC §5 lists the fields so, then SPEC §10's `action` and `action_ref`; the BigQuery
 * table and the Firestore document follow it. Events stored before a column existed read it as null.
 */
export const HEAL_EVENT_COLUMNS = [
  { name: 'heal_id', kind: 'string', required: true },
  { name: 'transition', kind: 'string', required: true },
  { name: 'game_date', kind: 'date', required: true },
  { name: 'source', kind: 'string', required: true },
  { name: 'requested_by', kind: 'string', required: true },
  { name: 'status', kind: 'string', required: true },
  { name: 'reason', kind: 'string', required: false },
  { name: 'job_name', kind: 'string', required: false },
  { name: 'location', kind: 'string', required: false },
  { name: 'trigger_command', kind: 'string', required: false },
  { name: 'processors_complete', kind: 'integer', required: false },
  { name: 'expected_processors', kind: 'integer', required: false },
  { name: 'requested_at', kind: 'timestamp', required: true },
  { name: 'finished_at', kind: 'timestamp', required: false },
  { name: 'error', kind: 'string', required: false },
  { name: 'verified', kind: 'string', required: false },
  // Second round (SPEC §10): appended, since an existing BigQuery table can only gain columns at the end.
  { name: 'action', kind: 'string', required: false },
  { name: 'action_ref', kind: 'string', required: false },
] as const satisfies readonly HealColumn[];

/** Why derived: the field names in column order, from the one column table (no second list to keep). */
export const HEAL_EVENT_FIELDS = HEAL_EVENT_COLUMNS.map((c) => c.name);

type Scalar = string | number | null;

/** The event as plain values (instants as ISO strings): a SQLite row, an outbox copy, a BigQuery row. */
export function eventToRecord(e: HealEvent): Record<string, Scalar> {
  const out: Record<string, Scalar> = {};
  for (const c of HEAL_EVENT_COLUMNS) {
    const v = e[c.name];
    out[c.name] = v instanceof Date ? v.toISOString() : v;
  }
  return out;
}

/** The event as a document: every column present (null kept, as in BigQuery), instants as Dates. */
export function eventToDocument(e: HealEvent): Record<string, Scalar | Date> {
  return Object.fromEntries(HEAL_EVENT_COLUMNS.map((c) => [c.name, e[c.name]]));
}

function readColumn(c: HealColumn, v: unknown): Scalar | Date {
  switch (c.kind) {
    case 'timestamp':
      return toDate(v) ?? (c.required ? new Date(0) : null);
    case 'integer':
      return typeof v === 'number' && Number.isFinite(v) ? v : null;
    default:
      if (c.required) return String(v);
      return typeof v === 'string' ? v : null;
  }
}

/** An event read back from any store: a record, a document, or a parsed outbox copy. */
export function eventFromRecord(data: Record<string, unknown>): HealEvent {
  return Object.fromEntries(
    HEAL_EVENT_COLUMNS.map((c) => [c.name, readColumn(c, data[c.name])]),
  ) as unknown as HealEvent;
}

/** The BigQuery row of an event (`insertId` = the outbox key). */
export function healRow(key: string, e: HealEvent): HealRow {
  return { insertId: key, json: eventToRecord(e) };
}
