/** Names config gives the bot that end up in paths, SQL and API calls: validated to a safe alphabet. */
import { z } from 'zod';

/** Identifiers end up in collection paths and SQL table names: keep them to a safe alphabet. */
export const identifier = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'expected letters, digits, "_" or "-"');

/** Pub/Sub topic and subscription names (Google's alphabet), never a path. */
export const pubsubName = z.string().regex(/^[A-Za-z][A-Za-z0-9._~+%-]{2,254}$/, 'expected a Pub/Sub name');

/** A Slack user group id (`S…`): it is written into `<!subteam^…>` mentions, so nothing else may pass. */
export const usergroupId = z.string().regex(/^S[A-Z0-9]+$/, 'expected a Slack user group id (S…)');
