/**
 * The daily digest and the App Home dashboard (issue 6) as Block Kit. Pure: rendered from a `DigestModel`.
 *
 * Within Slack's limits whatever the data: every list is cut to a few items with "…and N more", every
 * section is kept under 3,000 characters by dropping whole lines (never mid-mrkdwn), and the message
 * under 50 blocks.
 */
import type { Button, KnownBlock, SectionBlock } from '@slack/types';
import type { AlertRecord } from '../alerts/types.js';
import type { StatusItem } from '../checks/status.js';
import type { DigestModel, OpenAlert, Part, Predictions } from '../digest/model.js';
import type { HealEvent } from '../heal/ports.js';
import { localDateTime, localTime } from '../pipeline/dates.js';
import { excerpt, mention } from '../util/mrkdwn.js';
import { ACTION_IDS } from './action-ids.js';
import { alertTitle } from './alert.js';
import {
  actions,
  button,
  capBlocks,
  context,
  divider,
  esc,
  header,
  LIMITS,
  listWithMore,
  type Message,
  section,
  truncate,
} from './blocks.js';
import { completenessBlocks } from './completeness.js';
import { failingChecksBlocks } from './failing-checks.js';
import { healConfirmDialog, transitionLabel } from './status.js';
import { encodeValue } from './values.js';

/** Why these caps: a digest is read in 30 seconds; the rest is one `/pipeline` command away. */
export const MAX_ITEMS = 10;
/** Why 400: one long line (an error, a list) cannot crowd out the rest of its section. */
const MAX_LINE = 400;
/** Why 5: a few names say what is missing; the rest is counted. */
const MAX_MISSING = 5;
/** Why 5: each target adds its own grid blocks (50 per message); the rest is in `/pipeline completeness`. */
const MAX_TARGETS = 5;
/** Why 5: one button per stuck run; more stuck runs are a reason to open `/pipeline status`. */
const MAX_HEAL_BUTTONS = 5;
/** Why 8: the headline lists what needs attention; the sections below hold the rest. */
const MAX_ISSUES_LISTED = 8;

/** Why emoji codes: Slack renders them; the terminal maps them (views/terminal.ts). */
const ICON = {
  ok: ':white_check_mark:',
  bad: ':x:',
  waiting: ':hourglass_flowing_sand:',
  idle: ':white_circle:',
  warn: ':warning:',
} as const;

/** `HH:MM` today, `yesterday HH:MM`, else `YYYY-MM-DD HH:MM` (pipeline time zone). */
function when(at: Date, m: DigestModel): string {
  return localDateTime(at, m.tz, { today: m.today, yesterday: true });
}

const code = (s: string) => `\`${esc(s)}\``;

/** A titled list in one section: at most `max` lines, then "…and N more"; always ≤ 3,000 characters. */
export function listSection(title: string, lines: string[], max = MAX_ITEMS): SectionBlock {
  const shown = lines.slice(0, max).map((l) => truncate(l, MAX_LINE));
  let more = lines.length - shown.length;
  const render = () => [title, ...shown, ...(more ? [`…and ${more} more`] : [])].join('\n');
  while (render().length > LIMITS.sectionText && shown.length > 0) {
    shown.pop();
    more++;
  }
  return section(render());
}

const failed = (what: string, p: { error: string }) =>
  `${ICON.bad} ${what} could not be read: ${esc(p.error)}`;

// ------------------------------------------------------------------ issues

function runIssues(items: StatusItem[], which: string): string[] {
  const out: string[] = [];
  for (const { transition: t, state: s, silent } of items) {
    const label = `${transitionLabel(t.id)} ${s.date}`;
    if (s.state === 'stuck' || s.state === 'overdue') out.push(`${label} ${s.state}`);
    else if (s.state === 'waiting') out.push(`${label} not complete (${which})`);
    if (silent.length)
      out.push(`${transitionLabel(t.id)}: ${listWithMore(silent, MAX_MISSING)} silent (drift)`);
  }
  return out;
}

/**
 * What needs attention, one short phrase each. Empty = all clear (`digest.only_on_issues` posts nothing).
 * Yesterday's run, plus today's runs that are already stuck or overdue (today's "waiting" is normal).
 */
