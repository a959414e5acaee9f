/** A config built from a YAML object (for the monitors' keys), without touching the file system. */
import { stringify } from 'yaml';
import { type Config, loadConfig } from '../../src/config.js';

export function configWith(file: Record<string, unknown>, env: Record<string, string> = {}): Config {
  return loadConfig(
    { DATA_DIR: '/tmp/unused', PIPELINE_CONFIG: 'pipeline.yml', ...env },
    { fileExists: () => true, readFile: () => stringify(file) },
  );
}
