/**
 * Doctor, BigQuery: every query the bot runs, submitted with `dryRun: true` (valid SQL, tables, columns and
 * permissions; bytes it would scan against `maximum_bytes_billed`), and every table the bot writes exists
 * with the expected schema.
 */
import { diffTable } from '../setup/schema-diff.js';
import { errText } from '../util/error-text.js';
import { type CheckGroup, type DoctorCheck, fail, pass, skip } from './types.js';

/** Why a constant: every check of this group carries the same group name in the report. */
const G = 'bigquery';

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

async function queryChecks(ctx: Parameters<CheckGroup>[0]): Promise<DoctorCheck[]> {
  const probe = ctx.warehouse!;
  const max = probe.maximumBytesBilled;
  const runs = await probe.dryRuns();
  return runs.map((q) => {
    const name = `query ${q.name}`;
    if (q.error !== undefined)
      return fail(
        G,
        name,
        `dry run refused: ${q.error}`,
        'create the table or fix its name in the config; grant roles/bigquery.jobUser on the project and roles/bigquery.dataViewer on the datasets it reads',
      );
    const bytes = q.bytes ?? 0;
    const share = `${formatBytes(bytes)} of maximum_bytes_billed ${formatBytes(max)}`;
    return bytes > max
      ? fail(
          G,
          name,
          `would scan ${share}: it would fail`,
          'raise checks.maximum_bytes_billed, or partition the table on the date column the query filters on',
        )
      : pass(G, name, `valid; scans ${share}`);
  });
}

async function tableChecks(ctx: Parameters<CheckGroup>[0]): Promise<DoctorCheck[]> {
  const admin = ctx.warehouse!.admin;
  const out: DoctorCheck[] = [];
  for (const table of ctx.tables) {
    const name = `table ${table.name}`;
    const existing = await admin.getTable(table.name);
    if (!existing) {
      out.push(fail(G, name, `${admin.datasetRef}.${table.name} does not exist`, 'run `pipeline-bot setup`'));
      continue;
    }
    const diff = diffTable(table, existing);
    if (diff.conflicts.length)
      out.push(
        fail(
          G,
          name,
          diff.conflicts.join('; '),
          'fix the column by hand (setup never drops or retypes columns), see docs/bigquery.sql',
        ),
      );
    else if (diff.missing.length)
      out.push(
        fail(
          G,
          name,
          `missing column(s) ${diff.missing.map((c) => c.name).join(', ')}`,
          'run `pipeline-bot setup` (it adds them)',
        ),
      );
    else
      out.push(
        pass(G, name, `${admin.datasetRef}.${table.name}: ${table.columns.length} columns as expected`),
      );
  }
  return out;
}

export const bigqueryChecks: CheckGroup = async (ctx) => {
  if (!ctx.warehouse) return [skip(G, 'queries', `${ctx.config.backend} backend: no BigQuery`)];
  const guard = async (name: string, fn: () => Promise<DoctorCheck[]>) =>
    fn().catch((err) => [
      fail(
        G,
        name,
        errText(err),
        'check BIGQUERY_DATASET, BIGQUERY_LOCATION and the service account roles (docs/deploy.md)',
      ),
    ]);
  return [
    ...(await guard('queries', () => queryChecks(ctx))),
    ...(await guard('tables', () => tableChecks(ctx))),
  ];
};
