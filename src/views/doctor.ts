/** The doctor's report: lines for the terminal, a Block Kit message for `/pipeline doctor`. Pure. */
import type { DoctorCheck, DoctorReport, Verdict } from '../doctor/types.js';
import { context, esc, LIMITS, type Message, section } from './blocks.js';

/**
 * Why these marks: the ones the issue and `docs/deploy.md` use; ⚠ passed as far as it could be checked;
 * – is a check that does not apply here.
 */
const MARK: Record<Verdict, string> = { pass: '✔', warn: '⚠', fail: '✘', skip: '–' };

function summary(report: DoctorReport): string {
  const count = (v: Verdict) => report.checks.filter((c) => c.verdict === v).length;
  const warned = count('warn') ? ` (${count('warn')} not fully checked: ⚠)` : '';
  return report.ok
    ? `All ${count('pass') + count('warn')} checks passed${warned}.`
    : `${count('fail')} of ${report.checks.length} checks failed.`;
}

const title = (c: DoctorCheck) => `${c.group} · ${c.name}`;

export function doctorLines(report: DoctorReport): string[] {
  const lines = report.checks.flatMap((c) => [
    `${MARK[c.verdict]} ${title(c)}: ${c.detail}`,
    ...(c.fix && c.verdict === 'fail' ? [`    fix: ${c.fix}`] : []),
  ]);
  return [...lines, '', summary(report)];
}

export function doctorView(report: DoctorReport): Message {
  const lines = report.checks.map((c) => {
    const fix = c.fix && c.verdict === 'fail' ? `\n      _fix:_ ${esc(c.fix)}` : '';
    return `${MARK[c.verdict]} *${esc(title(c))}*: ${esc(c.detail)}${fix}`;
  });
  // One section per group of lines that fits a section's text limit.
  const blocks = [];
  let chunk = '';
  for (const line of lines) {
    if (chunk && chunk.length + line.length + 1 > LIMITS.sectionText) {
      blocks.push(section(chunk));
      chunk = '';
    }
    chunk = chunk ? `${chunk}\n${line}` : line;
  }
  if (chunk) blocks.push(section(chunk));
  return {
    text: `pipeline-bot doctor: ${summary(report)}`,
    blocks: [
      section(`*pipeline-bot doctor* — ${summary(report)}`),
      ...blocks.slice(0, LIMITS.blocks - 2),
      context('Run `pipeline-bot doctor` for the same report on a terminal.'),
    ],
  };
}
