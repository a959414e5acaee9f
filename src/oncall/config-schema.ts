/**
 * The on-call keys of the config file (SPEC §10), validated at load with messages that name the field:
 * `routes[]`, `checks.<name>.severity`, `maintenance_windows[]`, `escalation.<severity>[]`, `links.<kind>`.
 */

import { z } from 'zod';
import { usergroupId } from '../config-names.js';
import { isValidCron } from '../util/cron.js';
import { parseDuration } from './duration.js';
import { globProblem } from './glob.js';
import { LINK_KINDS, templateProblem } from './links.js';
import { SEVERITIES } from './severity.js';

const glob = z.string().superRefine((v, ctx) => {
  const problem = globProblem(v);
  if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `pattern ${problem}` });
});

export const matchersSchema = z
  .object({ check: glob, transition: glob, subject: glob, severity: glob })
  .partial()
  .strict();

const severity = z.enum(SEVERITIES);

/** `critical`, or `{ default: warning, phase2_to_phase3: critical }` (per transition). */
export const severitySetting = z.union([severity, z.record(z.string(), severity)]).optional();

const duration = (max: number, what: string) =>
  z.string().transform((v, ctx) => {
    const d = parseDuration(v);
    if (!d.ok) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: d.message.replace(/\\`/g, '') });
      return z.NEVER;
    }
    if (d.ms > max) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${what} is at most ${max / 3_600_000} hours` });
      return z.NEVER;
    }
    return d.ms;
  });

/** Why 7 days: longer than a weekend freeze; a window scan looks back that far once per tick. */
const MAX_WINDOW_MS = 7 * 86_400_000;
/** Why 24 h: an escalation step that waits longer than a day is not an escalation. */
const MAX_STEP_MS = 86_400_000;

export const routesSchema = z
  .array(
    z.object({ match: matchersSchema.default({}), channels: z.array(z.string().min(1)).min(1) }).strict(),
  )
  .default([]);

export const maintenanceWindowsSchema = z
  .array(
    z
      .object({
        cron: z.string().refine(isValidCron, 'not a valid cron expression'),
        duration: duration(MAX_WINDOW_MS, 'a maintenance window'),
        matchers: matchersSchema.default({}),
        reason: z.string().max(200).optional(),
      })
      .strict()
      .transform(({ duration: durationMs, ...w }) => ({ ...w, durationMs })),
  )
  .default([]);

const hoursRange = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, 'expected local hours "HH:MM-HH:MM"');

const escalationStep = z
  .object({
    after: duration(MAX_STEP_MS, 'an escalation step'),
    mention_usergroup: usergroupId.optional(),
    dm_users: z
      .array(z.string().regex(/^[UW][A-Z0-9]+$/, 'expected Slack user ids (U…)'))
      .min(1)
      .optional(),
    hours: hoursRange.optional(),
  })
  .strict()
  .refine((s) => !!s.mention_usergroup !== !!s.dm_users, 'give exactly one of mention_usergroup or dm_users')
  .transform(({ after, ...s }) => ({ ...s, afterMs: after }));

export const escalationSchema = z
  .object({
    critical: z.array(escalationStep),
    warning: z.array(escalationStep),
    info: z.array(escalationStep),
  })
  .partial()
  .strict()
  .default({});

const template = z.string().superRefine((v, ctx) => {
  const problem = templateProblem(v);
  if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
});

export const linksSchema = z
  .object(
    Object.fromEntries(LINK_KINDS.map((k) => [k, template.optional()])) as Record<
      (typeof LINK_KINDS)[number],
      z.ZodOptional<typeof template>
    >,
  )
  .strict()
  .default({});
