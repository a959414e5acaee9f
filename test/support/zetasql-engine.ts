/**
 * Answers a BigQuery query with ZetaSQL: builds the catalog from the schemas of the tables the statement
 * reads, types the query parameters as the request does, ANALYZES the statement (unknown column, wrong
 * parameter type, missing partition filter all fail), then EVALUATES it over the tables' rows with the
 * reference implementation — twice, the second time with every table's rows in reverse order: BigQuery
 * promises no storage order, so an answer that changes (a "latest row" without a tie-breaker) is refused.
 * Nothing here knows pipeline-bot's queries.
 */
import type { ColumnType, TableSchema } from '../../src/warehouse/table-schema.js';
import type { ResolvedTree, Row, TableProto, ZetaSqlClient } from './zetasql-client.js';
import { arrayOf, bigQueryType, fromValue, type TypeProto, toValue, typeProto } from './zetasql-values.js';

/** A query parameter as the REST API carries it. */
export interface RestParam {
  name: string;
  parameterType: { type: string; arrayType?: { type: string } };
  parameterValue?: { value?: unknown; arrayValues?: { value?: unknown }[] };
}
export interface RestAnswer {
  fields: { name: string; type: string; mode: string }[];
  rows: { f: { v: unknown }[] }[];
}
export interface EngineTables {
  /** Schema of `dataset.table`, or undefined when the table does not exist. */
  schema(ref: string): TableSchema | undefined;
  rows(ref: string): Record<string, unknown>[];
}

/** BigQuery's 404 for a table the query names that does not exist. */
export class TableNotFound extends Error {
  readonly code = 'NOT_FOUND';
}

/** `project.dataset.table` (one quoted path, as the bot writes it) → `dataset.table`. */
const shortRef = (path: string[]) => path.join('.').split('.').slice(-2).join('.');

function param(p: RestParam): { name: string; type: TypeProto; value: Record<string, unknown> } {
  const t = p.parameterType;
  if (t.type === 'ARRAY') {
    const element = t.arrayType!.type as ColumnType;
    const values = (p.parameterValue?.arrayValues ?? []).map((a) => toValue(a.value, element));
    return { name: p.name, type: arrayOf(element), value: { array_value: { element: values } } };
  }
  const type = t.type as ColumnType;
  return { name: p.name, type: typeProto(type), value: toValue(p.parameterValue?.value, type) };
}

function walk(node: unknown, visit: (key: string, value: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) for (const n of node) walk(n, visit);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (v && typeof v === 'object' && !Array.isArray(v)) visit(k, v as Record<string, unknown>);
      walk(v, visit);
    }
  }
}

/**
 * BigQuery's `require_partition_filter`: every scan of a partitioned table must sit directly under a
 * filter that references the table's partition column.
 */
export function partitionFilterViolations(tree: ResolvedTree, partitioned: Map<string, string>): string[] {
  const scans: string[] = [];
  const filtered: string[] = [];
  walk(tree, (key, node) => {
    if (key === 'resolved_table_scan_node') scans.push(String((node.table as { name: string }).name));
    if (key !== 'resolved_filter_scan_node') return;
    const scan = (node.input_scan as Record<string, unknown>)?.resolved_table_scan_node as
      | { table: { name: string } }
      | undefined;
    if (!scan) return;
    const column = partitioned.get(scan.table.name);
    walk(node.filter_expr, (k, ref) => {
      const c = ref.column as { table_name?: string; name?: string } | undefined;
      if (k === 'resolved_column_ref_node' && c?.table_name === scan.table.name && c.name === column)
        filtered.push(scan.table.name);
    });
  });
  return scans.filter((t) => partitioned.has(t) && !filtered.includes(t));
}

function tableProto(name: string, schema: TableSchema): TableProto {
  return { name, column: schema.columns.map((c) => ({ name: c.name, type: typeProto(c.type) })) };
}

function rowProto(schema: TableSchema, row: Record<string, unknown>): Row {
  return { cell: schema.columns.map((c) => toValue(row[c.name], c.type)) };
}

export async function answerQuery(
  client: ZetaSqlClient,
  sql: string,
  restParams: RestParam[],
  tables: EngineTables,
): Promise<RestAnswer> {
  const catalog: TableProto[] = [];
  const content: Record<string, Row[]> = {};
  const partitioned = new Map<string, string>();
  for (const path of await client.tableNames(sql)) {
    const name = path.join('.');
    const ref = shortRef(path);
    const schema = tables.schema(ref);
    if (!schema) throw new TableNotFound(`Not found: Table ${name} was not found`);
    if (content[name]) continue;
    catalog.push(tableProto(name, schema));
    content[name] = tables.rows(ref).map((r) => rowProto(schema, r));
    if (schema.partitionColumn) partitioned.set(name, schema.partitionColumn);
  }
  const params = restParams.map(param);
  const tree = await client.analyze({ sql, tables: catalog, params });
  const unfiltered = partitionFilterViolations(tree, partitioned);
  if (unfiltered.length) {
    throw new Error(
      `Cannot query over table '${unfiltered[0]}' without a filter over column(s) '${partitioned.get(unfiltered[0]!)}' that can be used for partition elimination`,
    );
  }
  const out = await client.evaluate({ sql, tables: catalog, content, params });
  const reversed = Object.fromEntries(
    Object.entries(content).map(([name, rows]) => [name, [...rows].reverse()]),
  );
  const again = await client.evaluate({ sql, tables: catalog, content: reversed, params });
  const answer = (rows: Row[]) => rows.map((r) => JSON.stringify(r.cell)).sort();
  if (JSON.stringify(answer(out.rows)) !== JSON.stringify(answer(again.rows))) {
    throw new Error(
      'fake BigQuery: the answer depends on the order rows are stored in (a missing tie-breaker?)',
    );
  }
  // An ARRAY column is a REPEATED field of its element type; BigQuery returns a NULL array as [].
  const repeated = out.columns.map((c) => c.type.type_kind === 'TYPE_ARRAY');
  return {
    fields: out.columns.map((c, i) => ({
      name: c.name,
      type: bigQueryType(repeated[i] ? c.type.array_type!.element_type : c.type),
      mode: repeated[i] ? 'REPEATED' : 'NULLABLE',
    })),
    rows: out.rows.map((r) => ({
      f: r.cell.map((v, i) => ({ v: fromValue(v) ?? (repeated[i] ? [] : null) })),
    })),
  };
}
