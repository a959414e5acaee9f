/**
 * Doctor, Cloud Scheduler: each transition's heal job exists (heals run it), and the `/tasks/*` jobs exist
 * and point at this service with the OIDC token `/tasks/*` accepts.
 */
import { jobDrift, taskJobs } from '../setup/jobs.js';
import { errText } from '../util/error-text.js';
import { type CheckGroup, type DoctorCheck, fail, pass, skip } from './types.js';

/** Why a constant: every check of this group carries the same group name in the report. */
const G = 'scheduler';

async function healJobChecks(ctx: Parameters<CheckGroup>[0]): Promise<DoctorCheck[]> {
  const out: DoctorCheck[] = [];
  for (const t of ctx.config.transitions) {
    // Only Scheduler-job heals run a job; Pub/Sub and HTTP heals are checked in `heal-actions.ts`.
    if (t.heal?.action !== 'scheduler_job') continue;
    const name = `heal job ${t.heal.job}`;
    const full = `projects/${ctx.config.project}/locations/${t.heal.location}/jobs/${t.heal.job}`;
    try {
      const job = await ctx.scheduler!.getJob(full);
      out.push(
        job
          ? pass(G, name, `${t.id}: ${full} (${job.state ?? 'state unknown'})`)
          : fail(
              G,
              name,
              `${t.id}: ${full} does not exist`,
              `fix transitions.${t.id}.heal (job, location) or create the job`,
            ),
      );
    } catch (err) {
      out.push(
        fail(
          G,
          name,
          `${t.id}: ${errText(err)}`,
          "grant the bot's service account roles/cloudscheduler.jobRunner and roles/cloudscheduler.viewer",
        ),
      );
    }
  }
  return out;
}

async function taskJobChecks(ctx: Parameters<CheckGroup>[0]): Promise<DoctorCheck[]> {
  const wanted = taskJobs(ctx.config);
  if (!wanted.ok)
    return [
      fail(
        G,
        'tasks jobs',
        `not configured: ${wanted.missing.join(', ')} unset`,
        `set ${wanted.missing.join(', ')}, then run \`pipeline-bot setup\``,
      ),
    ];
  const out: DoctorCheck[] = [];
  for (const job of wanted.jobs) {
    const name = `tasks job ${job.name.split('/').pop()}`;
    try {
      const existing = await ctx.scheduler!.getJob(job.name);
      if (!existing) {
        out.push(fail(G, name, `${job.name} does not exist`, 'run `pipeline-bot setup`'));
        continue;
      }
      const drift = jobDrift(job, existing);
      out.push(
        drift.changes.length
          ? fail(
              G,
              name,
              `differs: ${drift.changes.join('; ')}`,
              'run `pipeline-bot setup` (it updates the job)',
            )
          : pass(
              G,
              name,
              `${job.http?.method} ${job.http?.uri} "${job.schedule}" (${job.timeZone}) as ${job.http?.oidc?.serviceAccountEmail}`,
            ),
      );
    } catch (err) {
      out.push(
        fail(
          G,
          name,
          errText(err),
          "grant the caller roles/cloudscheduler.viewer (the bot's service account, or you)",
        ),
      );
    }
  }
  return out;
}

export const schedulerChecks: CheckGroup = async (ctx) => {
  if (!ctx.scheduler) return [skip(G, 'jobs', `${ctx.config.backend} backend: no Cloud Scheduler`)];
  return [...(await healJobChecks(ctx)), ...(await taskJobChecks(ctx))];
};