export function digestIssues(m: DigestModel): string[] {
  const out: string[] = [];
  if (!m.yesterday.ok) out.push("yesterday's run could not be read");
  else out.push(...runIssues(m.yesterday.value, "yesterday's run"));
  if (m.current.ok) {
    const seen = new Set(out);
    for (const i of runIssues(currentProblems(m.current.value), 'today')) {
      if (!seen.has(i)) out.push(i);
    }
  }
  if (!m.predictions.ok) out.push('predictions status could not be read');
  else if (m.predictions.value.status === 'not_ready') out.push('predictions for today not ready');
  if (!m.alerts.ok) out.push('alerts could not be read');
  else if (m.alerts.value.length)
    out.push(`${m.alerts.value.length} open alert${m.alerts.value.length > 1 ? 's' : ''}`);
  if (m.heals && !m.heals.ok) out.push('heal log could not be read');
  else if (m.heals?.ok) {
    const bad = m.heals.value.filter((h) => h.status === 'failed' || h.verified === 'not_started').length;
    if (bad) out.push(`${bad} heal${bad > 1 ? 's' : ''} failed or did not start the next phase`);
  }
  if (m.completeness && !m.completeness.ok) out.push('completeness could not be read');
  else if (m.completeness?.ok) {
    for (const t of m.completeness.value) {
      if (t.gaps.length)
        out.push(
          `${t.target}: ${t.gaps.length} day${t.gaps.length > 1 ? 's' : ''} below ${Math.round(t.threshold * 100)}%`,
        );
    }
  }
  if (m.failingChecks && !m.failingChecks.ok) out.push('check history could not be read');
  return out;
}

// ------------------------------------------------------------------ sections

function runLine(item: StatusItem, m: DigestModel): string {
  const { transition: t, state: s } = item;
  const n = `${s.complete.length}/${s.expected.length}`;
  const missing = s.missing.length ? ` · missing ${listWithMore(s.missing.map(code), MAX_MISSING)}` : '';
  const name = `*${transitionLabel(t.id)}* · ${s.date}`;
  let line: string;
  switch (s.state) {
    case 'triggered':
      line = `${ICON.ok} ${name} · triggered${s.triggeredAt ? ` at ${when(s.triggeredAt, m)}` : ''} · ${n}${missing}`;
      break;
    case 'stuck':
      line = `${ICON.bad} ${name} · *stuck*: ${n} in${s.allCompleteAt ? ` since ${when(s.allCompleteAt, m)}` : ''}, next phase not triggered`;
      break;
    case 'overdue':
      line = `${ICON.bad} ${name} · *overdue*${s.deadlineAt ? `: deadline ${when(s.deadlineAt, m)} passed` : ''} · ${n}${missing}`;
      break;
    case 'waiting':
      line = `${ICON.waiting} ${name} · waiting · ${n}${missing}`;
      break;
    case 'idle':
      line = `${ICON.idle} ${name} · no games`;
      break;
  }
  if (item.silent.length)
    line += `\n      ${ICON.warn} silent for days (drift): ${listWithMore(item.silent.map(code), MAX_MISSING)}`;
  return line;
}

function runSection(title: string, part: Part<StatusItem[]>, m: DigestModel): SectionBlock {
  if (!part.ok) return section(`${title}\n${failed('The completion documents', part)}`);
  if (!part.value.length) return section(`${title}\nNo transitions are configured.`);
  return listSection(
    title,
    part.value.map((i) => runLine(i, m)),
  );
}

function predictionsSection(part: Part<Predictions>, m: DigestModel): SectionBlock {
  if (!part.ok) return section(`*Predictions for today*\n${failed('Phase 5', part)}`);
  const p = part.value;
  const title = `*Predictions for today* (${p.date})`;
  const n = p.expected ? ` · ${p.complete}/${p.expected} processors` : '';
  switch (p.status) {
    case 'ready':
      return section(`${ICON.ok} ${title}: *ready*${p.readyAt ? ` since ${when(p.readyAt, m)}` : ''}${n}`);
    case 'no_games':
      return section(`${ICON.idle} ${title}: no games today, nothing to predict`);
    case 'not_ready': {
      const missing = p.missing.length ? ` · missing ${listWithMore(p.missing.map(code), MAX_MISSING)}` : '';
      return section(
        truncate(
          `${ICON.bad} ${title}: *not ready*${n}${missing}${p.note ? ` · ${p.note}` : ''}`,
          LIMITS.sectionText,
        ),
      );
    }
  }
}

function alertState(a: AlertRecord, m: DigestModel): string {
  switch (a.state) {
    case 'acknowledged':
      return `:eyes: acknowledged by ${a.ackBy ? mention(a.ackBy) : '?'}${a.ackAt ? ` at ${when(a.ackAt, m)}` : ''}`;
    case 'snoozed':
      return `:zzz: snoozed${a.snoozedBy ? ` by ${mention(a.snoozedBy)}` : ''}${a.snoozedUntil ? ` until ${when(a.snoozedUntil, m)}` : ''}`;
    default:
      return `firing since ${when(a.firingSince, m)} · *not acknowledged*`;
  }
}

