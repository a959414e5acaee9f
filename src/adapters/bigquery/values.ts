/** Exact conversions of BigQuery values: INT64 never silently loses precision, TIMESTAMP keeps its instant. */
import type { IsoDate } from '../../pipeline/types.js';

/** INT64 (as the decimal string BigQuery sends) → number, refusing values a double cannot hold exactly. */
export function exactInt(value: string | number): number {
  const big = BigInt(value);
  if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`INT64 value ${value} does not fit a JavaScript number exactly`);
  }
  return Number(big);
}

function unwrap(value: unknown): unknown {
  return value !== null && typeof value === 'object' && 'value' in value
    ? (value as { value: unknown }).value
    : value;
}

/**
 * TIMESTAMP → Date. Accepts what the client hands back (`BigQueryTimestamp` with an ISO value carrying
 * microseconds), int64 microseconds since the epoch (the wire format), or an ISO string.
 */
export function toDate(value: unknown): Date | undefined {
  const v = unwrap(value);
  if (v === null || v === undefined) return undefined;
  if (v instanceof Date) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return new Date(Number(BigInt(v) / 1000n));
  const d = new Date(String(v));
  if (Number.isNaN(d.getTime())) throw new TypeError(`not a TIMESTAMP: ${String(v)}`);
  return d;
}

export function toIsoDate(value: unknown): IsoDate {
  const v = unwrap(value);
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v))
    throw new TypeError(`not a DATE: ${String(v)}`);
  return v;
}

export function toInt(value: unknown): number {
  const v = unwrap(value);
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new RangeError(`INT64 value ${v} is not an exact integer`);
    return v;
  }
  return exactInt(String(v));
}

export function toStr(value: unknown): string | undefined {
  return value === null || value === undefined ? undefined : String(value);
}

export function toBool(value: unknown): boolean {
  return value === true || value === 'true';
}
