/**
 * Submissions of the alert menu's modals. Bad input is answered in the modal itself (`response_action:
 * errors`, the same messages as `/pipeline mute`); a good one closes it, runs one service call and tells
 * the user by direct message (a modal has no `response_url`).
 */
import type { App, ViewSubmitAction } from '@slack/bolt';
import { executeCommand } from '../../commands/execute.js';
import { parseCommand } from '../../commands/parse.js';
import type { Deps } from '../../deps.js';
import { errorRef } from '../../util/error-ref.js';
import { VIEW_IDS } from '../../views/action-ids.js';
import { MODAL_INPUTS } from '../../views/modals.js';
import { alertValue, decodeValue } from '../../views/values.js';
import { replyToUser, withinAnswerTime } from '../respond.js';

type Values = ViewSubmitAction['view']['state']['values'];
const read = (values: Values, ids: { block: string; action: string }) =>
  (values[ids.block]?.[ids.action]?.value ?? '').trim();
/** Modal errors are plain text: drop the mrkdwn code marks and entities of the shared parser messages. */
const plain = (message: string) =>
  message.replace(/`/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Which input a `mute` parse error is about, so Slack shows it under that box. */
function blockFor(message: string): string {
  if (/say why|reason/.test(message)) return MODAL_INPUTS.reason.block;
  if (/duration|until|how long|too long|negative|zero/.test(message)) return MODAL_INPUTS.duration.block;
  return MODAL_INPUTS.matchers.block;
}

export function registerAlertModals(app: App, deps: Deps): void {
  const tell = (user: string, text: string) =>
    replyToUser(undefined, undefined, deps.chat, user, { text }).catch((err) =>
      deps.log.warn({ err }, 'could not tell the user about a modal submission'),
    );

  app.view<ViewSubmitAction>(VIEW_IDS.note, async ({ ack, body, view }) => {
    const fp = decodeValue(alertValue, view.private_metadata)?.fp;
    const text = read(view.state.values, MODAL_INPUTS.note);
    const block = MODAL_INPUTS.note.block;
    if (!fp)
      return ack({ response_action: 'errors', errors: { [block]: 'This form is not valid any more.' } });
    if (!text) return ack({ response_action: 'errors', errors: { [block]: 'Write a note first.' } });
    await ack();
    const adding = deps.alerts?.addNote(fp, body.user.id, text);
    const outcome = await (adding && withinAnswerTime(deps, adding, 'the alert store'))?.catch((err) => {
      const ref = errorRef();
      deps.log.error({ err, ref, fingerprint: fp }, 'add note failed');
      return { ok: false as const, message: `Sorry, the note could not be added (error ${ref}).` };
    });
    if (!outcome?.ok) await tell(body.user.id, outcome?.message ?? 'Alerts are not enabled on this bot.');
  });

  app.view<ViewSubmitAction>(VIEW_IDS.mute, async ({ ack, body, view }) => {
    const v = view.state.values;
    const words = [MODAL_INPUTS.matchers, MODAL_INPUTS.duration, MODAL_INPUTS.reason].map((ids) =>
      read(v, ids),
    );
    const transitions = deps.config.transitions.map((t) => t.id);
    const cmd = parseCommand(`mute ${words.join(' ')}`, deps.clock.now(), deps.config.timezone, transitions);
    if (cmd.kind === 'error') {
      return ack({ response_action: 'errors', errors: { [blockFor(cmd.message)]: plain(cmd.message) } });
    }
    await ack();
    try {
      const reply = await executeCommand(cmd, deps, { userId: body.user.id, source: 'slash' });
      await tell(body.user.id, reply.text);
    } catch (err) {
      const ref = errorRef();
      deps.log.error({ err, ref }, 'mute from the alert menu failed');
      await tell(
        body.user.id,
        `Sorry, the silence could not be created (error ${ref}); try \`/pipeline mute\`.`,
      );
    }
  });
}
