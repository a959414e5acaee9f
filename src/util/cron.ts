/**
 * Cron expressions as the scheduler (node-cron) reads them, for the config schemas. node-cron is loaded
 * on the first expression that is not one of the shipped defaults, so a CLI command over the default
 * config starts without it (README *Benchmarks*, CLI start-up).
 */
import { createRequire } from 'node:module';

/** Why these: the config file's defaults (`checks.fast_cron`, `checks.warehouse_cron`, `digest.cron`), valid by test. */
export const DEFAULT_CRONS: ReadonlySet<string> = new Set(['* * * * *', '*/15 * * * *', '0 8 * * *']);

type NodeCron = { validate(expression: string): boolean };
let nodeCron: NodeCron | undefined;

/** Whether node-cron accepts `expression` (what `cron.schedule` will be given). */
export function isValidCron(expression: string): boolean {
  if (DEFAULT_CRONS.has(expression)) return true;
  nodeCron ??= createRequire(import.meta.url)('node-cron') as NodeCron;
  return nodeCron.validate(expression);
}
