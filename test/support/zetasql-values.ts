/**
 * Conversions between what the BigQuery REST API carries (JSON rows of `insertAll`, rows seeded by tests,
 * typed query parameters, result cells) and ZetaSQL's `ValueProto`/`TypeProto`. Values go out as BigQuery
 * sends them: INT64 as decimal strings, TIMESTAMP as int64 microseconds, DATE as `YYYY-MM-DD`.
 */
import type { ColumnType } from '../../src/warehouse/table-schema.js';

export interface TypeProto {
  type_kind: string;
  array_type?: { element_type: TypeProto };
}
/** One of ZetaSQL's value fields, or `{}` for NULL. */
export type ValueProto = Record<string, unknown>;

/** Why: ZetaSQL names BigQuery's types by its own TypeKind enum (FLOAT64 is DOUBLE). */
const KINDS: Record<ColumnType, string> = {
  STRING: 'TYPE_STRING',
  INT64: 'TYPE_INT64',
  FLOAT64: 'TYPE_DOUBLE',
  BOOL: 'TYPE_BOOL',
  DATE: 'TYPE_DATE',
  DATETIME: 'TYPE_DATETIME',
  TIMESTAMP: 'TYPE_TIMESTAMP',
  JSON: 'TYPE_JSON',
};
const BIGQUERY_TYPES = Object.fromEntries(Object.entries(KINDS).map(([bq, kind]) => [kind, bq])) as Record<
  string,
  ColumnType
>;

export const typeProto = (type: ColumnType): TypeProto => ({ type_kind: KINDS[type] });
export const arrayOf = (type: ColumnType): TypeProto => ({
  type_kind: 'TYPE_ARRAY',
  array_type: { element_type: typeProto(type) },
});

/** BigQuery's name of a result column's type (`FLOAT64` for ZetaSQL's DOUBLE). */
export function bigQueryType(type: TypeProto): string {
  const name = BIGQUERY_TYPES[type.type_kind];
  if (!name) throw new Error(`fake BigQuery: no BigQuery type for ZetaSQL ${type.type_kind}`);
  return name;
}

/** Why: a DATE value is days since 1970-01-01. */
const DAY_MS = 86_400_000;

/** Microseconds since the epoch of a TIMESTAMP given as Date, ISO text or int64 microseconds. */
function micros(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  const ms = v instanceof Date ? v.getTime() : new Date(String(v).replace(' UTC', 'Z')).getTime();
  if (Number.isNaN(ms)) throw new TypeError(`fake BigQuery: not a TIMESTAMP: ${String(v)}`);
  return BigInt(ms) * 1000n;
}

/** Why: BigQuery accepts DATETIME text with a `T` or a space, up to microseconds. */
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;

/** ZetaSQL packs a DATETIME's fields into one int64: year<<26 | month<<22 | day<<17 | h<<12 | m<<6 | s. */
function packDatetime(text: string): ValueProto {
  const m = DATETIME.exec(text);
  if (!m) throw new TypeError(`fake BigQuery: not a DATETIME: ${text}`);
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((x) => BigInt(x!));
  const packed = (y! << 26n) | (mo! << 22n) | (d! << 17n) | (h! << 12n) | (mi! << 6n) | s!;
  const nanos = Number((m[7] ?? '').padEnd(9, '0'));
  return { datetime_value: { bit_field_datetime_seconds: packed.toString(), nanos } };
}

function unpackDatetime(v: { bit_field_datetime_seconds: string; nanos?: number }): string {
  const p = BigInt(v.bit_field_datetime_seconds);
  const field = (shift: bigint, bits: bigint) => Number((p >> shift) & ((1n << bits) - 1n));
  const two = (n: number) => String(n).padStart(2, '0');
  const date = `${field(26n, 14n)}-${two(field(22n, 4n))}-${two(field(17n, 5n))}`;
  const time = `${two(field(12n, 5n))}:${two(field(6n, 6n))}:${two(field(0n, 6n))}`;
  const frac = v.nanos ? `.${String(v.nanos).padStart(9, '0').slice(0, 6)}` : '';
  return `${date}T${time}${frac}`;
}

/** A JSON/test value of a column or parameter of `type` → ValueProto. */
export function toValue(v: unknown, type: ColumnType): ValueProto {
  if (v === null || v === undefined) return {};
  switch (type) {
    case 'STRING':
      return { string_value: String(v) };
    case 'INT64':
      return { int64_value: String(v) };
    case 'FLOAT64':
      return { double_value: Number(v) };
    case 'BOOL':
      return { bool_value: v === true || v === 'true' };
    case 'JSON':
      return { json_value: typeof v === 'string' ? v : JSON.stringify(v) };
    case 'DATE':
      return { date_value: Math.round(Date.parse(`${String(v).slice(0, 10)}T00:00:00Z`) / DAY_MS) };
    case 'DATETIME':
      return packDatetime(v instanceof Date ? v.toISOString().slice(0, 23) : String(v));
    case 'TIMESTAMP': {
      const us = micros(v);
      const seconds = us >= 0n ? us / 1_000_000n : (us - 999_999n) / 1_000_000n;
      return {
        timestamp_value: { seconds: seconds.toString(), nanos: Number(us - seconds * 1_000_000n) * 1000 },
      };
    }
  }
}

/** A result ValueProto → the REST cell value (`null` for NULL). */
export function fromValue(v: ValueProto): unknown {
  const field = v.value as string | undefined;
  if (!field) return null;
  const x = v[field];
  switch (field) {
    case 'bool_value':
      return x ? 'true' : 'false';
    case 'date_value':
      return new Date(Number(x) * DAY_MS).toISOString().slice(0, 10);
    case 'timestamp_value': {
      const t = x as { seconds?: string; nanos?: number };
      return (BigInt(t.seconds ?? '0') * 1_000_000n + BigInt(Math.floor((t.nanos ?? 0) / 1000))).toString();
    }
    case 'datetime_value':
      return unpackDatetime(x as { bit_field_datetime_seconds: string; nanos?: number });
    case 'array_value':
      return ((x as { element?: ValueProto[] }).element ?? []).map((e) => ({ v: fromValue(e) }));
    default:
      return String(x);
  }
}
