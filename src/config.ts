/**
 * Configuration: the environment (SPEC §7) and the YAML file, validated once at startup by
 * `loadConfig(env)`. Nothing else in the code reads `process.env`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import cron from 'node-cron';
import { z } from 'zod';
import { deploymentsSchema, servicesSchema } from './monitors/config-schema.js';
import {
  escalationSchema,
  linksSchema,
  maintenanceWindowsSchema,
  routesSchema,
  severitySetting,
} from './oncall/config-schema.js';
import type { Transition } from './pipeline/types.js';
import { isValidTimeZone } from './pipeline/tz.js';

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

const cronExpr = z.string().refine((v) => cron.validate(v), 'not a valid cron expression');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected local time "HH:MM"');
/** Identifiers end up in collection paths and SQL table names: keep them to a safe alphabet. */
const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'expected letters, digits, "_" or "-"');
const tableRef = z
  .string()
  .regex(/^([A-Za-z0-9_-]+\.)?[A-Za-z0-9_]+\.[A-Za-z0-9_]+$/, 'expected "dataset.table"');
const columnName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a column name');

/** Why us-west2: production's Cloud Scheduler jobs (the heal jobs) live there (SPEC §1). */
const DEFAULT_SCHEDULER_LOCATION = 'us-west2';

/** Pub/Sub topic and subscription names (Google's alphabet), never a path. */
const pubsubName = z.string().regex(/^[A-Za-z][A-Za-z0-9._~+%-]{2,254}$/, 'expected a Pub/Sub name');

const countSpec = z.object({ table: tableRef, date_column: columnName, count_distinct: columnName }).strict();

const transitionSchema = z
  .object({
    collection: identifier,
    date_offset_days: z.number().int().min(-7).max(7).default(0),
    expected_processors: z.array(identifier).default([]),
    grace_minutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .default(30),
    deadline: hhmm.optional(),
    requires_games: z.boolean().default(true),
    next: identifier.optional(),
    heal: z
      .object({ job: identifier, location: identifier, label: z.string().min(1).max(75) })
      .strict()
      .optional(),
  })
  .strict();

/** Production values (SPEC §2). */
const DEFAULT_TRANSITIONS: Record<string, z.input<typeof transitionSchema>> = {
  phase2_to_phase3: {
    collection: 'phase2_completion',
    date_offset_days: -1,
    expected_processors: [
      'p2_bigdataball_pbp',
      'p2_odds_game_lines',
      'p2_odds_player_props',
      'p2_nbacom_gamebook_pdf',
      'p2_nbacom_boxscores',
    ],
    grace_minutes: 30,
    deadline: '10:00',
    requires_games: true,
    next: 'phase3_to_phase4',
    heal: { job: 'same-day-phase3', location: 'us-west2', label: 'Trigger Phase 3' },
  },
  phase3_to_phase4: {
    collection: 'phase3_completion',
    date_offset_days: 0,
    expected_processors: [
      'player_game_summary',
      'team_offense_game_summary',
      'team_defense_game_summary',
      'upcoming_player_game_context',
      'upcoming_team_game_context',
    ],
    grace_minutes: 30,
    requires_games: true,
    heal: { job: 'phase3-to-phase4', location: 'us-west2', label: 'Trigger Phase 4' },
  },
};

/** Production's box-score target (SPEC §7): scheduled games vs games with box scores, per game date. */
const DEFAULT_COMPLETENESS_TARGETS = [
  {
    name: 'boxscores',
    expected: { table: 'nba_raw.nbac_schedule', date_column: 'game_date', count_distinct: 'game_id' },
    actual: {
      table: 'nba_raw.nbac_gamebook_player_stats',
      date_column: 'game_date',
      count_distinct: 'game_id',
    },
  },
];

