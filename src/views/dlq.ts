/** Dead letters in Slack: the alert's Replay / Mark handled buttons, their outcomes, and `/pipeline dlq`. */
import type { DlqActionOutcome } from '../dlq/service.js';
import type { DlqRecord } from '../dlq/types.js';
import { excerpt, mention, quoteInput } from '../util/mrkdwn.js';
import { ACTION_IDS } from './action-ids.js';
import { button, capBlocks, context, esc, header, type Message, section } from './blocks.js';
import { encodeValue } from './values.js';

const confirm = (title: string, text: string) => ({
  title: { type: 'plain_text' as const, text: title },
  text: { type: 'mrkdwn' as const, text },
  confirm: { type: 'plain_text' as const, text: 'Yes' },
  deny: { type: 'plain_text' as const, text: 'Cancel' },
});

export function dlqButtons(subscription: string) {
  const value = encodeValue({ s: subscription });
  return [
    button('Replay', ACTION_IDS.dlqReplay, value, {
      style: 'danger' as const,
      confirm: confirm(
        'Replay dead letters?',
        `Republish every waiting message of \`${esc(subscription)}\` to its source topic (each once).`,
      ),
    }),
    button('Mark handled', ACTION_IDS.dlqMarkHandled, value, {
      confirm: confirm('Mark handled?', `Mark every waiting message of \`${esc(subscription)}\` as handled.`),
    }),
  ];
}

/** The answer to a Replay / Mark handled click (ephemeral, and a thread note when something was done). */
export function dlqOutcomeText(outcome: DlqActionOutcome, user: string): string {
  const sub = quoteInput(outcome.subscription);
  switch (outcome.kind) {
    case 'unknown':
      return `${sub} is not a configured dead-letter subscription.`;
    case 'denied':
      return `${mention(user)} is not allowed to replay or dismiss dead letters (the users allowed to heal are).`;
    case 'done': {
      const verb = outcome.how === 'replayed' ? 'replayed' : 'marked handled';
      const done = outcome.handled.length
        ? `:leftwards_arrow_with_hook: ${mention(user)} ${verb} ${outcome.handled.length} message${outcome.handled.length === 1 ? '' : 's'} of ${sub}.`
        : `Nothing to do on ${sub}: every message was already handled.`;
      const failed = outcome.failed.length
        ? ` :x: ${outcome.failed.length} could not be republished (${outcome.failed.map((f) => `${quoteInput(f.id)}: ${quoteInput(f.error)}`).join('; ')}); they stay recorded as replayed — republish them by hand.`
        : '';
      return done + failed;
    }
  }
}

/** Why 160: enough of a processor's error to recognise it; the full text is in BigQuery `dlq_messages`. */
const ERROR_CHARS = 160;
/** Why 2,900: under Slack's 3,000-character section text limit, with room for the "and N more" line. */
const SECTION_CHARS = 2900;

/** As many whole lines as fit in `max` characters, then "…and N more". */
function wholeLines(lines: string[], max: number): string {
  const kept: string[] = [];
  let size = 0;
  for (const line of lines) {
    if (size + line.length + 1 > max - 40) break;
    kept.push(line);
    size += line.length + 1;
  }
  const rest = lines.length - kept.length;
  return rest ? `${kept.join('\n')}\n…and ${rest} more (see BigQuery \`dlq_messages\`)` : kept.join('\n');
}

export function dlqListView(records: DlqRecord[]): Message {
  if (!records.length)
    return {
      text: 'No dead-lettered message recorded.',
      blocks: [section('No dead-lettered message recorded.')],
    };
  const lines = records.map((r) => {
    const state = r.handled ? `${esc(r.handled)} by ${mention(r.handled_by ?? '?')}` : '*waiting*';
    const what = [
      r.game_date ?? 'no date',
      r.processor ?? 'unknown processor',
      excerpt(r.error ?? '', ERROR_CHARS),
    ]
      .filter(Boolean)
      .map(esc)
      .join(' · ');
    return `• \`${esc(r.message_id)}\` on \`${esc(r.subscription)}\` (${r.publish_time.toISOString()}, ${r.delivery_attempt ?? '?'} attempts): ${what} — ${state}`;
  });
  return {
    text: `${records.length} recent dead-lettered messages`,
    blocks: capBlocks([
      header('Dead-lettered messages'),
      // Whole lines only (a cut mid-line can break an entity or a mention); the rest is counted.
      section(wholeLines(lines, SECTION_CHARS)),
      context('Newest first.'),
    ]),
  };
}
