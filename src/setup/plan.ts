/**
 * `pipeline-bot setup` (pure over ports): reads what exists, prints a plan — create / update / unchanged
 * per resource, like `terraform plan` — then applies it. Idempotent: a second run finds everything
 * unchanged. Tables only gain columns, never lose any; what cannot be fixed by adding (a column of another
 * type, other partitioning) is a conflict to fix by hand.
 */
import type { TableSchema } from '../warehouse/table-schema.js';
import { jobDrift } from './jobs.js';
import type { HttpJob, SchedulerAdmin, WarehouseAdmin } from './ports.js';
import { diffTable } from './schema-diff.js';

export type Action = 'create' | 'update' | 'unchanged' | 'conflict';

export interface PlanItem {
  kind: 'dataset' | 'table' | 'job';
  /** e.g. `proj.nba_orchestration.validation_runs` or a job name. */
  id: string;
  action: Action;
  /** What will change (create/update) or what is wrong (conflict). */
  details: string[];
  apply?: () => Promise<void>;
}

export interface SetupTargets {
  warehouse: WarehouseAdmin;
  tables: TableSchema[];
  scheduler?: SchedulerAdmin;
  jobs: HttpJob[];
}

async function tablePlan(
  admin: WarehouseAdmin,
  table: TableSchema,
  datasetExists: boolean,
): Promise<PlanItem> {
  const id = `${admin.datasetRef}.${table.name}`;
  const existing = datasetExists ? await admin.getTable(table.name) : undefined;
  if (!existing) {
    const layout = [`${table.columns.length} columns`];
    if (table.partitionColumn) layout.push(`partitioned by day on ${table.partitionColumn}`);
    if (table.clustering?.length) layout.push(`clustered by ${table.clustering.join(', ')}`);
    return {
      kind: 'table',
      id,
      action: 'create',
      details: [layout.join(', ')],
      apply: () => admin.createTable(table),
    };
  }
  const diff = diffTable(table, existing);
  if (diff.conflicts.length) return { kind: 'table', id, action: 'conflict', details: diff.conflicts };
  if (diff.missing.length === 0) return { kind: 'table', id, action: 'unchanged', details: [] };
  return {
    kind: 'table',
    id,
    action: 'update',
    details: diff.missing.map((c) => `add column ${c.name} ${c.type}`),
    apply: () => admin.addColumns(table.name, diff.missing),
  };
}

async function jobPlan(admin: SchedulerAdmin, wanted: HttpJob): Promise<PlanItem> {
  const existing = await admin.getJob(wanted.name);
  if (!existing) {
    const details = [
      `${wanted.http?.method} ${wanted.http?.uri}`,
      `"${wanted.schedule}" (${wanted.timeZone})`,
    ];
    return { kind: 'job', id: wanted.name, action: 'create', details, apply: () => admin.createJob(wanted) };
  }
  const drift = jobDrift(wanted, existing);
  if (drift.fields.length === 0) return { kind: 'job', id: wanted.name, action: 'unchanged', details: [] };
  return {
    kind: 'job',
    id: wanted.name,
    action: 'update',
    details: drift.changes,
    apply: () => admin.updateJob(wanted, drift.fields),
  };
}

/** Reads the current state and returns what `apply` would do, resource by resource. */
export async function planSetup(targets: SetupTargets): Promise<PlanItem[]> {
  const { warehouse } = targets;
  const dataset = await warehouse.getDataset();
  const items: PlanItem[] = [
    dataset
      ? { kind: 'dataset', id: warehouse.datasetRef, action: 'unchanged', details: [] }
      : {
          kind: 'dataset',
          id: warehouse.datasetRef,
          action: 'create',
          details: [],
          apply: () => warehouse.createDataset(),
        },
  ];
  for (const table of targets.tables) items.push(await tablePlan(warehouse, table, !!dataset));
  if (targets.scheduler) for (const job of targets.jobs) items.push(await jobPlan(targets.scheduler, job));
  return items;
}

/** Applies the plan in order (the dataset before its tables); stops at the first failure. */
export async function applyPlan(items: PlanItem[], onApplied: (item: PlanItem) => void): Promise<void> {
  for (const item of items) {
    if (!item.apply) continue;
    await item.apply();
    onApplied(item);
  }
}