const fileSchema = z
  .object({
    timezone: z.string().refine(isValidTimeZone, 'unknown IANA time zone').default('America/New_York'),
    channels: z.object({ alerts: z.string().optional(), digest: z.string().optional() }).strict().default({}),
    schedule: countSpec.optional(),
    transitions: z.record(identifier, transitionSchema).optional(),
    checks: z
      .object({
        fast_cron: cronExpr.default('* * * * *'),
        warehouse_cron: cronExpr.default('*/15 * * * *'),
        drift_lookback_days: z.number().int().min(1).max(30).default(3),
        /** How many dates back (including the current one) stuck/overdue look at, so an old stuck date stays visible. */
        state_lookback_days: z.number().int().min(1).max(30).default(7),
        completeness: z
          .object({
            lookback_days: z.number().int().min(1).max(90).default(14),
            threshold: z.number().min(0).max(1).default(0.8),
            severity: severitySetting,
            targets: z
              .array(
                z
                  .object({
                    name: identifier,
                    expected: countSpec,
                    actual: countSpec,
                    /** `count`: compare distinct counts; `keys`: match ids, naming expected ids with no actual row. */
                    match: z.enum(['count', 'keys']).default('count'),
                  })
                  .strict(),
              )
              .default(DEFAULT_COMPLETENESS_TARGETS),
          })
          .strict()
          .default({}),
        consecutive_failures: z
          .object({ threshold: z.number().int().min(1).default(5), severity: severitySetting })
          .strict()
          .default({}),
        reconcile: z
          .object({ lookback_days: z.number().int().min(1).max(30).default(3), severity: severitySetting })
          .strict()
          .default({}),
        /** slow_processor: last day's p95 > factor × the window's median duration (issue 15). */
        slow_processor: z
          .object({
            window_days: z.number().int().min(2).max(90).default(7),
            // Why 2×: day-to-day noise in processing time stays well under double; a real slowdown does not.
            factor: z.number().min(1).default(2),
            // Why 5: a median of fewer runs says little.
            min_runs: z.number().int().min(1).default(5),
          })
          .strict()
          .default({}),
        heal_frequency: z
          .object({
            max_heals: z.number().int().min(1).default(3),
            window_days: z.number().int().min(1).default(7),
            severity: severitySetting,
          })
          .strict()
          .default({}),
        // On-call severity of the checks that have no settings of their own (oncall/severity.ts).
        stuck: z.object({ severity: severitySetting }).strict().optional(),
        overdue: z.object({ severity: severitySetting }).strict().optional(),
        drift: z.object({ severity: severitySetting }).strict().optional(),
        check_health: z.object({ severity: severitySetting }).strict().optional(),
        maximum_bytes_billed: z
          .number()
          .int()
          .positive()
          .default(10 * 1024 ** 3),
      })
      .strict()
      .default({}),
    alerts: z
      .object({
        repeat_interval_minutes: z.number().int().min(1).default(240),
        runbook_url: z.string().url().optional(),
        // Why 5: more new alerts than that in one run is one incident seen from many sides.
        storm_threshold: z.number().int().min(1).default(5),
      })
      .strict()
      .default({}),
    routes: routesSchema,
    maintenance_windows: maintenanceWindowsSchema,
    escalation: escalationSchema,
    links: linksSchema,
    heal: z
      .object({
        allowed_users: z.array(z.string()).default([]),
        allowed_usergroups: z.array(z.string()).default([]),
        cooldown_minutes: z.number().int().min(0).default(30),
        verify_minutes: z.number().int().min(1).default(20),
        auto: z.boolean().default(false),
      })
      .strict()
      .default({}),
    digest: z
      .object({ cron: cronExpr.default('0 8 * * *'), only_on_issues: z.boolean().default(false) })
      .strict()
      .default({}),
    /** Dead-letter subscriptions the `dlq` check watches (SPEC §10). */
    dlq: z
      .object({
        subscriptions: z
          .array(
            z
              .object({
                subscription: pubsubName,
                source_topic: pubsubName,
                label: z.string().min(1).max(75),
              })
              .strict(),
          )
          .default([]),
        // Why 60: a burst of dead letters stays one alert; an hour without new ones (all handled) resolves it.
        quiet_minutes: z
          .number()
          .int()
          .min(1)
          .max(7 * 24 * 60)
          .default(60),
        // Why 100: one serverless tick records at most this many per subscription, inside its answer budget.
        pull_max: z.number().int().min(1).max(1000).default(100),
      })
      .strict()
      .default({}),
    /** Bounds on what one request may cost: body size and how long a caller waits for an answer. */
    limits: z
      .object({
        // Why 1 MB: Slack's largest payloads (a modal submission) are tens of KB; anything bigger is abuse.
        max_body_bytes: z.number().int().min(1024).max(50_000_000).default(1_000_000),
        // Why 10 s: a slash command's user waits on a spinner; past that, say what did not answer.
        slash_answer_seconds: z.number().int().min(1).max(60).default(10),
        // Why 30 s: below Cloud Scheduler's attempt deadline, so it sees our 503 rather than its own timeout.
        tasks_answer_seconds: z.number().int().min(1).max(1800).default(30),
      })
      .strict()
      .default({}),
    /** service_health and deployment_drift (SPEC §10). */
    services: servicesSchema,
    deployments: deploymentsSchema.optional(),
  })
  .strict();

