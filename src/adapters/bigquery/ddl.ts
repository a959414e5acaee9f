/**
 * GoogleSQL DDL of the tables the bot writes, generated from the one schema source (`schema.ts`):
 * `docs/bigquery.sql` is this text for the default dataset (`npm run docs:sql`; a test keeps them equal).
 */
import type { ColumnSchema, TableSchema } from '../../warehouse/table-schema.js';
import { WRITTEN_TABLES } from './schema.js';

/** A GoogleSQL string literal. */
function literal(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function columnDdl(c: ColumnSchema): string {
  const type = c.mode === 'REPEATED' ? `ARRAY<${c.type}>` : c.type;
  const notNull = c.mode === 'REQUIRED' ? ' NOT NULL' : '';
  return `  \`${c.name}\` ${type}${notNull} OPTIONS(description = ${literal(c.description)})`;
}

function partitionDdl(table: TableSchema): string | undefined {
  const column = table.columns.find((c) => c.name === table.partitionColumn);
  if (!column) return undefined;
  return column.type === 'DATE' ? `PARTITION BY \`${column.name}\`` : `PARTITION BY DATE(\`${column.name}\`)`;
}

/** `CREATE TABLE IF NOT EXISTS` for one table of `dataset`. */
export function createTableDdl(dataset: string, table: TableSchema): string {
  const lines = [
    `CREATE TABLE IF NOT EXISTS \`${dataset}.${table.name}\` (`,
    table.columns.map(columnDdl).join(',\n'),
    ')',
  ];
  const partition = partitionDdl(table);
  if (partition) lines.push(partition);
  if (table.clustering?.length)
    lines.push(`CLUSTER BY ${table.clustering.map((c) => `\`${c}\``).join(', ')}`);
  lines.push(`OPTIONS(description = ${literal(table.description)});`);
  return lines.join('\n');
}

/** The whole `docs/bigquery.sql`. */
export function bigquerySqlDoc(
  dataset = 'nba_orchestration',
  tables: TableSchema[] = WRITTEN_TABLES,
): string {
  const header = [
    '-- Tables pipeline-bot writes, in its dataset (BIGQUERY_DATASET, default nba_orchestration).',
    '-- Generated from src/adapters/bigquery/schema.ts by `npm run docs:sql`: do not edit by hand.',
    '-- `pipeline-bot setup` creates these tables (and adds columns a later version needs); this file is',
    '-- for review, or for creating the tables by hand with `bq query --use_legacy_sql=false < docs/bigquery.sql`.',
  ];
  return `${[header.join('\n'), ...tables.map((t) => createTableDdl(dataset, t))].join('\n\n')}\n`;
}
