/** `SANDBOX` (SPEC §10): when loadConfig turns the Slack sandbox page on. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const load = (env: Record<string, string>) => loadConfig(env, { fileExists: () => false });
const SLACK = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', ALERT_CHANNEL: 'C1' };

describe('SANDBOX', () => {
  it('is on in local mode without Slack, off with Slack credentials or the gcp backend', () => {
    expect(load({}).sandbox).toBe(true);
    expect(load(SLACK).sandbox).toBe(false);
    expect(load({ SLACK_APP_TOKEN: 'xapp-1', ...SLACK }).sandbox).toBe(false);
    expect(load({ GOOGLE_CLOUD_PROJECT: 'p' }).sandbox).toBe(false);
  });

  it('1/true forces it on, even with Slack credentials; 0/false forces it off', () => {
    expect(load({ ...SLACK, SANDBOX: '1' }).sandbox).toBe(true);
    expect(load({ GOOGLE_CLOUD_PROJECT: 'p', SANDBOX: 'true' }).sandbox).toBe(true);
    expect(load({ SANDBOX: '0' }).sandbox).toBe(false);
    expect(load({ SANDBOX: 'false' }).sandbox).toBe(false);
  });

  it('needs a listen address that loopback reaches: off by default otherwise, an error when forced', () => {
    expect(load({ HOST: '127.0.0.1' }).sandbox).toBe(true);
    expect(load({ HOST: 'localhost' }).sandbox).toBe(true);
    expect(load({ HOST: '10.1.2.3' }).sandbox).toBe(false);
    expect(() => load({ HOST: '10.1.2.3', SANDBOX: '1' })).toThrow(/SANDBOX=1: the sandbox needs HOST/);
  });

  it('any other value is an error that names the variable', () => {
    expect(() => load({ SANDBOX: 'yes' })).toThrow(ConfigError);
    expect(() => load({ SANDBOX: 'yes' })).toThrow(/SANDBOX/);
  });
});