export type FileConfig = z.infer<typeof fileSchema>;

const boolEnv = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1');

const envSchema = z.object({
  SLACK_BOT_TOKEN: z.string().optional(),
  SLACK_SIGNING_SECRET: z.string().optional(),
  SLACK_APP_TOKEN: z.string().optional(),
  SLACK_API_URL: z.string().url().optional(),
  SLACK_TEAM_ID: z.string().optional(),
  ALERT_CHANNEL: z.string().optional(),
  DIGEST_CHANNEL: z.string().optional(),
  PIPELINE_CONFIG: z.string().optional(),
  PIPELINE_BACKEND: z.enum(['gcp', 'local']).optional(),
  GOOGLE_CLOUD_PROJECT: z.string().optional(),
  FIRESTORE_EMULATOR_HOST: z.string().optional(),
  BIGQUERY_EMULATOR_HOST: z.string().url().optional(),
  CLOUD_SCHEDULER_API_ENDPOINT: z.string().url().optional(),
  CLOUD_SCHEDULER_EMULATOR_HOST: z
    .string()
    .regex(/^[A-Za-z0-9.-]+:\d+$/, 'expected host:port')
    .optional(),
  PUBSUB_EMULATOR_HOST: z
    .string()
    .regex(/^[A-Za-z0-9.-]+:\d+$/, 'expected host:port')
    .optional(),
  SERVICE_URL: z
    .string()
    .url()
    .regex(/^https?:\/\/[^/]+\/?$/, 'expected the base URL only, e.g. https://pipeline-bot-abc-uw.a.run.app')
    .optional(),
  SCHEDULER_LOCATION: identifier.default(DEFAULT_SCHEDULER_LOCATION),
  BIGQUERY_DATASET: identifier.default('nba_orchestration'),
  BIGQUERY_LOCATION: z.string().optional(),
  DATA_DIR: z.string().default('./.pipeline-bot'),
  TASKS_SECRET: z.string().optional(),
  TASKS_OIDC_AUDIENCE: z.string().optional(),
  TASKS_OIDC_SERVICE_ACCOUNT: z.string().optional(),
  AUTO_HEAL: boolEnv,
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  CLOUD_RUN_API_ENDPOINT: z.string().url().optional(),
  GITHUB_API_URL: z.string().url().default('https://api.github.com'),
  GITHUB_TOKEN: z.string().optional(),
  SANDBOX: z.enum(['true', 'false', '1', '0', '']).optional(),
});

export interface SlackSettings {
  botToken?: string;
  signingSecret?: string;
  appToken?: string;
  apiUrl?: string;
  teamId?: string;
}

export interface Config extends Omit<FileConfig, 'transitions'> {
  /** Transitions in pipeline order (by phase number of the id), each with its id. */
  transitions: Transition[];
  backend: 'gcp' | 'local';
  project?: string;
  slack: SlackSettings;
  /** `http` when a bot token and signing secret are set, `socket` with an app token, else `none`. */
  slackMode: 'http' | 'socket' | 'none';
  firestoreEmulatorHost?: string;
  /** `host:port` of the Pub/Sub emulator: plain text, no credentials. */
  pubsubEmulatorHost?: string;
  bigqueryEmulatorHost?: string;
  bigqueryDataset: string;
  bigqueryLocation?: string;
  schedulerEndpoint?: string;
  /** `host:port` of a plain-text gRPC Cloud Scheduler (tests); no credentials are used. */
  schedulerEmulatorHost?: string;
  /** What `setup` creates and `doctor` checks on Google Cloud. */
  deploy: {
    /** The bot's public base URL (Cloud Run service URL), without a trailing slash. */
    serviceUrl?: string;
    /** Region of the `/tasks/*` Cloud Scheduler jobs. */
    schedulerLocation: string;
  };
  dataDir: string;
  tasks: { secret?: string; oidcAudience?: string; oidcServiceAccount?: string };
  port: number;
  host: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  configPath?: string;
  /** deployment_drift's APIs: Cloud Run Admin (an endpoint override means a fake, no credentials) and GitHub. */
  monitorApis: { cloudRunEndpoint?: string; githubApiUrl: string; githubToken?: string };
  /**
   * Serve the Slack sandbox page (src/sandbox): on by default in local mode without Slack credentials,
   * forced on by `SANDBOX=1` (the bot then talks to the sandbox, not to Slack), off with `SANDBOX=0`.
   */
  sandbox: boolean;
}

