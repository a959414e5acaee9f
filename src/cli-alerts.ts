/**
 * `pipeline-bot ack <alert>` and `pipeline-bot snooze <alert> <hours>` (SPEC §10, CLI only): the same
 * lifecycle actions as the alert's buttons, by fingerprint (e.g. `stuck:phase2_to_phase3:2026-02-09`),
 * so local mode can exercise the whole lifecycle. Exit 0 done, 1 refused (no such open alert), 2 usage.
 */
import type { Deps } from './deps.js';

/** Why a week: a longer silence is a mute (a config change), not a snooze. */
export const MAX_SNOOZE_HOURS = 168;
/** Why: enough open alerts to pick from without flooding the terminal. */
const LISTED_ALERTS = 20;

/** Why two lines: the usage error names only the command that was mistyped (`ack` or `snooze`). */
export const ALERT_USAGE = ['ack <alert>', 'snooze <alert> <hours>'];

type Out = (line: string) => void;

async function openFingerprints(deps: Deps): Promise<string[]> {
  return (await deps.alertStore.listActive()).filter((a) => a.state !== 'resolved').map((a) => a.fingerprint);
}

export async function alertCommand(
  cmd: 'ack' | 'snooze',
  args: string[],
  deps: Deps,
  user: string,
  io: { out: Out; err: Out },
): Promise<number> {
  const [fingerprint, hoursText, ...extra] = args;
  const wanted = cmd === 'ack' ? 1 : 2;
  if (!fingerprint || args.length !== wanted || extra.length) {
    io.err(`pipeline-bot: usage: pipeline-bot ${cmd === 'ack' ? ALERT_USAGE[0] : ALERT_USAGE[1]}`);
    return 2;
  }
  const hours = Number(hoursText);
  if (cmd === 'snooze' && !(/^\d{1,3}$/.test(hoursText ?? '') && hours >= 1 && hours <= MAX_SNOOZE_HOURS)) {
    io.err(`pipeline-bot: snooze takes 1 to ${MAX_SNOOZE_HOURS} hours, not "${hoursText}".`);
    return 2;
  }
  if (!deps.alerts) {
    io.err('pipeline-bot: alerts are not enabled (no alert channel configured).');
    return 2;
  }
  const open = await openFingerprints(deps);
  if (!open.includes(fingerprint)) {
    const list = open.length
      ? `Open alerts:\n${open
          .slice(0, LISTED_ALERTS)
          .map((f) => `  ${f}`)
          .join('\n')}`
      : 'There are no open alerts.';
    io.err(`pipeline-bot: no open alert "${fingerprint}". ${list}`);
    return 1;
  }
  const outcome =
    cmd === 'ack'
      ? await deps.alerts.acknowledge(fingerprint, user)
      : await deps.alerts.snooze(fingerprint, user, hours);
  (outcome.ok ? io.out : io.err)(`${fingerprint}: ${outcome.message}`);
  return outcome.ok ? 0 : 1;
}
