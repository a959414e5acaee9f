/** Executes the on-call commands (mute, mutes, unmute, routes; CLI ack, snooze) and returns a view. */

import { type ActionOutcome, acknowledge, newId, snooze } from '../alerts/lifecycle.js';
import { alertFacts } from '../alerts/oncall-tick.js';
import type { Deps } from '../deps.js';
import { matches } from '../oncall/matchers.js';
import { chooseRoute } from '../oncall/routes.js';
import { severityOf } from '../oncall/severity.js';
import { isLive, type Silence } from '../oncall/silences.js';
import { quoteInput } from '../util/mrkdwn.js';
import { actionResultText } from '../views/alert-notes.js';
import { type Message, section } from '../views/blocks.js';
import { errorView } from '../views/help.js';
import { muteAnnouncement, muteCreatedView, routesView, silencesView, unmuteView } from '../views/oncall.js';
import type { Caller } from './caller.js';
import type { MuteCommand, OncallCommand, RoutesCommand } from './oncall-parse.js';

export async function executeOncall(cmd: OncallCommand, deps: Deps, caller: Caller): Promise<Message> {
  const now = deps.clock.now();
  const tz = deps.config.timezone;
  const channel = deps.config.channels.alerts ?? 'alerts';
  switch (cmd.kind) {
    case 'mute':
      return muteAnswer(cmd, deps, caller);
    case 'mutes': {
      const live = (await deps.silences.listUnsummarized()).filter((s) => isLive(s, now));
      return silencesView(live, tz);
    }
    case 'unmute': {
      const before = await deps.silences.get(cmd.id);
      const after = await deps.silences.end(cmd.id, caller.userId, now);
      return unmuteView(cmd.id, before, after, now, tz);
    }
    case 'routes':
      return routesAnswer(cmd, deps, channel);
    case 'ack':
    case 'snooze': {
      if (caller.source !== 'cli') {
        return errorView(`\`${cmd.kind}\` is for the CLI; in Slack use the alert's buttons.`);
      }
      const outcome = deps.alerts
        ? cmd.kind === 'ack'
          ? await deps.alerts.acknowledge(cmd.alert, caller.userId)
          : await deps.alerts.snooze(cmd.alert, caller.userId, cmd.hours)
        : await recordOnly(deps, cmd, caller.userId);
      return outcome.ok
        ? { text: outcome.message, blocks: [section(outcome.message)] }
        : errorView(outcome.message);
    }
  }
}

/** Creates the silence, announces it in the alert channel, and says how many open alerts it covers. */
async function muteAnswer(cmd: MuteCommand, deps: Deps, caller: Caller): Promise<Message> {
  const tz = deps.config.timezone;
  const silence: Silence = {
    id: newId(),
    matchers: cmd.matchers,
    created_by: caller.userId,
    reason: cmd.reason,
    starts_at: deps.clock.now(),
    ends_at: cmd.endsAt,
  };
  await deps.silences.create(silence);
  const open = (await deps.alertStore.listActive()).filter(
    (a) => a.state !== 'resolved' && matches(silence.matchers, alertFacts(a, deps.config)),
  );
  // Everyone in the alert channel sees who muted what, and why (the reply itself is only for the caller).
  if (deps.alerts && deps.chat && deps.config.channels.alerts) {
    const note = muteAnnouncement(silence, tz);
    await deps.chat
      .post({ channel: deps.config.channels.alerts, text: note.text, blocks: note.blocks })
      .catch((err) => deps.log.warn({ err, silence: silence.id }, 'could not announce a silence'));
  }
  return muteCreatedView(silence, open.length, tz);
}

/** Where each open alert goes, and where a probe (`routes check=… transition=…`) would go. */
async function routesAnswer(cmd: RoutesCommand, deps: Deps, channel: string): Promise<Message> {
  const probe = cmd.probe
    ? {
        check: cmd.probe.check ?? '',
        subject: cmd.probe.subject ?? '',
        transition: cmd.probe.transition,
        severity:
          (cmd.probe.severity as ReturnType<typeof severityOf> | undefined) ??
          severityOf(deps.config.checks, cmd.probe.check ?? '', cmd.probe.transition),
      }
    : undefined;
  const open = (await deps.alertStore.listActive()).filter((a) => a.state !== 'resolved');
  return routesView({
    routes: deps.config.routes,
    defaultChannel: channel,
    probe: probe && { facts: probe, choice: chooseRoute(deps.config.routes, channel, probe) },
    open: open.map((a) => ({
      fingerprint: a.fingerprint,
      choice: chooseRoute(deps.config.routes, channel, alertFacts(a, deps.config)),
    })),
  });
}

/**
 * The CLI has no chat: the action is recorded on the alert (with its thread notes in the outbox) and the
 * running bot delivers them on its next tick.
 */
async function recordOnly(
  deps: Deps,
  cmd: Extract<OncallCommand, { kind: 'ack' | 'snooze' }>,
  user: string,
): Promise<{ ok: boolean; message: string }> {
  const now = deps.clock.now();
  let outcome: ActionOutcome | undefined;
  await deps.alertStore.update(cmd.alert, (cur) => {
    if (!cur) return undefined;
    outcome = cmd.kind === 'ack' ? acknowledge(cur, user, now) : snooze(cur, user, cmd.hours, now);
    return outcome.ok ? outcome.record : undefined;
  });
  if (!outcome) return { ok: false, message: `No alert \`${quoteInput(cmd.alert)}\`.` };
  const message = actionResultText(outcome.result, deps.config.timezone);
  return outcome.ok
    ? { ok: true, message: `${message} (the bot posts it on its next run)` }
    : { ok: false, message };
}
