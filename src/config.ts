/**
 * Configuration: the environment (SPEC §7) and the YAML file, validated once at startup by
 * `loadConfig(env)`. Nothing else in the code reads `process.env`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { z } from 'zod';
import {
  DEFAULT_SCHEDULER_LOCATION,
  fileSchema,
  identifier,
  parseDefaultTransitions,
} from './config-file.js';
import type { Transition } from './pipeline/types.js';
import { errText } from './util/error-text.js';

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

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
  const envResult = envSchema.safeParse(env);
  if (!envResult.success) throw new ConfigError(`Invalid environment:\n${formatIssues('', envResult.error)}`);
  const e = envResult.data;
  const { configPath, file } = readConfigFile(e.PIPELINE_CONFIG, cwd, opts);
  const transitions = checkedTransitions(file.transitions ?? parseDefaultTransitions());
  const backend = e.PIPELINE_BACKEND ?? (e.GOOGLE_CLOUD_PROJECT ? 'gcp' : 'local');
  const slackMode = e.SLACK_APP_TOKEN && e.SLACK_BOT_TOKEN ? 'socket' : e.SLACK_BOT_TOKEN ? 'http' : 'none';
  checkEnvCombinations(e, backend, slackMode, file.channels.alerts);

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
    slackMode,
    configPath,
    dataDir: resolve(cwd, e.DATA_DIR),
    sandbox: sandboxOn(e.SANDBOX, e.HOST, backend === 'local' && slackMode === 'none'),
    ...endpointsFromEnv(e),
  };
}

type Env = z.infer<typeof envSchema>;

/** The YAML file named by PIPELINE_CONFIG, else `./pipeline.yml` if present, else the defaults. */
function readConfigFile(
  named: string | undefined,
  cwd: string,
  opts: LoadOptions,
): { configPath?: string; file: z.infer<typeof fileSchema> } {
  const readFile = opts.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  const fileExists = opts.fileExists ?? existsSync;
  let configPath: string | undefined;
  let raw: unknown = {};
  if (named) {
    configPath = resolve(cwd, named);
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
      throw new ConfigError(`${configPath}: not valid YAML: ${errText(err)}`);
    }
  }
  const fileResult = fileSchema.safeParse(raw);
  if (!fileResult.success) {
    throw new ConfigError(
      `Invalid config ${configPath ?? '(defaults)'}:\n${formatIssues('', fileResult.error)}`,
    );
  }
  return { configPath, file: fileResult.data };
}

/** Transitions in phase order; every `next` exists and no two share a collection. */
function checkedTransitions(input: Record<string, Omit<Transition, 'id'>>): Transition[] {
  const transitions = Object.entries(input)
    .map(([id, t]) => ({ id, ...t }) as Transition)
    .sort((a, b) => phaseNumber(a.id) - phaseNumber(b.id) || a.id.localeCompare(b.id));
  const ids = new Set(transitions.map((t) => t.id));
  const collections = new Map<string, string>();
  for (const t of transitions) {
    if (t.next && !ids.has(t.next))
      throw new ConfigError(`transitions.${t.id}.next: unknown transition "${t.next}"`);
    const other = collections.get(t.collection);
    if (other)
      throw new ConfigError(`transitions.${t.id}.collection: "${t.collection}" is already used by ${other}`);
    collections.set(t.collection, t.id);
  }
  return transitions;
}

/** Settings that are only valid together (tokens, secrets, channels, OIDC pairs). */
function checkEnvCombinations(
  e: Env,
  backend: Config['backend'],
  slackMode: Config['slackMode'],
  fileAlertChannel: string | undefined,
): void {
  if (backend === 'gcp' && !e.GOOGLE_CLOUD_PROJECT) {
    throw new ConfigError('GOOGLE_CLOUD_PROJECT: required when PIPELINE_BACKEND=gcp');
  }
  if (slackMode === 'http' && !e.SLACK_SIGNING_SECRET) {
    throw new ConfigError('SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN (Slack over HTTP)');
  }
  if (slackMode !== 'none' && !(e.ALERT_CHANNEL ?? fileAlertChannel)) {
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
}

/** Where each backend and API is reached, straight from the environment. */
function endpointsFromEnv(e: Env) {
  return {
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
      teamId: e.SLACK_TEAM_ID,
    },
    firestoreEmulatorHost: e.FIRESTORE_EMULATOR_HOST,
    pubsubEmulatorHost: e.PUBSUB_EMULATOR_HOST,
    bigqueryEmulatorHost: e.BIGQUERY_EMULATOR_HOST,
    bigqueryDataset: e.BIGQUERY_DATASET,
    bigqueryLocation: e.BIGQUERY_LOCATION,
    schedulerEndpoint: e.CLOUD_SCHEDULER_API_ENDPOINT,
    schedulerEmulatorHost: e.CLOUD_SCHEDULER_EMULATOR_HOST,
    deploy: { serviceUrl: e.SERVICE_URL?.replace(/\/+$/, ''), schedulerLocation: e.SCHEDULER_LOCATION },
    tasks: {
      secret: e.TASKS_SECRET,
      oidcAudience: e.TASKS_OIDC_AUDIENCE,
      oidcServiceAccount: e.TASKS_OIDC_SERVICE_ACCOUNT,
    },
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    monitorApis: {
      cloudRunEndpoint: e.CLOUD_RUN_API_ENDPOINT,
      githubApiUrl: e.GITHUB_API_URL,
      githubToken: e.GITHUB_TOKEN,
    },
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
