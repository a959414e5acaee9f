/**
 * A `/pipeline` reply from the text the user typed: parsed, executed within `limits.slash_answer_seconds`,
 * and every failure turned into a bot-written sentence. The raw error goes to the log with a short
 * reference the user sees; a timeout names the backend that did not answer.
 */
import type { Deps } from '../deps.js';
import { DeadlineError, withDeadline } from '../util/deadline.js';
import { errorRef } from '../util/error-ref.js';
import { unanswered } from '../util/probes.js';
import type { Message } from '../views/blocks.js';
import { errorView } from '../views/help.js';
import { type Caller, executeCommand } from './execute.js';
import { type Command, parseCommand } from './parse.js';

/**
 * Why: a command that changes something is not cancelled by the deadline and may still complete; say where
 * to look before trying again (a second `mute` would add a second silence).
 */
const STILL_RUNNING: Partial<Record<string, string>> = {
  mute: ' The silence may still be created: check `/pipeline mutes` before trying again',
  unmute: ' The silence may still end: check `/pipeline mutes` before trying again',
  heal: ' The heal may still run: check `/pipeline history` before trying again',
};

/** Why 1.5 s: after the deadline, how long we spend finding out which backend did not answer. */
const NAME_BACKEND_MS = 1500;

/** Why a table: a failed or late reply names the backend the command waits on (unless a probe names one). */
const BACKEND_OF: Partial<Record<Command['kind'], string>> = {
  completeness: 'BigQuery',
  status: 'Firestore',
  heal: 'Firestore',
  history: 'Firestore',
  mute: 'Firestore',
  mutes: 'Firestore',
  unmute: 'Firestore',
  trends: 'BigQuery',
};

export async function answerCommand(text: string, deps: Deps, caller: Caller): Promise<Message> {
  const cmd = parseCommand(
    text,
    deps.clock.now(),
    deps.config.timezone,
    deps.config.transitions.map((t) => t.id),
  );
  const limitMs = deps.config.limits.slash_answer_seconds * 1000;
  try {
    return await withDeadline(
      executeCommand(cmd, deps, caller),
      limitMs - NAME_BACKEND_MS,
      () => new DeadlineError('deadline'),
    );
  } catch (err) {
    const ref = errorRef();
    if (err instanceof DeadlineError) {
      const down = await unanswered(deps.probes, NAME_BACKEND_MS);
      deps.log.error(
        { ref, command: cmd.kind, backends: down },
        'slash command: no answer within the deadline',
      );
      const who = down.length ? down.join(', ') : (BACKEND_OF[cmd.kind] ?? 'a backend');
      return errorView(
        `\`${cmd.kind}\` got no answer within ${limitMs / 1000} s: ${who} did not answer.${STILL_RUNNING[cmd.kind] ?? ' Try again in a minute'} (error ${ref}).`,
      );
    }
    deps.log.error({ err, ref, command: cmd.kind }, 'slash command failed');
    const backend = BACKEND_OF[cmd.kind];
    return errorView(
      cmd.kind === 'completeness'
        ? `BigQuery did not answer: the completeness check could not run; see \`/pipeline history\` later (error ${ref}).`
        : `Sorry, \`${cmd.kind}\` failed${backend ? ` (${backend} may be unavailable)` : ''}; the error is logged as ${ref}.`,
    );
  }
}
