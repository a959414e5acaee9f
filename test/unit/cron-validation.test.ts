/**
 * Config cron validation skips loading node-cron for the shipped defaults: each default must be one
 * node-cron accepts (else the shortcut would let a bad default through), and other expressions still go to node-cron.
 */
import cron from 'node-cron';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { DEFAULT_CRONS, isValidCron } from '../../src/util/cron.js';

describe('cron validation for the config', () => {
  it('every shortcut default is valid for node-cron, and is the config default it stands for', () => {
    for (const expression of DEFAULT_CRONS) expect(cron.validate(expression)).toBe(true);
    const config = loadConfig({}, { fileExists: () => false });
    expect(new Set([config.checks.fast_cron, config.checks.warehouse_cron, config.digest.cron])).toEqual(
      new Set(DEFAULT_CRONS),
    );
  });

  it('other expressions are judged by node-cron', () => {
    expect(isValidCron('*/5 9-17 * * 1-5')).toBe(true);
    expect(isValidCron('61 * * * *')).toBe(false);
    expect(isValidCron('not a cron')).toBe(false);
  });

  it('a bad cron in the config file is refused by name', () => {
    expect(() =>
      loadConfig(
        { PIPELINE_CONFIG: 'p.yml' },
        { fileExists: () => true, readFile: () => "checks:\n  fast_cron: '99 * * * *'\n" },
      ),
    ).toThrow(/checks\.fast_cron: not a valid cron expression/);
  });
});
