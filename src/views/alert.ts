/** The living root message of an alert (SPEC §4). Pure: rendered from the stored record at delivery time. */
import type { KnownBlock, Overflow, StaticSelect } from '@slack/types';
import type { AlertRecord } from '../alerts/types.js';
import type { Config } from '../config.js';
import { evidenceLinks, type LinkKind } from '../oncall/links.js';
import { localDateTime } from '../pipeline/dates.js';
import { formatDuration } from '../util/duration-text.js';
import { mention } from '../util/mrkdwn.js';
import { ACTION_IDS } from './action-ids.js';
import {
  actions,
  button,
  capBlocks,
  context,
  esc,
  fields,
  header,
  type Message,
  section,
  truncate,
} from './blocks.js';
import { dlqButtons } from './dlq.js';
import { healConfirmDialog, transitionLabel } from './status.js';
import { encodeValue } from './values.js';

/** Why words, not URLs: the line stays short and says what each link opens. */
const LINK_LABELS: Record<LinkKind, string> = {
  firestore: 'Firestore document',
  logs: 'Orchestrator logs',
  scheduler: 'Scheduler job',
  bigquery: 'BigQuery table',
  runbook: 'Runbook',
};

/** Evidence links as one context line; URLs were built from validated templates with encoded values. */
export function evidenceLine(a: AlertRecord, config: Config): string | undefined {
  const links = evidenceLinks(
    {
      templates: config.links,
      project: config.project,
      dataset: config.bigqueryDataset,
      transitions: config.transitions,
    },
    {
      check: a.check,
      subject: a.subject,
      transition: a.result.transition,
      date: a.result.date,
      detectedAt: a.firingSince,
    },
  );
  if (links.length === 0) return undefined;
  return `:mag: ${links.map((l) => `<${l.url}|${LINK_LABELS[l.kind]}>`).join(' · ')}`;
}

/** Why these: yellow, red and ❌ as in every view; the terminal draws them as distinct shapes. */
const SEVERITY_ICON = { warn: ':large_yellow_circle:', fail: ':red_circle:', error: ':x:' } as const;

/** Why plain words: what an alert is about reads faster than a check id (unknown ids show as-is). */
const TITLES: Record<string, string> = {
  stuck: 'stuck',
  overdue: 'overdue',
  drift: 'processor drift',
  completeness: 'data gap',
  consecutive_failures: 'repeated failures',
  reconcile: 'Firestore and BigQuery disagree',
  check_health: 'a check could not run',
  heal_frequency: 'heals masking a cause',
  service_health: 'service not answering',
  deployment_drift: 'deployment drift',
  slow_processor: 'processor getting slower',
  dlq: 'dead-lettered messages',
};

export function alertTitle(a: AlertRecord): string {
  const t = a.result.transition ? `${transitionLabel(a.result.transition)} ` : '';
  const date = a.result.date ? ` · ${a.result.date}` : '';
  return `${t}${TITLES[a.check] ?? a.check}${date}`;
}

function stateLine(a: AlertRecord, tz: string, now: Date): string {
  switch (a.state) {
    case 'firing':
      return `:rotating_light: *Firing* since ${localDateTime(a.firingSince, tz)}${a.occurrences > 1 ? ` (occurrence ${a.occurrences})` : ''}`;
    case 'acknowledged':
      return `:eyes: *Acknowledged* by ${mention(a.ackBy ?? '?')} at ${a.ackAt ? localDateTime(a.ackAt, tz) : '?'}`;
    case 'snoozed':
      return `:zzz: *Snoozed* by ${mention(a.snoozedBy ?? '?')} until ${a.snoozedUntil ? localDateTime(a.snoozedUntil, tz) : '?'}`;
    case 'resolved':
      return `:white_check_mark: *Resolved* at ${a.resolvedAt ? localDateTime(a.resolvedAt, tz) : localDateTime(now, tz)} after ${formatDuration((a.resolvedAt ?? now).getTime() - a.firingSince.getTime())}`;
  }
}

