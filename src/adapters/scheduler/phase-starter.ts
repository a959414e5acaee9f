/**
 * The `scheduler_job` heal action: runs the transition's Cloud Scheduler job through a `JobTrigger`
 * (Cloud Scheduler, or local mode's simulator). Its reference is the job's resource name.
 */
import {
  HealActionError,
  type JobTrigger,
  type PhaseStart,
  type PhaseStarted,
  type PhaseStarter,
} from '../../heal/ports.js';

export class SchedulerPhaseStarter implements PhaseStarter {
  constructor(private readonly jobs: JobTrigger) {}

  async start(request: PhaseStart): Promise<PhaseStarted> {
    const a = request.action;
    if (a.kind !== 'scheduler_job') throw new HealActionError(`not a Scheduler job action: ${a.kind}`, false);
    await this.jobs.runJob({
      project: request.project,
      location: a.location,
      job: a.job,
      hint: { transition: request.transition, date: request.date },
    });
    return { ref: a.resource };
  }
}
