/**
 * The YAML config file's schema (SPEC §7): every key, its type and its default (the defaults are the
 * production pipeline's). `loadConfig` in config.ts validates the file against it.
 */
import { z } from 'zod';
import { identifier, pubsubName, usergroupId } from './config-names.js';
import { healSchema } from './heal/config-schema.js';
import { deploymentsSchema, servicesSchema } from './monitors/config-schema.js';
import {
  escalationSchema,
  linksSchema,
  maintenanceWindowsSchema,
  routesSchema,
  severitySetting,
} from './oncall/config-schema.js';
import { isValidTimeZone } from './pipeline/tz.js';
import { isValidCron } from './util/cron.js';

export { identifier } from './config-names.js';

const cronExpr = z.string().refine(isValidCron, 'not a valid cron expression');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected local time "HH:MM"');
const tableRef = z
  .string()
  .regex(/^([A-Za-z0-9_-]+\.)?[A-Za-z0-9_]+\.[A-Za-z0-9_]+$/, 'expected "dataset.table"');
const columnName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a column name');

/** Why us-west2: production's Cloud Scheduler jobs (the heal jobs) live there (SPEC §1). */
export const DEFAULT_SCHEDULER_LOCATION = 'us-west2';

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
    heal: healSchema.optional(),
  })
  .strict();

/** Why these values: production's transitions (SPEC §2), so the bot runs with no config file. */
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

/** Why boxscores: production's target (SPEC §7), scheduled games vs games with box scores per game date. */
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

export const fileSchema = z
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
        allowed_usergroups: z.array(usergroupId).default([]),
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

/** The production transitions, used when the file names none. */
export function parseDefaultTransitions() {
  return z.record(identifier, transitionSchema).parse(DEFAULT_TRANSITIONS);
}