function alertLine({ record: a, link }: OpenAlert, m: DigestModel): string {
  const icon = a.severity === 'warn' ? ':large_yellow_circle:' : ':red_circle:';
  const subject = a.result.transition ? '' : ` (${a.subject})`;
  const title = esc(`${alertTitle(a)}${subject}`).replace(/\|/g, '¦');
  const where = link
    ? `<${link}|${title}>`
    : `*${title}*${a.channel && /^[CG][A-Z0-9]+$/.test(a.channel) ? ` in <#${a.channel}>` : ''}`;
  const muted = a.mutedBy ? ` · :mute: muted (silence \`${esc(a.mutedBy)}\`)` : '';
  return `• ${icon} ${where} · ${alertState(a, m)}${muted}`;
}

function alertsSection(part: Part<OpenAlert[]>, m: DigestModel): SectionBlock {
  if (!part.ok) return section(`*Open alerts*\n${failed('Alerts', part)}`);
  if (!part.value.length) return section(`*Open alerts*\n${ICON.ok} None.`);
  return listSection(
    `*Open alerts* (${part.value.length})`,
    part.value.map((a) => alertLine(a, m)),
  );
}

function verifiedText(h: HealEvent): string {
  if (h.status !== 'triggered') return '';
  if (h.verified === 'started') return ` · next phase started ${ICON.ok}`;
  if (h.verified === 'not_started') return ` · next phase *did not start* ${ICON.bad}`;
  return ' · not verified yet';
}

function healLine(h: HealEvent, m: DigestModel): string {
  const outcome = h.status === 'failed' ? `*failed* ${ICON.bad}` : `*${esc(h.status)}*`;
  const what = esc(excerpt(`${transitionLabel(h.transition)} ${h.game_date}`, 80));
  return `• ${when(h.requested_at, m)} · ${what} · by ${mention(h.requested_by)} (${esc(h.source)}) · ${outcome}${verifiedText(h)}`;
}

function healsSection(part: Part<HealEvent[]> | undefined, m: DigestModel): SectionBlock {
  const title = `*Heals, last ${m.healDays} days*`;
  if (part && !part.ok) return section(`${title}\n${failed('The heal log', part)}`);
  const heals = part?.value ?? [];
  if (!heals.length) return section(`${title}\nNone.`);
  const counts = new Map<string, number>();
  for (const h of heals) counts.set(h.status, (counts.get(h.status) ?? 0) + 1);
  const summary = [...counts].map(([s, c]) => `${c} ${s}`).join(' · ');
  return listSection(
    `${title} (${summary})`,
    heals.map((h) => healLine(h, m)),
  );
}

function completenessPart(m: DigestModel): KnownBlock[] {
  const title = `*Completeness, last ${m.completenessDays} days*`;
  if (!m.completeness) return [section(`${title}\nNo warehouse (BigQuery) is configured.`)];
  if (!m.completeness.ok) return [section(`${title}\n${failed('Completeness', m.completeness)}`)];
  const targets = m.completeness.value;
  const blocks: KnownBlock[] = [section(title), ...completenessBlocks(targets.slice(0, MAX_TARGETS))];
  if (targets.length > MAX_TARGETS)
    blocks.push(context(`…and ${targets.length - MAX_TARGETS} more targets: \`/pipeline completeness\``));
  return blocks;
}

function failingPart(m: DigestModel): KnownBlock[] {
  if (!m.failingChecks) return [];
  if (!m.failingChecks.ok)
    return [
      section(
        `*Most frequent failing checks (${m.failingDays} days)*\n${failed('Check history', m.failingChecks)}`,
      ),
    ];
  return failingChecksBlocks(m.failingChecks.value, m.failingDays);
}

function summarySection(issues: string[]): SectionBlock {
  if (!issues.length) return section(`${ICON.ok} *All clear.* Nothing needs attention.`);
  const title = `${ICON.warn} *${issues.length} thing${issues.length > 1 ? 's' : ''} need${issues.length > 1 ? '' : 's'} attention:*`;
  // Whole phrases only: drop from the end until it fits, and say how many were left out.
  const shown = issues.slice(0, MAX_ISSUES_LISTED).map((i) => truncate(esc(i), MAX_LINE));
  let more = issues.length - shown.length;
  const render = () => `${title} ${shown.join(' · ')}${more ? ` · and ${more} more` : ''}`;
  while (render().length > LIMITS.sectionText && shown.length > 1) {
    shown.pop();
    more++;
  }
  return section(render());
}

