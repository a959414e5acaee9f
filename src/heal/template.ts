/**
 * Heal templates (Pub/Sub message and attributes, HTTP body): `{date}` is replaced by the healed date with
 * plain string replacement — no pattern is built from config and nothing is evaluated. Config load checks
 * every template with a sample date (`templateProblem`), so a heal never meets a broken one.
 */
import type { IsoDate } from '../pipeline/types.js';

/** Why one placeholder: the date is the only thing a heal varies; everything else is fixed in config. */
export const DATE_PLACEHOLDER = '{date}';

/** Why a fixed sample: validation must not depend on the clock; any `YYYY-MM-DD` fills alike. */
const SAMPLE_DATE = '2026-01-31';

/** `template` with every `{date}` replaced by `date`. */
export function fillDate(template: string, date: IsoDate): string {
  return template.split(DATE_PLACEHOLDER).join(date);
}

/** Every value of a string map filled with `date`. */
export function fillAll(templates: Readonly<Record<string, string>>, date: IsoDate): Record<string, string> {
  return Object.fromEntries(Object.entries(templates).map(([k, v]) => [k, fillDate(v, date)]));
}

/**
 * Why a JSON body template is unusable, or undefined when it is fine: it must name `{date}` (else the
 * heal would not be for a date) and be valid JSON once filled.
 */
export function templateProblem(template: string): string | undefined {
  if (!template.includes(DATE_PLACEHOLDER)) return `must contain ${DATE_PLACEHOLDER}`;
  try {
    JSON.parse(fillDate(template, SAMPLE_DATE));
    return undefined;
  } catch (err) {
    return `must be valid JSON once ${DATE_PLACEHOLDER} is replaced (${(err as Error).message})`;
  }
}
