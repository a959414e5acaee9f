/**
 * The type of a completeness table's date column, read from the table's schema in BigQuery (`tables.get`)
 * once per table and cached, so the count queries build a predicate that fits DATE, DATETIME or TIMESTAMP.
 */

import type { IsoDate } from '../../pipeline/types.js';
import type { CountSpec } from '../../warehouse/ports.js';
import type { Param, QueryRunner } from './query.js';
import { column, type DateColumn, type DateColumnType, needsTimeZone, tableRef } from './sql.js';

/** Why: the only types a day can be read from (DATE as is, DATETIME and TIMESTAMP by their date). */
const DATE_TYPES: readonly string[] = ['DATE', 'DATETIME', 'TIMESTAMP'];

export class DateColumnError extends Error {
  readonly code = 'DATE_COLUMN';
}

export class DateColumns {
  /** Why no expiry: a partition column's type cannot change without recreating the table (a restart). */
  private readonly schemas = new Map<string, Promise<Map<string, string>>>();

  constructor(
    private readonly runner: QueryRunner,
    private readonly projectId: string,
  ) {}

  private schema(table: string): Promise<Map<string, string>> {
    const parts = table.split('.');
    const [project, dataset, name] = parts.length === 2 ? [this.projectId, ...parts] : parts;
    let pending = this.schemas.get(table);
    if (!pending) {
      pending = this.runner
        .tableFields(project!, dataset!, name!)
        .then((fields) => new Map(fields.map((f) => [f.name, f.type])));
      // A failed read is not cached: the next check tries again.
      pending.catch(() => this.schemas.delete(table));
      this.schemas.set(table, pending);
    }
    return pending;
  }

  async of(spec: CountSpec): Promise<DateColumn> {
    // Identifiers from config are validated before any request (they end up in SQL).
    tableRef(spec.table, this.projectId);
    column(spec.date_column);
    column(spec.count_distinct);
    const type = (await this.schema(spec.table)).get(spec.date_column);
    if (type === undefined)
      throw new DateColumnError(`table ${spec.table} has no column ${spec.date_column}`);
    if (!DATE_TYPES.includes(type))
      throw new DateColumnError(
        `column ${spec.date_column} of ${spec.table} is ${type}; a date column must be DATE, DATETIME or TIMESTAMP`,
      );
    return { spec, type: type as DateColumnType };
  }
}

/** @from/@to, and @tz when a TIMESTAMP column is dated in the pipeline's time zone. */
export function dayParams(
  from: IsoDate,
  to: IsoDate,
  tz: string,
  columns: DateColumn[],
): Record<string, Param> {
  return {
    from: { type: 'DATE', value: from },
    to: { type: 'DATE', value: to },
    ...(needsTimeZone(columns) ? { tz: { type: 'STRING', value: tz } } : {}),
  };
}
