/**
 * How each heal action reads (Slack mrkdwn that also reads in a terminal): what it would do, what it did,
 * what it talks to. One place per kind, so the plan view and every heal outcome say it alike. Pure.
 */
import type { ActionPlan, HealEvent } from '../heal/ports.js';

/** Why: a long JSON body would drown the sentence; the full command is in the plan view and the event. */
const MAX_BODY_CHARS = 300;

const clip = (text: string): string =>
  text.length > MAX_BODY_CHARS ? `${text.slice(0, MAX_BODY_CHARS - 1)}…` : text;

function attributesText(attributes: Record<string, string>): string {
  const pairs = Object.entries(attributes).map(([k, v]) => `${k}=${v}`);
  return pairs.length ? ` and attributes \`${clip(pairs.join(', '))}\`` : '';
}

/** What the action does, as a verb phrase: "run `gcloud …`", "publish to topic `t` the message `{…}`". */
export function actionPhrase(a: ActionPlan, command: string): string {
  switch (a.kind) {
    case 'scheduler_job':
      return `run \`${command}\``;
    case 'pubsub':
      return `publish to topic \`${a.topic}\` the message \`${clip(a.message)}\`${attributesText(a.attributes)}${a.ordering_key ? ` (ordering key \`${a.ordering_key}\`)` : ''}`;
    case 'http':
      return `POST to ${a.url} (Google ID token for ${a.audience}) the body \`${clip(a.body)}\``;
  }
}

/** The triggered phrase: "ran `job` (region)", "published message 123 to `topic`", "POSTed to url (HTTP 202)". */
export function didDo(a: ActionPlan, ref: string | null): string {
  switch (a.kind) {
    case 'scheduler_job':
      return `ran \`${a.job}\` (${a.location})`;
    case 'pubsub':
      return `published message ${ref ?? '(no id)'} to \`${a.topic}\``;
    case 'http':
      return `POSTed to ${a.url} (HTTP ${ref ?? '?'})`;
  }
}

/** The subject of a failure: "Cloud Scheduler job `j` (region)", "Publishing to `topic`", "POST to url". */
export function actionSubject(a: ActionPlan): string {
  switch (a.kind) {
    case 'scheduler_job':
      return `Cloud Scheduler job \`${a.job}\` (${a.location})`;
    case 'pubsub':
      return `Publishing to \`${a.topic}\``;
    case 'http':
      return `POST to ${a.url}`;
  }
}

/** What an ambiguous failure may still have reached. */
export function actionTarget(kind: HealEvent['action']): string {
  switch (kind) {
    case 'pubsub':
      return 'Pub/Sub';
    case 'http':
      return 'the orchestrator';
    default:
      return 'Cloud Scheduler';
  }
}

/** Recovery: why a heal left `requested` may or may not have started the phase. */
export function interruptedText(e: Pick<HealEvent, 'action' | 'job_name'>): string {
  switch (e.action) {
    case 'pubsub':
      return 'the bot stopped around publishing the trigger message, so it may or may not have been published';
    case 'http':
      return 'the bot stopped around the POST to the orchestrator, so it may or may not have been received';
    default:
      return `the bot stopped around the Cloud Scheduler call, so \`${e.job_name}\` may or may not have run`;
  }
}

/** Verification: what may have happened without effect. */
export function noEffectText(e: Pick<HealEvent, 'action' | 'job_name'>): string {
  switch (e.action) {
    case 'pubsub':
      return 'The trigger message may have been published without effect';
    case 'http':
      return 'The orchestrator may have accepted the POST without effect';
    default:
      return `The job \`${e.job_name}\` may have run without effect`;
  }
}
