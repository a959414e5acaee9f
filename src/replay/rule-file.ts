/**
 * Rule-test files (`pipeline-bot test`): YAML, one test group per YAML document. Validated with positions,
 * so a bad file is answered with the line (and column) of each error, never a stack trace.
 * Times are read in the config's time zone once the config is loaded.
 */
import { dirname, resolve } from 'node:path';
import { type Document, LineCounter, parseAllDocuments, stringify } from 'yaml';
import { z } from 'zod';
import { CHECK_IDS } from '../checks/types.js';
import { type Config, loadConfig } from '../config.js';
import { isIsoDate } from '../pipeline/dates.js';
import { errText } from '../util/error-text.js';
import { INSTANT_HINT, isInstant, parseInstant } from './instant.js';

export interface FileError {
  line: number;
  col: number;
  message: string;
}

const instant = z.string().refine(isInstant, INSTANT_HINT);
const isoDate = z.string().refine(isIsoDate, 'expected a date YYYY-MM-DD');
/** Why this shape: the document's Firestore path, as on-call reads it in the console (`phase2_completion/2026-02-08`). */
const DOC_KEY = /^[A-Za-z_][A-Za-z0-9_-]*\/\d{4}-\d{2}-\d{2}$/;

const processor = z.object({ completed_at: instant.optional() }).passthrough();
const docFields = z.record(z.string(), z.unknown()).superRefine((fields, ctx) => {
  for (const [key, value] of Object.entries(fields)) {
    const check = key === '_triggered_at' ? instant : key.startsWith('_') ? z.unknown() : processor;
    const r = check.safeParse(value);
    if (!r.success) for (const i of r.error.issues) ctx.addIssue({ ...i, path: [key, ...i.path] });
  }
});

const expectation = z
  .object({
    check: z.enum(CHECK_IDS),
    subject: z.string().min(1),
    status: z.enum(['warn', 'fail', 'error']).optional(),
  })
  .strict();

const groupSchema = z
  .object({
    config: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
    start: instant.optional(),
    schedule: z.record(isoDate, z.number().int().min(0)).default({}),
    documents: z.record(z.string().regex(DOC_KEY, 'expected "collection/YYYY-MM-DD"'), docFields).default({}),
    warehouse: z
      .object({
        runs: z
          .array(
            z
              .object({
                kind: z.enum(['scraper', 'processor']),
                name: z.string().min(1),
                status: z.string().min(1),
                at: instant,
                error: z.string().optional(),
              })
              .strict(),
          )
          .default([]),
        phase_completions: z
          .array(
            z
              .object({
                game_date: isoDate,
                phase: z.string().min(1),
                is_triggered: z.boolean(),
                trigger_reason: z.string().optional(),
                completed_processor_count: z.number().int().optional(),
                updated_at: instant,
              })
              .strict(),
          )
          .default([]),
        rows: z
          .array(z.object({ table: z.string().min(1), date: isoDate, keys: z.array(z.string()) }).strict())
          .default([]),
      })
      .strict()
      .optional(),
    tests: z
      .array(
        z
          .object({
            name: z.string().min(1),
            at: instant,
            checks: z.array(z.enum(CHECK_IDS)).optional(),
            expect: z.array(expectation),
          })
          .strict(),
      )
      .min(1, 'a test group needs at least one test'),
  })
  .strict();

export type GroupInput = z.infer<typeof groupSchema>;
export type Expectation = z.infer<typeof expectation>;

export interface RuleCase {
  name: string;
  at: Date;
  line: number;
  checks?: string[];
  expect: Expectation[];
}

export interface RuleGroup {
  file: string;
  line: number;
  config: Config;
  input: GroupInput;
  /** Reads a time written in the file, in the config's time zone (already validated). */
  instant(text: string): Date;
  start?: Date;
  cases: RuleCase[];
}

export type ParsedFile = { ok: true; groups: RuleGroup[] } | { ok: false; errors: FileError[] };

export function parseRuleFile(file: string, text: string, env: { dataDir: string }): ParsedFile {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines });
  if (!Array.isArray(docs)) return { ok: false, errors: [{ line: 1, col: 1, message: 'empty file' }] };
  const at = (offset: number) => lines.linePos(offset);
  const errors: FileError[] = [];
  const groups: RuleGroup[] = [];
  for (const doc of docs) {
    for (const e of [...doc.errors, ...doc.warnings]) {
      const pos = e.linePos?.[0] ?? at(e.pos[0]);
      errors.push({ ...pos, message: e.message.split('\n')[0]! });
    }
    if (doc.errors.length) continue;
    const group = parseGroup(file, doc, at, env, errors);
    if (group) groups.push(group);
  }
  if (errors.length) return { ok: false, errors };
  if (!groups.length)
    return { ok: false, errors: [{ line: 1, col: 1, message: 'no test group in the file' }] };
  return { ok: true, groups };
}

type Pos = (offset: number) => { line: number; col: number };

function parseGroup(
  file: string,
  doc: Document,
  at: Pos,
  env: { dataDir: string },
  errors: FileError[],
): RuleGroup | undefined {
  const where = (path: (string | number)[]) => position(doc, path, at);
  const parsed = groupSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      const path = i.code === 'unrecognized_keys' ? [...i.path, i.keys[0]!] : i.path;
      const message =
        i.code === 'unrecognized_keys'
          ? `unknown key(s) ${i.keys.map((k) => `"${k}"`).join(', ')}`
          : i.message;
      errors.push({ ...where(path), message: `${i.path.join('.') || '(top level)'}: ${message}` });
    }
    return undefined;
  }
  const input = parsed.data;
  let config: Config;
  try {
    config = groupConfig(file, input.config, env.dataDir);
  } catch (err) {
    errors.push({ ...where(['config']), message: `config: ${errText(err)}` });
    return undefined;
  }
  const instantOf = (text: string) => parseInstant(text, config.timezone)!;
  return {
    file,
    line: where([]).line,
    config,
    input,
    instant: instantOf,
    start: input.start ? instantOf(input.start) : undefined,
    cases: input.tests.map((t, i) => ({
      name: t.name,
      at: instantOf(t.at),
      line: where(['tests', i]).line,
      checks: t.checks,
      expect: t.expect,
    })),
  };
}

/** The config of a group: a path (relative to the test file) or the config itself, inline. */
function groupConfig(file: string, config: string | Record<string, unknown>, dataDir: string): Config {
  const cwd = dirname(resolve(file));
  const env = { DATA_DIR: dataDir, PIPELINE_BACKEND: 'local', LOG_LEVEL: 'silent' };
  if (typeof config === 'string') return loadConfig({ ...env, PIPELINE_CONFIG: config }, { cwd });
  return loadConfig(
    { ...env, PIPELINE_CONFIG: '(inline config)' },
    { cwd, fileExists: () => true, readFile: () => stringify(config) },
  );
}

/** Line and column of the deepest node of `path` that exists (a missing key points at its parent). */
function position(doc: Document, path: (string | number)[], at: Pos): { line: number; col: number } {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return at(range[0]);
  }
  return { line: 1, col: 1 };
}
