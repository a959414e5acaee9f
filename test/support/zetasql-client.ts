/**
 * A small gRPC client of ZetaSQL's local service (`ZetaSqlLocalService` in the package's
 * `local_service.proto`): Analyze, EvaluateQuery and ExtractTableNamesFromStatement, with the language
 * options fetched once (all features the build knows, BigQuery's external product mode).
 */
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { ZETASQL_PROTOS } from './zetasql-server.js';
import type { TypeProto, ValueProto } from './zetasql-values.js';

export interface ColumnProto {
  name: string;
  type: TypeProto;
}
export interface TableProto {
  name: string;
  column: ColumnProto[];
}
export interface Row {
  cell: ValueProto[];
}
export interface QueryInput {
  sql: string;
  tables: TableProto[];
  /** Rows by table name (as in `tables`). */
  content: Record<string, Row[]>;
  params: { name: string; type: TypeProto; value: ValueProto }[];
}
export interface QueryOutput {
  columns: ColumnProto[];
  rows: Row[];
}
/** The resolved statement as the service returns it (a tree of plain objects). */
export type ResolvedTree = Record<string, unknown>;

/** A query the analyzer or evaluator refused; `message` is ZetaSQL's own. */
export class ZetaSqlError extends Error {
  readonly code = 'ZETASQL_ERROR';
}

type Callback = (err: grpc.ServiceError | null, res: unknown) => void;
type Service = Record<string, (req: unknown, cb: Callback) => void> & grpc.Client;

export class ZetaSqlClient {
  private readonly service: Service;
  private languageOptions?: Promise<Record<string, unknown>>;

  constructor(host: string) {
    const definition = protoLoader.loadSync('local_service.proto', {
      includeDirs: [ZETASQL_PROTOS],
      keepCase: true,
      longs: String,
      enums: String,
      defaults: false,
      oneofs: true,
    });
    const loaded = grpc.loadPackageDefinition(definition) as unknown as {
      zetasql: {
        local_service: { ZetaSqlLocalService: new (h: string, c: grpc.ChannelCredentials) => Service };
      };
    };
    this.service = new loaded.zetasql.local_service.ZetaSqlLocalService(
      host,
      grpc.credentials.createInsecure(),
    );
  }

  private call<T>(method: string, request: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
      this.service[method]!(request, (err, res) => {
        if (err) reject(new ZetaSqlError(err.details || err.message));
        else resolve(res as T);
      });
    });
  }

  private language(): Promise<Record<string, unknown>> {
    this.languageOptions ??= this.call<Record<string, unknown>>('getLanguageOptions', {
      maximum_features: true,
    }).then((lo) => ({ ...lo, product_mode: 'PRODUCT_EXTERNAL' }));
    return this.languageOptions;
  }

  private async options(params: QueryInput['params']) {
    const language_options = await this.language();
    return {
      options: {
        language_options,
        query_parameters: params.map((p) => ({ name: p.name, type: p.type })),
        default_timezone: 'UTC',
      },
      catalog: (tables: TableProto[]) => ({
        name: 'bigquery',
        table: tables,
        builtin_function_options: { language_options },
      }),
    };
  }

  /** `project.dataset.table` paths the statement reads, as written. */
  async tableNames(sql: string): Promise<string[][]> {
    const res = await this.call<{ table_name?: { table_name_segment: string[] }[] }>(
      'extractTableNamesFromStatement',
      { sql_statement: sql, options: await this.language() },
    );
    return (res.table_name ?? []).map((t) => t.table_name_segment);
  }

  async analyze(input: Omit<QueryInput, 'content'>): Promise<ResolvedTree> {
    const { options, catalog } = await this.options(input.params);
    const res = await this.call<{ resolved_statement: ResolvedTree }>('analyze', {
      options,
      simple_catalog: catalog(input.tables),
      sql_statement: input.sql,
    });
    return res.resolved_statement;
  }

  async evaluate(input: QueryInput): Promise<QueryOutput> {
    const { options, catalog } = await this.options(input.params);
    const res = await this.call<{
      content?: { table_data?: { row?: Row[] } };
      prepared: { columns: ColumnProto[] };
    }>('evaluateQuery', {
      sql: input.sql,
      options,
      simple_catalog: catalog(input.tables),
      table_content: Object.fromEntries(
        Object.entries(input.content).map(([name, row]) => [name, { table_data: { row } }]),
      ),
      params: input.params.map((p) => ({ name: p.name, value: p.value })),
    });
    return { columns: res.prepared.columns, rows: res.content?.table_data?.row ?? [] };
  }

  close(): void {
    this.service.close();
  }
}
