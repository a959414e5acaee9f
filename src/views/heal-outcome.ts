/**
 * Heal outcomes as text (Slack mrkdwn that also reads in a terminal): the heal service returns what
 * happened as data; Slack (buttons, `/pipeline heal`, alert threads) and the CLI render it here. Pure.
 */
import type { HealDenial, HealOutcome, StaleHeal, VerifyOutcome } from '../heal/types.js';
import { localDate, localDateTime } from '../pipeline/dates.js';
import { mention, mentionUsergroup } from '../util/mrkdwn.js';
import { esc } from './blocks.js';
import {
  actionPhrase,
  actionSubject,
  actionTarget,
  didDo,
  interruptedText,
  noEffectText,
} from './heal-action-text.js';

/** Where and when the text is read: times show in the pipeline's zone, the date only when not today. */
export interface TextClock {
  tz: string;
  now: Date;
}

const fmtAt = (at: Date, clock: TextClock): string =>
  localDateTime(at, clock.tz, { today: localDate(clock.now, clock.tz) });

function triggeredText(o: HealOutcome, clock: TextClock): string {
  const plan = o.plan!;
  const verifyNote =
    plan.next && o.verifyAt
      ? ` I will check by ${fmtAt(o.verifyAt, clock)} that ${plan.next.transition} started (${plan.next.collection}/${plan.next.date}).`
      : '';
  const recordNote = o.unrecorded
    ? ' (The action ran, but its outcome could not be recorded: the event stays `requested`.)'
    : '';
  return `${plan.label}: ${didDo(plan.action, o.event?.action_ref ?? null)} for ${plan.transition} ${plan.date}, requested by ${mention(o.event?.requested_by ?? '?')}.${verifyNote}${recordNote}`;
}

function failedText(o: HealOutcome): string {
  const plan = o.plan!;
  const f = o.failure!;
  const lockNote = f.ambiguous
    ? ` The call may still have reached ${actionTarget(plan.action.kind)}, so this run stays locked for ${f.cooldownMinutes} min: check ${plan.next ? `${plan.next.collection}/${plan.next.date}` : 'the next phase'} before healing again.`
    : o.unrecorded
      ? ' The failure could not be recorded either; the run stays locked until the cooldown ends.'
      : ' The lock is released: you can retry.';
  return `${actionSubject(plan.action)} failed: ${esc(f.error)}.${lockNote}`;
}

function dryRunText(o: HealOutcome, clock: TextClock): string {
  const plan = o.plan!;
  const lock = o.lock;
  const lockNote = lock
    ? ` Note: ${mention(lock.requested_by)} already healed this run at ${fmtAt(lock.requested_at, clock)}; a heal now would be refused until ${fmtAt(lock.expires_at, clock)}.`
    : '';
  const forced = plan.force && plan.missing.length ? ` (--force: ${plan.missing.length} missing)` : '';
  return `Dry run: would ${actionPhrase(plan.action, plan.trigger_command)} for ${plan.transition} ${plan.date} (${plan.processors_complete}/${plan.expected_processors} processors${forced}).${lockNote} Nothing was changed.`;
}

function unavailableText(o: HealOutcome): string {
  const u = o.unavailable!;
  return u.step === 'read'
    ? `Could not read ${u.where} (${esc(u.error)}). Nothing was run; try again when the store answers.`
    : `Could not record the heal in the audit log (${esc(u.error)}). No audit, no action: nothing was run. Try again when Firestore answers.`;
}

/** Who may heal, with live mentions of the users and user groups. */
function deniedText(d: HealDenial): string {
  const who = [...d.users.map((u) => mention(u)), ...d.groups.map((g) => mentionUsergroup(g))];
  const allowed = who.length
    ? `Only ${who.join(', ')} can heal.`
    : 'Nobody is allowed to heal from Slack yet: set heal.allowed_users or heal.allowed_usergroups in the config.';
  const why = d.failures.length
    ? `: could not check user group membership (${esc(d.failures.join('; '))})`
    : '';
  return `${mention(d.user)} is not allowed to heal${why}. ${allowed}`;
}

function refusalText(o: HealOutcome, clock: TextClock): string {
  const reason = o.denial ? deniedText(o.denial) : (o.reason ?? '');
  if (o.kind === 'duplicate' && o.holder) {
    const h = o.holder;
    // The holder's state and id are known when its event could be read.
    const known = h.status !== undefined;
    const state = known ? ` (${h.status === 'requested' ? 'in progress' : h.status})` : '';
    return `${o.transition} ${o.date} was already triggered by ${mention(h.requested_by)} at ${fmtAt(h.requested_at, clock)}${state}. Nothing else was run${known ? ` (heal ${h.heal_id})` : ''}.`;
  }
  const text = o.dryRun ? `Dry run: would be refused. ${reason}` : reason;
  return o.kind === 'denied' && o.event ? `${text} This attempt was recorded.` : text;
}

/** One or two sentences for the user about a heal attempt. */
export function healOutcomeText(o: HealOutcome, clock: TextClock): string {
  switch (o.kind) {
    case 'triggered':
      return triggeredText(o, clock);
    case 'failed':
      return failedText(o);
    case 'dry_run':
      return dryRunText(o, clock);
    case 'unavailable':
      return unavailableText(o);
    default:
      return refusalText(o, clock);
  }
}

/** Whether the next phase started after a heal (the alert thread's note, `verifyHeal`'s answer). */
export function verifyText(v: VerifyOutcome, clock: TextClock): string {
  const e = v.event;
  if (v.kind === 'skipped' || !e) {
    if (v.skipped === 'not_triggered' && e) return `Heal ${v.heal_id} is ${e.status}; nothing to verify.`;
    if (v.skipped === 'no_next' && e) return `${e.transition} has no next transition to watch.`;
    return `No heal ${v.heal_id}.`;
  }
  if (v.kind === 'pending')
    return `Waiting until ${fmtAt(v.dueAt!, clock)} for ${v.next} to start (${v.where}).`;
  if (v.kind === 'started') {
    const s = v.seen;
    const progress = s
      ? ` (${s.triggered ? 'triggered' : `${s.reported}/${s.expected} processors reported`})`
      : '';
    return `Verified: the next phase started after the heal of ${e.transition} ${e.game_date}: ${v.where}${progress}.`;
  }
  return `Not verified: ${v.windowMinutes} min after the heal of ${e.transition} ${e.game_date}, ${v.where} shows no new processor. ${noEffectText(e)}: check its logs and the next phase's trigger.`;
}

/** A heal whose process stopped between the record and the action's outcome. */
export function staleText(s: StaleHeal, clock: TextClock): string {
  const e = s.event;
  return `Heal ${e.heal_id} of ${e.transition} ${e.game_date} by ${mention(e.requested_by)} at ${fmtAt(e.requested_at, clock)} never finished: ${interruptedText(e)}. Check the next phase; the run can be healed again after the cooldown.`;
}
