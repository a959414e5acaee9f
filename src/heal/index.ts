/** Builds the heal service from a backend's heal adapters (for whoever wires entry points and ticks). */
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Chat, Clock, CompletionStore } from '../ports.js';
import { HealService } from './service.js';
import type { HealServiceDeps } from './types.js';

export function createHealService(opts: {
  config: Config;
  clock: Clock;
  completions: CompletionStore;
  /** A backend's heal adapters: the log, the action adapters and (optionally) the BigQuery exporter. */
  heal: Pick<HealServiceDeps, 'healLog' | 'actions' | 'exporter'>;
  chat?: Pick<Chat, 'usergroupMembers'>;
  log?: Logger;
}): HealService {
  return new HealService({
    config: opts.config,
    clock: opts.clock,
    completions: opts.completions,
    healLog: opts.heal.healLog,
    actions: opts.heal.actions,
    exporter: opts.heal.exporter,
    chat: opts.chat,
    logger: opts.log,
  });
}

export type { HealEvent, HealSource, HealStatus } from './ports.js';
export type {
  FlushResult,
  HealOutcome,
  HealOutcomeKind,
  HealPlan,
  HealRequest,
  StaleHeal,
  VerifyOutcome,
} from './service.js';
export { HealService, nextDocDate, triggerCommand } from './service.js';