export interface LoadOptions {
  cwd?: string;
  readFile?: (path: string) => string;
  fileExists?: (path: string) => boolean;
}

function formatIssues(prefix: string, error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const where = i.path.length ? i.path.join('.') : '(root)';
      if (i.code === 'unrecognized_keys')
        return `${prefix}${where}: unknown key(s) ${i.keys.map((k) => `"${k}"`).join(', ')}`;
      return `${prefix}${where}: ${i.message}`;
    })
    .join('\n');
}

/** Loads and validates the whole configuration once. Throws `ConfigError` naming every bad field. */
export function loadConfig(env: Record<string, string | undefined>, opts: LoadOptions = {}): Config {
  const cwd = opts.cwd ?? process.cwd();
  const readFile = opts.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  const fileExists = opts.fileExists ?? existsSync;

  const envResult = envSchema.safeParse(env);
  if (!envResult.success) throw new ConfigError(`Invalid environment:\n${formatIssues('', envResult.error)}`);
  const e = envResult.data;

  let configPath: string | undefined;
  let raw: unknown = {};
  if (e.PIPELINE_CONFIG) {
    configPath = resolve(cwd, e.PIPELINE_CONFIG);
    if (!fileExists(configPath)) throw new ConfigError(`PIPELINE_CONFIG: file not found: ${configPath}`);
  } else if (fileExists(resolve(cwd, 'pipeline.yml'))) {
    configPath = resolve(cwd, 'pipeline.yml');
  }
  if (configPath) {
    try {
      // Loaded only when there is a file to parse (start-up time matters on Cloud Run).
      const { parse } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
      raw = parse(readFile(configPath)) ?? {};
    } catch (err) {
      throw new ConfigError(`${configPath}: not valid YAML: ${(err as Error).message}`);
    }
  }
  const fileResult = fileSchema.safeParse(raw);
  if (!fileResult.success) {
    throw new ConfigError(
      `Invalid config ${configPath ?? '(defaults)'}:\n${formatIssues('', fileResult.error)}`,
    );
  }
  const file = fileResult.data;

  const transitionsInput = file.transitions ?? parseDefaultTransitions();
  const transitions = Object.entries(transitionsInput)
    .map(([id, t]) => ({ id, ...t }) as Transition)
    .sort((a, b) => phaseNumber(a.id) - phaseNumber(b.id) || a.id.localeCompare(b.id));
  const ids = new Set(transitions.map((t) => t.id));
  for (const t of transitions) {
    if (t.next && !ids.has(t.next))
      throw new ConfigError(`transitions.${t.id}.next: unknown transition "${t.next}"`);
  }
  const collections = new Map<string, string>();
  for (const t of transitions) {
    const other = collections.get(t.collection);
    if (other)
      throw new ConfigError(`transitions.${t.id}.collection: "${t.collection}" is already used by ${other}`);
    collections.set(t.collection, t.id);
  }

  const backend = e.PIPELINE_BACKEND ?? (e.GOOGLE_CLOUD_PROJECT ? 'gcp' : 'local');
  if (backend === 'gcp' && !e.GOOGLE_CLOUD_PROJECT) {
    throw new ConfigError('GOOGLE_CLOUD_PROJECT: required when PIPELINE_BACKEND=gcp');
  }
  const slackMode = e.SLACK_APP_TOKEN && e.SLACK_BOT_TOKEN ? 'socket' : e.SLACK_BOT_TOKEN ? 'http' : 'none';
  if (slackMode !== 'none' && !e.SLACK_SIGNING_SECRET && slackMode === 'http') {
    throw new ConfigError('SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN (Slack over HTTP)');
  }
  if (slackMode !== 'none' && !(e.ALERT_CHANNEL ?? file.channels.alerts)) {
    throw new ConfigError(
      'ALERT_CHANNEL (or channels.alerts in the config file): required to post alerts to Slack',
    );
  }
  if (!!e.TASKS_OIDC_AUDIENCE !== !!e.TASKS_OIDC_SERVICE_ACCOUNT) {
    throw new ConfigError(
      `${e.TASKS_OIDC_AUDIENCE ? 'TASKS_OIDC_SERVICE_ACCOUNT' : 'TASKS_OIDC_AUDIENCE'}: set both TASKS_OIDC_AUDIENCE and TASKS_OIDC_SERVICE_ACCOUNT to accept Cloud Scheduler OIDC tokens`,
    );
  }
  if (e.SLACK_APP_TOKEN && !e.SLACK_BOT_TOKEN)
    throw new ConfigError('SLACK_BOT_TOKEN: required with SLACK_APP_TOKEN');

  const { transitions: _ignored, ...rest } = file;
  return {
    ...rest,
    channels: {
      alerts: e.ALERT_CHANNEL ?? file.channels.alerts,
      digest: e.DIGEST_CHANNEL ?? file.channels.digest ?? e.ALERT_CHANNEL ?? file.channels.alerts,
    },
    heal: { ...file.heal, auto: e.AUTO_HEAL || file.heal.auto },
    transitions,
    backend,
    project: e.GOOGLE_CLOUD_PROJECT,
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
      teamId: e.SLACK_TEAM_ID,
    },
    slackMode,
    firestoreEmulatorHost: e.FIRESTORE_EMULATOR_HOST,
    pubsubEmulatorHost: e.PUBSUB_EMULATOR_HOST,
    bigqueryEmulatorHost: e.BIGQUERY_EMULATOR_HOST,
    bigqueryDataset: e.BIGQUERY_DATASET,
    bigqueryLocation: e.BIGQUERY_LOCATION,
    schedulerEndpoint: e.CLOUD_SCHEDULER_API_ENDPOINT,
    schedulerEmulatorHost: e.CLOUD_SCHEDULER_EMULATOR_HOST,
    deploy: { serviceUrl: e.SERVICE_URL?.replace(/\/+$/, ''), schedulerLocation: e.SCHEDULER_LOCATION },
    dataDir: resolve(cwd, e.DATA_DIR),
    tasks: {
      secret: e.TASKS_SECRET,
      oidcAudience: e.TASKS_OIDC_AUDIENCE,
      oidcServiceAccount: e.TASKS_OIDC_SERVICE_ACCOUNT,
    },
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    configPath,
    monitorApis: {
      cloudRunEndpoint: e.CLOUD_RUN_API_ENDPOINT,
      githubApiUrl: e.GITHUB_API_URL,
      githubToken: e.GITHUB_TOKEN,
    },
    sandbox: sandboxOn(e.SANDBOX, e.HOST, backend === 'local' && slackMode === 'none'),
  };
}

