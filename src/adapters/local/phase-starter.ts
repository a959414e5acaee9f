/**
 * Local mode's heal actions, all three kinds, so the demo heals whatever the config says: a Scheduler
 * job runs through the simulated job; a Pub/Sub heal appends its message to the embedded topic table
 * (`local_published`, as Replay does) and an HTTP heal is answered 200 — then the simulated orchestrator
 * advances the healed date and the next phase, as it would in production.
 */

import type { Config } from '../../config.js';
import { HealActionError, type PhaseStart, type PhaseStarted, type PhaseStarter } from '../../heal/ports.js';
import type { LocalJobTrigger } from './job-trigger.js';
import type { LocalPubSub } from './pubsub.js';

/** Why 200: what a Cloud Run orchestrator answers when it accepted the work. */
const LOCAL_HTTP_STATUS = '200';

export class LocalPhaseStarter implements PhaseStarter {
  constructor(
    private readonly config: Config,
    private readonly jobs: LocalJobTrigger,
    private readonly pubsub: LocalPubSub,
  ) {}

  async start(request: PhaseStart): Promise<PhaseStarted> {
    const a = request.action;
    if (a.kind === 'scheduler_job') {
      const hint = { transition: request.transition, date: request.date };
      await this.jobs.runJob({ project: request.project, location: a.location, job: a.job, hint });
      return { ref: a.resource };
    }
    const t = this.config.transitions.find((x) => x.id === request.transition);
    if (!t) throw new HealActionError(`local ${a.kind}: no transition ${request.transition}`, false);
    const ref =
      a.kind === 'pubsub' ? await this.pubsub.publish(a.topic, a.message, a.attributes) : LOCAL_HTTP_STATUS;
    this.jobs.advance(t, request.date);
    return { ref };
  }
}
