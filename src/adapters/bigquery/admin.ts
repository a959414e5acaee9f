/**
 * The bot's BigQuery dataset for `setup` and `doctor` (`@google-cloud/bigquery`, the same client as the
 * warehouse): dataset and tables read, created, and widened by new NULLABLE columns — never narrowed.
 * Legacy type names the API answers with (INTEGER, FLOAT, BOOLEAN) are normalised to GoogleSQL's.
 */
import type { BigQuery, TableField, TableMetadata } from '@google-cloud/bigquery';
import type { ExistingTable, WarehouseAdmin } from '../../setup/ports.js';
import type { ColumnSchema, TableSchema } from '../../warehouse/table-schema.js';

/** Why: tables.get answers legacy SQL type names; the schema source uses GoogleSQL ones. */
const GOOGLE_SQL_TYPES: Record<string, string> = {
  INTEGER: 'INT64',
  FLOAT: 'FLOAT64',
  BOOLEAN: 'BOOL',
  RECORD: 'STRUCT',
};

const notFound = (err: unknown) => (err as { code?: unknown }).code === 404;

function field(c: ColumnSchema, mode = c.mode ?? 'NULLABLE'): TableField {
  return { name: c.name, type: c.type, mode, description: c.description };
}

export class BigQueryAdmin implements WarehouseAdmin {
  readonly datasetRef: string;

  constructor(
    private readonly bigquery: () => Promise<BigQuery>,
    private readonly opts: { projectId: string; dataset: string; location?: string },
  ) {
    this.datasetRef = `${opts.projectId}.${opts.dataset}`;
  }

  private async dataset() {
    return (await this.bigquery()).dataset(this.opts.dataset);
  }

  async getDataset(): Promise<{ location?: string } | undefined> {
    try {
      const [meta] = await (await this.dataset()).getMetadata();
      return { location: meta.location };
    } catch (err) {
      if (notFound(err)) return undefined;
      throw err;
    }
  }

  async createDataset(): Promise<void> {
    const bq = await this.bigquery();
    await bq.createDataset(this.opts.dataset, {
      ...(this.opts.location ? { location: this.opts.location } : {}),
      description: 'pipeline-bot: check history and heal events (created by pipeline-bot setup)',
    });
  }

  async getTable(name: string): Promise<ExistingTable | undefined> {
    let meta: TableMetadata;
    try {
      [meta] = await (await this.dataset()).table(name).getMetadata();
    } catch (err) {
      if (notFound(err)) return undefined;
      throw err;
    }
    return {
      columns: (meta.schema?.fields ?? []).map((f) => ({
        name: f.name ?? '',
        type: GOOGLE_SQL_TYPES[f.type ?? ''] ?? f.type ?? '',
        mode: (f.mode as ExistingTable['columns'][number]['mode']) ?? 'NULLABLE',
      })),
      partitionColumn: meta.timePartitioning?.field ?? undefined,
      clustering: meta.clustering?.fields ?? undefined,
    };
  }

  async createTable(table: TableSchema): Promise<void> {
    await (await this.dataset()).createTable(table.name, {
      description: table.description,
      schema: { fields: table.columns.map((c) => field(c)) },
      ...(table.partitionColumn ? { timePartitioning: { type: 'DAY', field: table.partitionColumn } } : {}),
      ...(table.clustering?.length ? { clustering: { fields: table.clustering } } : {}),
    });
  }

  async addColumns(name: string, columns: ColumnSchema[]): Promise<void> {
    const table = (await this.dataset()).table(name);
    const [meta] = await table.getMetadata();
    const fields = [...(meta.schema?.fields ?? []), ...columns.map((c) => field(c, 'NULLABLE'))];
    await table.setMetadata({ schema: { fields } });
  }
}
