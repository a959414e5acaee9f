/**
 * What a listener answers when its one service call cannot run or did not answer: a value that does not
 * decode, a feature this bot does not have, a backend that failed (always with its error reference).
 */

/** Why one table: every listener answers these cases in the same words, and tests read them from here. */
export const LISTENER_REPLIES = {
  badButton: 'That button is not valid any more (bad value).',
  badSnooze: 'That snooze option is not valid (bad value).',
  badMenu: 'That menu option is not valid (bad value).',
  badHealButton: 'That heal button is not valid (bad value); nothing was run.',
  alertsOff: 'Alerts are not enabled on this bot.',
  healsOff: 'Heals are not enabled on this bot.',
  dlqOff: 'Dead-letter queues are not watched by this bot.',
  alertGone: 'That alert no longer exists.',
  formGone: 'This form is not valid any more.',
  noteEmpty: 'Write a note first.',
  healCancelled: 'Heal cancelled; nothing was run.',
} as const;

/** Acknowledge or snooze got no answer from the alert store. */
export function alertStoreSilent(action: 'acknowledged' | 'snoozed', ref: string): string {
  return `Sorry, the alert could not be ${action} (the alert store did not answer); try again in a minute (error ${ref}).`;
}

/** A DLQ button got no confirmation from the store. */
export function dlqStoreSilent(ref: string): string {
  return `Sorry, no confirmation came back (the store did not answer); check \`/pipeline dlq\` before trying again (error ${ref}).`;
}

/** An alert menu action failed. */
export function menuFailed(ref: string): string {
  return `Sorry, that did not work (error ${ref}); try again in a minute.`;
}

/** A heal click failed before it could say what happened. */
export function healFailed(ref: string): string {
  return `Sorry, the heal failed unexpectedly (error ${ref} in the log). Check \`/pipeline history\` before trying again.`;
}

/** The note modal's note could not be added. */
export function noteFailed(ref: string): string {
  return `Sorry, the note could not be added (error ${ref}).`;
}

/** The mute modal's silence could not be created — or, when the store was only slow, may still be. */
export function muteFailed(ref: string, slow = false): string {
  return slow
    ? `The silence store did not answer in time (error ${ref}); the silence may still be created: check \`/pipeline mutes\` before trying again.`
    : `Sorry, the silence could not be created (error ${ref}); try \`/pipeline mute\`.`;
}
