/**
 * `transitions.<id>.heal` in the YAML file (SPEC §10): the heal action — `scheduler_job` (the default; a
 * block without `action` is one), `pubsub` or `http` — its keys and defaults, and the `{date}` templates
 * checked at load (`template.ts`).
 */

import { z } from 'zod';
import { identifier, pubsubName } from '../config-names.js';
import { templateProblem } from './template.js';
import { urlProblem } from './url.js';

/** A JSON body template: a string, or a YAML map written out as JSON; `{date}` in it, valid JSON once filled. */
const jsonTemplate = z
  .union([z.string(), z.record(z.unknown())])
  .transform((v) => (typeof v === 'string' ? v : JSON.stringify(v)))
  .superRefine((v, ctx) => {
    const problem = templateProblem(v);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  });

/** Why this default: the orchestrators' own hand-off message, marked as a heal (issue 12). */
export const DEFAULT_HEAL_MESSAGE = '{"game_date": "{date}", "trigger_reason": "manual_heal"}';

/** Why 75: Slack's limit on a button's text (the label is the heal button). */
const healLabel = z.string().min(1).max(75);

/** Pub/Sub attribute keys: Google's limits (1–256 bytes, no `goog` prefix); values up to 1024 bytes. */
const attributeKey = z
  .string()
  .regex(/^[A-Za-z0-9_.~+%-]{1,256}$/, 'expected letters, digits or _ . ~ + % -')
  .refine((k) => !k.toLowerCase().startsWith('goog'), 'keys starting with "goog" are reserved by Pub/Sub');

const schedulerHealSchema = z
  .object({ action: z.literal('scheduler_job'), job: identifier, location: identifier, label: healLabel })
  .strict();

const pubsubHealSchema = z
  .object({
    action: z.literal('pubsub'),
    topic: pubsubName,
    message: jsonTemplate.default(DEFAULT_HEAL_MESSAGE),
    attributes: z.record(attributeKey, z.string().max(1024)).default({}),
    ordering_key: z.string().min(1).max(1024).optional(),
    label: healLabel,
  })
  .strict();

const httpHealSchema = z
  .object({
    action: z.literal('http'),
    url: z.string().superRefine((u, ctx) => {
      const problem = urlProblem(u);
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
    }),
    audience: z.string().min(1).optional(),
    body: jsonTemplate.default(DEFAULT_HEAL_MESSAGE),
    // Why 30 s: an orchestrator answers once it has queued the phase; longer means it may or may not have.
    timeout_ms: z.number().int().min(100).max(300_000).default(30_000),
    label: healLabel,
  })
  .strict();

/** `transitions.<id>.heal`: `action` picks the kind; without it, `scheduler_job` (the first release's shape). */
export const healSchema = z.preprocess(
  (v) =>
    v && typeof v === 'object' && !Array.isArray(v) && !('action' in v)
      ? { action: 'scheduler_job', ...v }
      : v,
  z.discriminatedUnion('action', [schedulerHealSchema, pubsubHealSchema, httpHealSchema]),
);
