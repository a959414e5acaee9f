/**
 * The Cloud Scheduler jobs that drive the bot on Cloud Run (pure): `POST /tasks/checks` every minute and
 * `POST /tasks/digest` on the digest cron, in the pipeline's time zone, each with a Google OIDC token for
 * the configured service account and audience (what `/tasks/*` verifies). Also compares a job as it
 * exists with the wanted one, field by field.
 */
import type { Config } from '../config.js';
import type { HttpJob, JobField } from './ports.js';

/** Why every minute: `/tasks/checks` runs only what is due, and a stuck alert must come within grace + 60 s. */
export const CHECKS_SCHEDULE = '* * * * *';
/** Why these names: one prefix groups the bot's jobs in the console and cannot collide with the heal jobs. */
export const CHECKS_JOB = 'pipeline-bot-checks';
/** Why this name: the `pipeline-bot-` prefix of CHECKS_JOB (grouped, apart from the heal jobs). */
export const DIGEST_JOB = 'pipeline-bot-digest';

export type TaskJobsResult = { ok: true; jobs: HttpJob[] } | { ok: false; missing: string[] };

/** What the task jobs need from config; names the missing settings otherwise. */
export function taskJobs(config: Config): TaskJobsResult {
  const { serviceUrl, schedulerLocation } = config.deploy;
  const { oidcServiceAccount, oidcAudience } = config.tasks;
  const missing = [
    !config.project && 'GOOGLE_CLOUD_PROJECT',
    !serviceUrl && 'SERVICE_URL',
    !oidcServiceAccount && 'TASKS_OIDC_SERVICE_ACCOUNT',
    !oidcAudience && 'TASKS_OIDC_AUDIENCE',
  ].filter((m): m is string => !!m);
  if (missing.length) return { ok: false, missing };
  const parent = `projects/${config.project}/locations/${schedulerLocation}/jobs`;
  const job = (id: string, path: string, schedule: string): HttpJob => ({
    name: `${parent}/${id}`,
    description: `pipeline-bot: POST ${path} (created by pipeline-bot setup)`,
    schedule,
    timeZone: config.timezone,
    http: {
      uri: `${serviceUrl}${path}`,
      method: 'POST',
      oidc: { serviceAccountEmail: oidcServiceAccount!, audience: oidcAudience! },
    },
  });
  return {
    ok: true,
    jobs: [
      job(CHECKS_JOB, '/tasks/checks', CHECKS_SCHEDULE),
      job(DIGEST_JOB, '/tasks/digest', config.digest.cron),
    ],
  };
}

/** Differences between an existing job and the wanted one, as "field: was → wanted", with the update mask. */
export function jobDrift(wanted: HttpJob, existing: HttpJob): { changes: string[]; fields: JobField[] } {
  const changes: string[] = [];
  const fields = new Set<JobField>();
  const compare = (label: string, field: JobField, was: unknown, want: unknown) => {
    if ((was ?? '') === (want ?? '')) return;
    changes.push(`${label}: ${JSON.stringify(was ?? null)} → ${JSON.stringify(want ?? null)}`);
    fields.add(field);
  };
  compare('schedule', 'schedule', existing.schedule, wanted.schedule);
  compare('time zone', 'time_zone', existing.timeZone, wanted.timeZone);
  compare('target', 'http_target', existing.http ? 'http' : 'not http', 'http');
  compare('uri', 'http_target', existing.http?.uri, wanted.http?.uri);
  compare('method', 'http_target', existing.http?.method, wanted.http?.method);
  compare(
    'OIDC service account',
    'http_target',
    existing.http?.oidc?.serviceAccountEmail,
    wanted.http?.oidc?.serviceAccountEmail,
  );
  compare('OIDC audience', 'http_target', existing.http?.oidc?.audience, wanted.http?.oidc?.audience);
  return { changes, fields: [...fields] };
}
