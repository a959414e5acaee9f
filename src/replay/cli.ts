/**
 * CLI commands `replay --from --to [--json] [--config file]` and `test <file.yml>…` (SPEC §10).
 * Exit codes: replay 0 (2 on a usage or config error); test 0 all pass, 1 a test failed or a file is bad,
 * 2 a usage error.
 */
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createBackend } from '../adapters/index.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../log.js';
import { systemClock } from '../ports.js';
import { runReplay } from './engine.js';
import { INSTANT_HINT, parseInstant } from './instant.js';
import { renderTimeline, timelineJson } from './render.js';
import { parseRuleFile } from './rule-file.js';
import { type FileReport, renderFileReport, renderTotals } from './rule-report.js';
import { runGroup } from './rule-run.js';
import { REPLAY_USAGE, TEST_USAGE } from './usage.js';

/** Why a cap: a month is ~45,000 simulated check runs (seconds); longer periods are better split. */
const MAX_REPLAY_DAYS = 31;

type Out = (line: string) => void;

/** `--name value` flags and bare switches; undefined when a flag is unknown or lacks its value. */
function flags(args: string[], valued: string[], switches: string[]): Map<string, string> | string {
  const out = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const [name, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
    if (switches.includes(name)) out.set(name, 'true');
    else if (valued.includes(name)) {
      const value = inline ?? args[++i];
      if (value === undefined || value === '') return `${name} needs a value`;
      out.set(name, value);
    } else return `unexpected argument "${a}"`;
  }
  return out;
}

export async function replayCommand(
  args: string[],
  env: Record<string, string | undefined>,
  out: Out,
  err: Out,
): Promise<number> {
  const f = flags(args, ['--from', '--to', '--config'], ['--json']);
  if (typeof f === 'string' || !f.has('--from') || !f.has('--to')) {
    err(
      `pipeline-bot: ${typeof f === 'string' ? f : '--from and --to are required'}\nUsage: pipeline-bot ${REPLAY_USAGE}`,
    );
    return 2;
  }
  const config = loadConfig(f.has('--config') ? { ...env, PIPELINE_CONFIG: f.get('--config') } : env);
  const tz = config.timezone;
  const [from, to] = [parseInstant(f.get('--from')!, tz), parseInstant(f.get('--to')!, tz)];
  if (!from || !to || from >= to || to.getTime() - from.getTime() > MAX_REPLAY_DAYS * 86_400_000) {
    err(
      `pipeline-bot: ${!from || !to ? `--from/--to: ${INSTANT_HINT} (wall times in ${tz})` : `--from must be before --to, at most ${MAX_REPLAY_DAYS} days apart`}`,
    );
    return 2;
  }
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const backend = await createBackend(config, systemClock, log);
  try {
    const { completions, schedule, warehouse } = backend;
    const result = await runReplay({ config, completions, schedule, warehouse }, { from, to });
    if (f.has('--json')) out(JSON.stringify(timelineJson(result, tz), null, 2));
    else {
      const note = `${config.backend} backend; ${warehouse ? 'all checks but heal_frequency replayed, the warehouse as of each instant' : 'stuck, overdue and drift replayed (no warehouse configured)'}`;
      for (const l of renderTimeline(result, tz, note)) out(l);
    }
    return 0;
  } finally {
    await backend.close();
  }
}

export async function testCommand(args: string[], out: Out, err: Out): Promise<number> {
  const files = args.filter((a) => !a.startsWith('-'));
  const unknown = args.find((a) => a.startsWith('-'));
  if (!files.length || unknown) {
    err(
      `pipeline-bot: ${unknown ? `unknown option "${unknown}"` : 'no test file given'}\nUsage: pipeline-bot ${TEST_USAGE}`,
    );
    return 2;
  }
  const reports: FileReport[] = [];
  for (const file of files) reports.push(...(await testFile(file)));
  for (const r of reports) for (const l of renderFileReport(r)) (r.errors ? err : out)(l);
  out(renderTotals(reports));
  const ok = reports.every((r) => !r.errors && (r.outcomes ?? []).every((o) => o.passed));
  return ok ? 0 : 1;
}

async function testFile(file: string): Promise<FileReport[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    return [
      {
        file,
        errors: [{ line: 1, col: 1, message: code === 'ENOENT' ? 'file not found' : `cannot read: ${code}` }],
      },
    ];
  }
  const parsed = parseRuleFile(file, text, { dataDir: tmpdir() });
  if (!parsed.ok) return [{ file, errors: parsed.errors }];
  const reports: FileReport[] = [];
  for (const g of parsed.groups) {
    const title = parsed.groups.length > 1 ? `${file} (group at line ${g.line})` : file;
    reports.push({ file, title, tz: g.config.timezone, outcomes: await runGroup(g) });
  }
  return reports;
}
