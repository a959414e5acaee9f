/**
 * The operator commands of the CLI: `setup [--dry-run]` (plan, then apply; exit 0 when everything is in
 * place, 1 when something is left to fix) and `doctor` (exit 0 when every check passes, 1 otherwise).
 */
import { runDoctorOnce, setupTargets } from './adapters/ops.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { configFailure } from './doctor/config.js';
import { report } from './doctor/index.js';
import { taskJobs } from './setup/jobs.js';
import { applyPlan, planSetup } from './setup/plan.js';
import { errText } from './util/error-text.js';
import { doctorLines } from './views/doctor.js';
import { planLines } from './views/setup.js';

type Out = (line: string) => void;
type Env = Record<string, string | undefined>;

export async function doctorCommand(env: Env, out: Out, now = new Date()): Promise<number> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const line of doctorLines(report([configFailure(err.message)]))) out(line);
    return 1;
  }
  const result = await runDoctorOnce(config, now);
  for (const line of doctorLines(result)) out(line);
  return result.ok ? 0 : 1;
}

export async function setupCommand(env: Env, args: string[], out: Out): Promise<number> {
  const unknown = args.filter((a) => a !== '--dry-run');
  if (unknown.length) {
    out(`pipeline-bot setup: unknown option ${unknown.join(', ')} (use --dry-run)`);
    return 2;
  }
  const dryRun = args.includes('--dry-run');
  const config = loadConfig(env);
  if (config.backend !== 'gcp') {
    out('pipeline-bot setup: creates Google Cloud resources; set GOOGLE_CLOUD_PROJECT (gcp backend) first.');
    return 2;
  }
  const targets = await setupTargets(config);
  try {
    out(`pipeline-bot setup: plan for project ${config.project}${dryRun ? ' (dry run)' : ''}`);
    const items = await planSetup(targets);
    for (const line of planLines(items)) out(line);
    const jobs = taskJobs(config);
    if (!jobs.ok) out(`! Cloud Scheduler jobs not planned: set ${jobs.missing.join(', ')}.`);
    const incomplete = !jobs.ok || items.some((i) => i.action === 'conflict');
    if (dryRun) {
      out('Dry run: nothing was changed.');
      return incomplete ? 1 : 0;
    }
    if (!items.some((i) => i.apply)) out('Nothing to do: everything is up to date.');
    try {
      await applyPlan(items, (i) =>
        out(`✔ ${i.action === 'create' ? 'created' : 'updated'} ${i.kind} ${i.id}`),
      );
    } catch (err) {
      out(`✘ setup stopped: ${errText(err)}`);
      return 1;
    }
    return incomplete ? 1 : 0;
  } finally {
    await targets.close();
  }
}
