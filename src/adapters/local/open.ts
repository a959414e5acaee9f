/**
 * Opens local mode's embedded store for a caller: the native module loaded on demand (gcp mode never
 * needs it, and says how to fix a missing one), and the completion store that runs the simulated heal
 * job's due writes before each read. Shared by the backend and the CLI's local `status`.
 */
import type { Config } from '../../config.js';
import type { Clock } from '../../ports.js';
import type { LocalBackend } from './index.js';
import { SimulatingCompletionStore } from './job-trigger.js';
import { localStoreUnavailable } from './native.js';

export async function openLocal(
  config: Config,
  clock: Clock,
): Promise<LocalBackend & { simulating: SimulatingCompletionStore }> {
  const local = await import('./index.js')
    .then(({ openLocalBackend }) => openLocalBackend(config, clock))
    .catch((err) => {
      throw localStoreUnavailable(err) ?? err;
    });
  return { ...local, simulating: new SimulatingCompletionStore(local.completions, local.db, clock) };
}
