/**
 * Ports of `pipeline-bot setup` and `doctor`: the BigQuery dataset and tables the bot writes, and Cloud
 * Scheduler jobs. Google-free: adapters under src/adapters/ implement them.
 */
import type { ColumnSchema, ColumnType, TableSchema } from '../warehouse/table-schema.js';

/** A table as it exists: its columns (types normalised to GoogleSQL names) and layout. */
export interface ExistingTable {
  columns: { name: string; type: ColumnType | string; mode: 'NULLABLE' | 'REQUIRED' | 'REPEATED' }[];
  partitionColumn?: string;
  clustering?: string[];
}

/** The bot's BigQuery dataset. Methods throw on errors other than "not found". */
export interface WarehouseAdmin {
  /** `project.dataset`, for messages. */
  readonly datasetRef: string;
  /** The dataset's location, or undefined when it does not exist. */
  getDataset(): Promise<{ location?: string } | undefined>;
  createDataset(): Promise<void>;
  getTable(name: string): Promise<ExistingTable | undefined>;
  createTable(table: TableSchema): Promise<void>;
  /** Appends NULLABLE columns (BigQuery cannot add REQUIRED ones to an existing table). */
  addColumns(table: string, columns: ColumnSchema[]): Promise<void>;
}

/** The OIDC token Cloud Scheduler attaches to an HTTP job's request. */
export interface OidcSpec {
  serviceAccountEmail: string;
  audience: string;
}

/** An HTTP Cloud Scheduler job as setup wants it, or as it exists. */
export interface HttpJob {
  /** `projects/{project}/locations/{location}/jobs/{job}`. */
  name: string;
  description?: string;
  schedule: string;
  timeZone: string;
  /** Absent when the job exists but does not target HTTP (Pub/Sub, App Engine). */
  http?: { uri: string; method: string; oidc?: OidcSpec };
  /** ENABLED, PAUSED, DISABLED, UPDATE_FAILED (existing jobs only). */
  state?: string;
}

/** The fields `updateJob` may change (its update mask). */
export type JobField = 'description' | 'schedule' | 'time_zone' | 'http_target';

export interface SchedulerAdmin {
  /** The job, or undefined when it does not exist. */
  getJob(name: string): Promise<HttpJob | undefined>;
  createJob(job: HttpJob): Promise<void>;
  updateJob(job: HttpJob, fields: JobField[]): Promise<void>;
  close?(): Promise<void>;
}