function fallbackText(title: string, issues: string[]): string {
  return truncate(
    issues.length ? `${title}: ${issues.length} issue(s): ${issues.join('; ')}` : `${title}: all clear`,
    LIMITS.fallbackText,
  );
}

/** Items of today's run that are already a problem (stuck, overdue). */
function currentProblems(items: StatusItem[]): StatusItem[] {
  return items.filter((x) => x.state.state === 'stuck' || x.state.state === 'overdue');
}

function body(m: DigestModel, opts: { current: boolean }): KnownBlock[] {
  const problems = m.current.ok ? currentProblems(m.current.value) : [];
  return [
    runSection(`*Yesterday's run* (run of ${m.runDate})`, m.yesterday, m),
    ...(opts.current && problems.length
      ? [
          listSection(
            `*Today's run so far* (run of ${m.today})`,
            problems.map((i) => runLine(i, m)),
          ),
        ]
      : []),
    predictionsSection(m.predictions, m),
    divider(),
    alertsSection(m.alerts, m),
    healsSection(m.heals, m),
    divider(),
    ...completenessPart(m),
    ...failingPart(m),
  ];
}

// ------------------------------------------------------------------ views

/** A Home tab view for `views.publish` (a `HomeView` whose blocks are known Block Kit blocks). */
export interface HomeTab {
  type: 'home';
  blocks: KnownBlock[];
}

/** The daily digest posted to the digest channel (and printed in local mode / by the CLI). */
export function digestView(m: DigestModel): Message {
  const issues = digestIssues(m);
  const blocks: KnownBlock[] = [
    header(`Daily pipeline digest · ${m.today}`),
    summarySection(issues),
    divider(),
    ...body(m, { current: true }),
    context(`As of ${localTime(m.now, m.tz)} ${m.tz} · \`/pipeline status\` for the live state`),
  ];
  return { text: fallbackText(`Pipeline digest ${m.today}`, issues), blocks: capBlocks(blocks) };
}

function healButtons(m: DigestModel): Button[] {
  const seen = new Set<string>();
  const out: Button[] = [];
  for (const part of [m.current, m.yesterday]) {
    if (!part.ok) continue;
    for (const { transition: t, state: s } of part.value) {
      const key = `${t.id}:${s.date}`;
      if (s.state !== 'stuck' || !t.heal || seen.has(key)) continue;
      seen.add(key);
      out.push(
        button(`${t.heal.label} · ${s.date}`, ACTION_IDS.heal, encodeValue({ t: t.id, d: s.date }), {
          style: 'primary',
          confirm: healConfirmDialog(t.heal, t.id, s.date),
        }),
      );
    }
  }
  return out;
}

/** The App Home tab: the digest's dashboard at this moment, plus today's run and (if allowed) heal buttons. */
export function homeView(m: DigestModel, opts: { canHeal: boolean }): HomeTab {
  const issues = digestIssues(m);
  const buttons = healButtons(m);
  const heal: KnownBlock[] = [];
  if (buttons.length && opts.canHeal) {
    heal.push(actions(buttons.slice(0, MAX_HEAL_BUTTONS), 'home_heal'));
    if (buttons.length > MAX_HEAL_BUTTONS)
      heal.push(context(`…and ${buttons.length - MAX_HEAL_BUTTONS} more stuck runs: \`/pipeline status\``));
  } else if (buttons.length) {
    heal.push(
      context(
        ':lock: Heal buttons show for the engineers allowed to heal (`heal.allowed_users` / `heal.allowed_usergroups`).',
      ),
    );
  }
  const blocks: KnownBlock[] = [
    header('Pipeline dashboard'),
    summarySection(issues),
    divider(),
    runSection(`*Today's run* (run of ${m.today})`, m.current, m),
    ...heal,
    ...body(m, { current: false }),
    context(`Updated ${localTime(m.now, m.tz)} ${m.tz} · reopen this tab to refresh`),
  ];
  return { type: 'home', blocks: capBlocks(blocks) };
}

/** The thread note when the digest's charts could not be attached (the digest text has the same facts). */
export function digestChartsMissingText(error: string): string {
  return `:warning: The charts could not be attached (${esc(error)}); the digest above has the same numbers as text.`;
}
