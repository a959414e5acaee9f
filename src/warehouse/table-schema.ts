/**
 * The shape of one BigQuery table as the bot knows it: the single schema source from which `setup`
 * creates tables, `docs/bigquery.sql` is generated, and the ZetaSQL-backed test fake builds its catalog.
 */

/** GoogleSQL column types the bot's tables use. */
export type ColumnType = 'STRING' | 'INT64' | 'FLOAT64' | 'BOOL' | 'DATE' | 'DATETIME' | 'TIMESTAMP' | 'JSON';

export interface ColumnSchema {
  name: string;
  type: ColumnType;
  /** Default NULLABLE. */
  mode?: 'NULLABLE' | 'REQUIRED' | 'REPEATED';
  description: string;
}

export interface TableSchema {
  /** Table id without dataset, e.g. `validation_runs`. */
  name: string;
  description: string;
  columns: ColumnSchema[];
  /** Day partitioning on this DATE/TIMESTAMP column. */
  partitionColumn?: string;
  clustering?: string[];
}