export function alertView(a: AlertRecord, config: Config, now: Date): Message {
  const tz = config.timezone;
  const resolved = a.state === 'resolved';
  const icon = resolved ? ':white_check_mark:' : SEVERITY_ICON[a.severity];
  const title = alertTitle(a);
  const blocks: KnownBlock[] = [
    header(`${resolved ? 'Resolved: ' : ''}${title}`),
    section(`${icon} ${esc(a.summary)}`),
  ];
  if (a.result.facts.length) blocks.push(fields(a.result.facts));
  blocks.push(section(stateLine(a, tz, now)));
  blocks.push(...lifeLines(a, config).map((line) => context(line)));
  blocks.push(
    context(
      `${a.severityLevel ? `*${a.severityLevel}* · ` : ''}Check \`${a.check}\` · \`${esc(a.subject)}\` · detected ${localDateTime(a.firstSeenAt, tz)}${a.occurrences > 1 ? ` · fired ${a.occurrences}×` : ''}`,
    ),
  );
  if (!resolved) blocks.push(actions(alertButtons(a, config), `alert_actions`));
  const text = truncate(`${resolved ? '[resolved] ' : `[${a.severity}] `}${title}: ${esc(a.summary)}`, 3000);
  return { text, blocks: capBlocks(blocks) };
}

/** What happened to the alert besides its state: silence, escalation, manual resolution, evidence, heals. */
function lifeLines(a: AlertRecord, config: Config): string[] {
  const tz = config.timezone;
  const resolved = a.state === 'resolved';
  const lines: string[] = [];
  if (a.mutedBy && !resolved) {
    lines.push(`:mute: Muted by silence \`${esc(a.mutedBy)}\`: posts, reminders and escalation are held.`);
  }
  const steps = (a.escalations ?? []).filter((e) => e.action !== 'skipped');
  if (steps.length && !resolved) {
    lines.push(
      `:rotating_light: Escalated: ${steps.map((e) => `step ${e.step + 1} at ${localDateTime(e.at, tz)}`).join(', ')}`,
    );
  }
  if (a.manualResolve && resolved) lines.push(`Resolved by hand by ${mention(a.manualResolve.by)}`);
  const evidence = evidenceLine(a, config);
  if (evidence) lines.push(evidence);
  for (const h of (a.heals ?? []).slice(-3)) {
    const verified = h.verified
      ? ` · next phase ${h.verified === 'started' ? 'started :white_check_mark:' : 'did not start :x:'}`
      : '';
    lines.push(
      `:wrench: Heal \`${esc(h.heal_id)}\` by ${mention(h.by)} at ${localDateTime(h.at, tz)}: *${esc(h.status)}*${verified}`,
    );
  }
  return lines;
}

/** Acknowledge (until acknowledged), the transition's heal, DLQ buttons, snooze, the overflow menu, runbook. */
function alertButtons(
  a: AlertRecord,
  config: Config,
): (ReturnType<typeof button> | StaticSelect | Overflow)[] {
  const elements: (ReturnType<typeof button> | StaticSelect | Overflow)[] = [];
  if (a.state !== 'acknowledged') {
    elements.push(
      button('Acknowledge', ACTION_IDS.acknowledge, encodeValue({ fp: a.fingerprint }), {
        style: 'primary',
      }),
    );
  }
  const heal = a.result.suggested_action;
  const t = heal ? config.transitions.find((x) => x.id === heal.transition) : undefined;
  if (heal && t?.heal) {
    elements.push(
      button(t.heal.label, ACTION_IDS.heal, encodeValue({ t: t.id, d: heal.date }), {
        style: 'danger',
        confirm: healConfirmDialog(t.heal, t.id, heal.date),
      }),
    );
  }
  if (a.check === 'dlq') elements.push(...dlqButtons(a.subject));
  elements.push({
    type: 'static_select',
    action_id: ACTION_IDS.snooze,
    placeholder: { type: 'plain_text', text: 'Snooze…' },
    options: ([1, 4, 24] as const).map((h) => ({
      text: { type: 'plain_text' as const, text: `Snooze ${h} h` },
      value: encodeValue({ fp: a.fingerprint, h }),
    })),
  });
  elements.push({
    type: 'overflow',
    action_id: ACTION_IDS.overflow,
    options: (
      [
        ['Resolve manually', 'resolve'],
        ['Add note…', 'note'],
        ['Mute similar…', 'mute'],
      ] as const
    ).map(([text, act]) => ({
      text: { type: 'plain_text' as const, text },
      value: encodeValue({ fp: a.fingerprint, a: act }),
    })),
  });
  if (config.alerts.runbook_url) {
    elements.push(button('Runbook', ACTION_IDS.runbook, 'runbook', { url: config.alerts.runbook_url }));
  }
  return elements;
}