/** Why: the sandbox page and its in-process Slack are reached over loopback; these listen addresses serve it. */
const SANDBOX_HOSTS = ['0.0.0.0', '127.0.0.1', 'localhost'];

function sandboxOn(value: string | undefined, host: string, localWithoutSlack: boolean): boolean {
  if (value === '0' || value === 'false') return false;
  const reachable = SANDBOX_HOSTS.includes(host);
  if (value === '1' || value === 'true') {
    if (!reachable) {
      throw new ConfigError(
        `SANDBOX=1: the sandbox needs HOST to be one of ${SANDBOX_HOSTS.join(', ')} (got ${host})`,
      );
    }
    return true;
  }
  return localWithoutSlack && reachable;
}

function parseDefaultTransitions() {
  return z.record(identifier, transitionSchema).parse(DEFAULT_TRANSITIONS);
}

function phaseNumber(id: string): number {
  const m = /phase(\d+)/.exec(id);
  return m ? Number(m[1]) : Number.MAX_SAFE_INTEGER;
}

/**
 * A transition by exact id, or by the phase it starts (`phase3` = `*_to_phase3`): plain string lookups,
 * never a pattern built from the caller's text.
 */
export function findTransition(config: Config, idOrPhase: string): Transition | undefined {
  const key = idOrPhase.trim().toLowerCase();
  const byId = config.transitions.find((t) => t.id === key);
  if (byId || !/^phase\d{1,3}$/.test(key)) return byId;
  return config.transitions.find((t) => t.id.endsWith(`_to_${key}`));
}
