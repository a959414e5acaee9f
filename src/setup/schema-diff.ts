/**
 * Compares a table as it exists with the schema the bot expects (pure): which columns are missing (setup
 * adds them, never drops any) and which exist with a type or mode the bot's inserts cannot use.
 */
import type { ColumnSchema, TableSchema } from '../warehouse/table-schema.js';
import type { ExistingTable } from './ports.js';

export interface TableDiff {
  missing: ColumnSchema[];
  /** Human-readable conflicts setup cannot fix by adding columns, e.g. "status is INT64, expected STRING". */
  conflicts: string[];
}

export function diffTable(expected: TableSchema, existing: ExistingTable): TableDiff {
  const byName = new Map(existing.columns.map((c) => [c.name.toLowerCase(), c]));
  const missing: ColumnSchema[] = [];
  const conflicts: string[] = [];
  for (const column of expected.columns) {
    const found = byName.get(column.name.toLowerCase());
    if (!found) {
      missing.push(column);
      continue;
    }
    if (found.type !== column.type)
      conflicts.push(`${column.name} is ${found.type}, expected ${column.type}`);
    const wantRepeated = column.mode === 'REPEATED';
    if ((found.mode === 'REPEATED') !== wantRepeated)
      conflicts.push(`${column.name} is ${found.mode}, expected ${column.mode ?? 'NULLABLE'}`);
    // A REQUIRED column the bot may leave null would reject its inserts; NULLABLE where we say REQUIRED is fine.
    else if (found.mode === 'REQUIRED' && (column.mode ?? 'NULLABLE') === 'NULLABLE')
      conflicts.push(`${column.name} is REQUIRED, expected NULLABLE`);
  }
  if (expected.partitionColumn && existing.partitionColumn !== expected.partitionColumn) {
    conflicts.push(
      `partitioned ${existing.partitionColumn ? `on ${existing.partitionColumn}` : 'not at all'}, expected by day on ${expected.partitionColumn}`,
    );
  }
  return { missing, conflicts };
}
