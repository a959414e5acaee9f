/**
 * Doctor, heal actions other than Scheduler jobs (those are in `scheduler.ts`): a `pubsub` heal's topic
 * exists and the bot may publish to it; an `http` heal's URL is https (loopback may be plain http, for
 * tests) and a Google ID token for its audience can be minted. Nothing is published or POSTed: that would
 * start a phase.
 */

import { healAudience } from '../heal/action-plan.js';
import { urlProblem } from '../heal/url.js';
import type { HttpHeal, PubSubHeal } from '../pipeline/types.js';
import { errText } from '../util/error-text.js';
import {
  type CheckGroup,
  type DoctorCheck,
  fail,
  type HealProbe,
  pass,
  skip,
  type TopicAccess,
  warn,
} from './types.js';

/** Why a constant: every check of this group carries the same group name in the report. */
const G = 'heal';

/** The verdict on a `pubsub` heal's topic from what Pub/Sub answered (or the error it threw). */
export function topicCheck(id: string, topic: string, access: TopicAccess | Error): DoctorCheck {
  const name = `heal topic ${topic.slice(topic.lastIndexOf('/') + 1)}`;
  const grant = `grant roles/pubsub.publisher on ${topic} to the bot's service account`;
  if (access instanceof Error) return fail(G, name, `${id}: ${errText(access)}`, grant);
  if (access.state === 'missing')
    return fail(
      G,
      name,
      `${id}: ${topic} does not exist`,
      `fix transitions.${id}.heal.topic, or create the topic (gcloud pubsub topics create ${topic})`,
    );
  if (access.publish === 'unchecked')
    return warn(G, name, `${id}: ${topic} exists; publish permission not checked: ${access.reason}`);
  return access.publish
    ? pass(G, name, `${id}: ${topic} exists; the bot may publish to it`)
    : fail(G, name, `${id}: ${topic} exists but the bot lacks pubsub.topics.publish on it`, grant);
}

/** The verdict on an `http` heal: its URL, then whether an ID token could be minted (`tokenError`). */
export function httpCheck(id: string, heal: HttpHeal, tokenError?: unknown): DoctorCheck {
  const name = `heal url ${heal.url}`;
  const problem = urlProblem(heal.url);
  if (problem)
    return fail(
      G,
      name,
      `${id}: ${heal.url} ${problem}`,
      `set transitions.${id}.heal.url to the orchestrator's https:// URL`,
    );
  const audience = healAudience(heal);
  if (tokenError !== undefined)
    return fail(
      G,
      name,
      `${id}: no Google ID token for audience ${audience}: ${errText(tokenError)}`,
      'run the bot as a service account (on Cloud Run its own; elsewhere GOOGLE_APPLICATION_CREDENTIALS with a service account key: user credentials cannot mint ID tokens), and grant it roles/run.invoker on the orchestrator',
    );
  return pass(G, name, `${id}: https; ID token for ${audience} minted (not sent: doctor starts no phase)`);
}

async function pubsubCheck(
  probe: HealProbe,
  project: string,
  id: string,
  heal: PubSubHeal,
): Promise<DoctorCheck> {
  const topic = `projects/${project}/topics/${heal.topic}`;
  const access = await probe
    .topicAccess(topic)
    .catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
  return topicCheck(id, topic, access);
}

async function httpHealCheck(probe: HealProbe, id: string, heal: HttpHeal): Promise<DoctorCheck> {
  // A URL that is refused gets no token: the check fails on the URL alone.
  const tokenError = urlProblem(heal.url)
    ? undefined
    : await probe.idToken(healAudience(heal)).then(
        () => undefined,
        (err: unknown) => err ?? new Error('no ID token'),
      );
  return httpCheck(id, heal, tokenError);
}

export const healActionChecks: CheckGroup = async (ctx) => {
  const heals = ctx.config.transitions.flatMap((t) =>
    t.heal && t.heal.action !== 'scheduler_job' ? [{ id: t.id, heal: t.heal }] : [],
  );
  if (!heals.length) return [];
  const probe = ctx.heals;
  if (!probe) return [skip(G, 'actions', `${ctx.config.backend} backend: heals are simulated`)];
  const out: DoctorCheck[] = [];
  for (const { id, heal } of heals) {
    out.push(
      heal.action === 'pubsub'
        ? await pubsubCheck(probe, ctx.config.project!, id, heal)
        : await httpHealCheck(probe, id, heal),
    );
  }
  return out;
};
