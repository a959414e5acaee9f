/** Typed fixtures shared by unit tests: a config from defaults, a fixed clock, docs built tersely. */
import { type Config, loadConfig } from '../../src/config.js';
import { parseCompletionDoc } from '../../src/pipeline/completion.js';
import { localInstant } from '../../src/pipeline/dates.js';
import type { CompletionDoc } from '../../src/pipeline/types.js';
import type { Clock } from '../../src/ports.js';

export const TZ = 'America/New_York';

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ DATA_DIR: '/tmp/unused', ...env }, { fileExists: () => false });
}

/** A clock tests move by hand. */
export class FakeClock implements Clock {
  constructor(private t: Date) {}
  now(): Date {
    return new Date(this.t);
  }
  set(t: Date): void {
    this.t = t;
  }
  advance(ms: number): void {
    this.t = new Date(this.t.getTime() + ms);
  }
}

/** Instant of local wall time in New York. */
export const ny = (date: string, hhmm: string) => localInstant(date, hhmm, TZ);

export const P2 = [
  'p2_bigdataball_pbp',
  'p2_odds_game_lines',
  'p2_odds_player_props',
  'p2_nbacom_gamebook_pdf',
  'p2_nbacom_boxscores',
];

/** A phase-2 doc with the given processors completed at `at` (+1 min each). */
export function p2Doc(
  date: string,
  processors: string[],
  at: Date,
  extra: Record<string, unknown> = {},
): CompletionDoc {
  const data: Record<string, unknown> = { ...extra };
  processors.forEach((p, i) => {
    data[p] = { status: 'success', completed_at: new Date(at.getTime() + i * 60_000), record_count: 100 };
  });
  return parseCompletionDoc('phase2_completion', date, data);
}

/** A config from a YAML text (as if read from pipeline.yml), on top of the test defaults. */
export function configFromYaml(yaml: string, env: Record<string, string> = {}): Config {
  return loadConfig(
    { DATA_DIR: '/tmp/unused', PIPELINE_CONFIG: 'pipeline.yml', ...env },
    { fileExists: () => true, readFile: () => yaml },
  );
}
