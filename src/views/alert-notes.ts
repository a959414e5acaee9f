/**
 * Slack text for what happened to an alert, rendered at delivery from what the domain recorded (thread
 * notes), and the answer a person gets for their own action (acknowledge, snooze, resolve, note). Old
 * stored `thread` items carry their text and are delivered as written. Every stored string is escaped.
 * Also the notice of missed check runs.
 */
import type { ActionResult } from '../alerts/lifecycle.js';
import type { MissedRuns } from '../alerts/monitor.js';
import type { AlertNote } from '../alerts/types.js';
import type { ThreadItem } from '../alerts/views-port.js';
import { localDateTime } from '../pipeline/dates.js';
import { formatDuration } from '../util/duration-text.js';
import { mention, mentionUsergroup } from '../util/mrkdwn.js';
import { esc } from './blocks.js';

/** A snooze's end as people read it: date, time and zone. */
const until = (at: Date, tz: string) => localDateTime(at, tz, { zone: true });

function escalationText(note: Extract<AlertNote, { type: 'escalation' }>): string {
  const who = note.mention_usergroup
    ? mentionUsergroup(note.mention_usergroup)
    : (note.dm_users ?? []).map(mention).join(', ');
  const how = note.dm_users ? 'paged by direct message' : 'please take a look';
  return `:rotating_light: Escalation step ${note.step + 1}: still firing and not acknowledged — ${who} ${how}.`;
}

/** The thread reply for one recorded note; `tz` is the pipeline's zone. */
export function alertNoteText(note: AlertNote, tz: string): string {
  switch (note.type) {
    case 'resolved':
      return `:white_check_mark: Resolved after ${formatDuration(note.firingMs)}: ${esc(note.summary)}`;
    case 'firing_again':
      return `:rotating_light: Firing again (occurrence ${note.occurrence}): ${esc(note.summary)}`;
    case 'not_evaluated':
      return `:white_circle: Closed: the ${esc(note.check)} check no longer evaluates \`${esc(note.subject)}\` (outside its window).`;
    case 'snooze_over':
      return `:alarm_clock: Snooze over; still firing: ${esc(note.summary)}`;
    case 'reminder':
      return `:bell: Reminder: still firing after ${formatDuration(note.firingMs)} and not acknowledged. ${esc(note.summary)}`;
    case 'acknowledged':
      return `:eyes: Acknowledged by ${mention(note.by)}; reminders stop.`;
    case 'snoozed':
      return `:zzz: Snoozed by ${mention(note.by)} for ${note.hours} h, until ${until(new Date(note.until), tz)}.`;
    case 'escalation':
      return escalationText(note);
    case 'note':
      return `:memo: Note from ${mention(note.by)}: ${esc(note.text)}`;
    case 'resolved_manually':
      return `:white_check_mark: Resolved by hand by ${mention(note.by)}; it stays resolved until the check passes and fails again.`;
    case 'heal':
      return `:wrench: ${note.message}`;
    case 'heal_verified':
      return `${note.started ? ':white_check_mark:' : ':x:'} ${note.message}`;
    case 'heal_unfinished':
      return `:warning: ${note.message}`;
    case 'told':
      return note.text;
  }
}

/** The text of a thread item: a recorded note rendered now, or an old record's text as it was written. */
export function threadItemText(item: ThreadItem, tz: string): string {
  return item.kind === 'thread' ? item.text : alertNoteText(item.note, tz);
}

/** The answer to the person who acted on an alert. */
export function actionResultText(result: ActionResult, tz: string): string {
  switch (result.type) {
    case 'acknowledged':
      return 'Acknowledged. Reminders stop.';
    case 'snoozed':
      return `Snoozed until ${until(result.until, tz)}.`;
    case 'resolved_manually':
      return 'Resolved. It stays resolved until the check passes and then fails again.';
    case 'note_added':
      return 'Note added to the alert thread.';
    case 'gone':
      return 'That alert no longer exists.';
    case 'already_resolved':
      return 'That alert is already resolved.';
    case 'already_acknowledged':
      return `Already acknowledged by ${mention(result.by ?? '?')}.`;
    case 'note_empty':
      return 'The note is empty; nothing was added.';
    case 'note_too_long':
      return `The note is ${result.chars} characters; at most ${result.max}.`;
  }
}

/** The notice a bot that missed runs posts in the alert channel on its next run. */
export function missedRunsText(gap: MissedRuns, tz: string): string {
  return `:warning: No check run completed between ${localDateTime(gap.lastCompleted, tz)} and now (${gap.intervals}+ intervals): the bot was down or its schedule stopped. Checking now; alerts below are current.`;
}
