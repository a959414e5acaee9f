/**
 * A transition's heal action for one date (pure): the config's block with `{date}` filled in, and the
 * equivalent command an engineer could run by hand (recorded as the event's `trigger_command`).
 */
import type { HealAction, HttpHeal, IsoDate } from '../pipeline/types.js';
import type { ActionPlan, HealEvent } from './ports.js';
import { fillAll, fillDate } from './template.js';

/** `gcloud scheduler jobs run …`: what the first release recorded for every heal. */
export function triggerCommand(job: string, location: string): string {
  return `gcloud scheduler jobs run ${job} --location=${location}`;
}

/** One shell word: single-quoted unless it is plainly safe (the config is the operator's, this is display). */
function shellWord(text: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(text) ? text : `'${text.split("'").join(`'\\''`)}'`;
}

/** The ID token's audience of an `http` heal: the configured one, else its URL. */
export function healAudience(heal: HttpHeal): string {
  return heal.audience ?? heal.url;
}

export function actionPlan(heal: HealAction, project: string, date: IsoDate): ActionPlan {
  switch (heal.action) {
    case 'scheduler_job':
      return {
        kind: 'scheduler_job',
        job: heal.job,
        location: heal.location,
        resource: `projects/${project}/locations/${heal.location}/jobs/${heal.job}`,
      };
    case 'pubsub':
      return {
        kind: 'pubsub',
        topic: heal.topic,
        message: fillDate(heal.message, date),
        attributes: fillAll(heal.attributes, date),
        ...(heal.ordering_key ? { ordering_key: fillDate(heal.ordering_key, date) } : {}),
      };
    case 'http':
      return {
        kind: 'http',
        url: heal.url,
        audience: healAudience(heal),
        body: fillDate(heal.body, date),
        timeout_ms: heal.timeout_ms,
      };
  }
}

/** The command that does by hand what the action does. */
export function actionCommand(a: ActionPlan): string {
  switch (a.kind) {
    case 'scheduler_job':
      return triggerCommand(a.job, a.location);
    case 'pubsub': {
      const attrs = Object.entries(a.attributes).map(([k, v]) => ` --attribute=${shellWord(`${k}=${v}`)}`);
      const ordering = a.ordering_key ? ` --ordering-key=${shellWord(a.ordering_key)}` : '';
      return `gcloud pubsub topics publish ${a.topic} --message=${shellWord(a.message)}${attrs.join('')}${ordering}`;
    }
    case 'http':
      return `curl -X POST -H "Authorization: Bearer $(gcloud auth print-identity-token --audiences=${shellWord(a.audience)})" -H 'Content-Type: application/json' -d ${shellWord(a.body)} ${shellWord(a.url)}`;
  }
}

/** The event fields an action fills before it runs (the Scheduler job's name and region for that kind). */
export function actionFields(
  a: ActionPlan,
): Pick<HealEvent, 'action' | 'job_name' | 'location' | 'trigger_command'> {
  return {
    action: a.kind,
    job_name: a.kind === 'scheduler_job' ? a.job : null,
    location: a.kind === 'scheduler_job' ? a.location : null,
    trigger_command: actionCommand(a),
  };
}
