/**
 * What every step of a heal shares: the dependencies, the clock, the project of the jobs, new ids, the
 * outbox to kick after each recorded event, and times written in the pipeline's zone.
 */
import { randomUUID } from 'node:crypto';
import type { Config } from '../config.js';
import { localWhen } from '../pipeline/dates.js';
import { HealOutbox } from './outbox.js';
import type { HealServiceDeps } from './types.js';

/** Why: configuration speaks minutes (cooldown, verify window); the clock speaks milliseconds. */
export const MINUTE = 60_000;

export class HealContext {
  readonly outbox: HealOutbox;

  constructor(readonly deps: HealServiceDeps) {
    this.outbox = new HealOutbox(
      deps.healLog,
      deps.clock,
      deps.exporter,
      deps.logger,
      deps.exportInBackground !== false,
    );
  }

  get config(): Config {
    return this.deps.config;
  }

  get project(): string {
    return this.deps.project ?? this.config.project ?? 'local';
  }

  now(): Date {
    return this.deps.clock.now();
  }

  newId(): string {
    return this.deps.newId?.() ?? randomUUID();
  }

  /** A time in the pipeline's zone: the time alone today, else the date and the time. */
  fmt(at: Date): string {
    return localWhen(at, this.config.timezone, this.now());
  }
}
