/** Text of `pipeline-bot test`: one line per test, a diff under each failure, errors as `file:line:col`. Pure. */
import { localDateTime } from '../pipeline/dates.js';
import type { FileError } from './rule-file.js';
import type { CaseOutcome } from './rule-run.js';

export interface FileReport {
  file: string;
  /** Header line when the file holds several groups. */
  title?: string;
  tz?: string;
  errors?: FileError[];
  outcomes?: CaseOutcome[];
}

const when = (at: Date, tz: string) => `${localDateTime(at, tz, { zone: true })} (${at.toISOString()})`;

export function renderFileReport(r: FileReport): string[] {
  if (r.errors) return r.errors.map((e) => `${r.file}:${e.line}:${e.col}: ${e.message}`);
  const tz = r.tz ?? 'UTC';
  const lines = [r.title ?? r.file];
  for (const o of r.outcomes ?? []) {
    const c = o.case;
    lines.push(`  ${o.passed ? 'PASS' : 'FAIL'}  ${c.name}  (${r.file}:${c.line}, at ${when(c.at, tz)})`);
    for (const m of o.missing) {
      lines.push(
        `          missing   ${m.check}  ${m.subject}  expected ${m.status ?? 'firing'}, not firing`,
      );
    }
    for (const u of o.unexpected) {
      lines.push(
        `          unexpected ${u.check}  ${u.subject}  ${u.status} since ${when(u.since, tz)}: ${u.summary}`,
      );
    }
    for (const w of o.wrongStatus) {
      lines.push(
        `          status    ${w.expected.check}  ${w.expected.subject}  expected ${w.expected.status}, got ${w.got.status}`,
      );
    }
  }
  return lines;
}

export function renderTotals(reports: FileReport[]): string {
  const outcomes = reports.flatMap((r) => r.outcomes ?? []);
  const failed = outcomes.filter((o) => !o.passed).length;
  const bad = reports.filter((r) => r.errors).length;
  const count = new Set(reports.map((r) => r.file)).size;
  const files = `${count} file${count === 1 ? '' : 's'}`;
  return `${outcomes.length} test${outcomes.length === 1 ? '' : 's'} in ${files}: ${outcomes.length - failed} passed, ${failed} failed${bad ? `; ${bad} file${bad === 1 ? '' : 's'} could not be read` : ''}`;
}
