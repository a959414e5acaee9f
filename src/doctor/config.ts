/** Doctor: the configuration (environment + YAML) loads and validates. */
import type { Config } from '../config.js';
import { type DoctorCheck, fail, pass } from './types.js';

export function configCheck(config: Config): DoctorCheck {
  const file = config.configPath ?? 'built-in defaults (no pipeline.yml)';
  const where = config.project ? `project ${config.project}` : 'no GOOGLE_CLOUD_PROJECT';
  return pass('config', 'valid', `${file}; ${config.backend} backend, ${where}; Slack ${config.slackMode}`);
}

/** `loadConfig` refused the configuration: nothing else can be checked. */
export function configFailure(message: string): DoctorCheck {
  return fail(
    'config',
    'valid',
    message,
    'fix the named field(s) in the environment or PIPELINE_CONFIG, then re-run',
  );
}
