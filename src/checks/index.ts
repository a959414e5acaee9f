import { driftCheck } from './drift.js';
import { overdueCheck, stuckCheck } from './state-checks.js';
import type { Check } from './types.js';

/** Every check the bot runs; warehouse checks join this list as their adapters land. */
export function allChecks(): Check[] {
  return [stuckCheck, overdueCheck, driftCheck];
}
