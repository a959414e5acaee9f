/** The deployment settings `setup` and `doctor` read: SERVICE_URL, SCHEDULER_LOCATION, CLOUD_SCHEDULER_EMULATOR_HOST. */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { testConfig } from '../support/fixtures.js';

describe('deployment settings', () => {
  it('defaults: no service URL, the /tasks jobs in us-west2, no emulator', () => {
    const config = testConfig();
    expect(config.deploy).toEqual({ serviceUrl: undefined, schedulerLocation: 'us-west2' });
    expect(config.schedulerEmulatorHost).toBeUndefined();
  });

  it('SERVICE_URL loses a trailing slash; SCHEDULER_LOCATION and the emulator host are taken as given', () => {
    const config = testConfig({
      SERVICE_URL: 'https://bot-abc-uw.a.run.app/',
      SCHEDULER_LOCATION: 'europe-west1',
      CLOUD_SCHEDULER_EMULATOR_HOST: '127.0.0.1:8123',
    });
    expect(config.deploy).toEqual({
      serviceUrl: 'https://bot-abc-uw.a.run.app',
      schedulerLocation: 'europe-west1',
    });
    expect(config.schedulerEmulatorHost).toBe('127.0.0.1:8123');
  });

  it.each([
    ['SERVICE_URL', 'https://bot.example/tasks/checks', 'expected the base URL only'],
    ['SERVICE_URL', 'bot.example', 'Invalid url'],
    ['CLOUD_SCHEDULER_EMULATOR_HOST', 'http://127.0.0.1:8123', 'expected host:port'],
    ['SCHEDULER_LOCATION', 'us west', 'expected letters'],
  ])('%s=%s is refused, naming the variable', (key, value, message) => {
    expect(() => testConfig({ [key]: value })).toThrow(ConfigError);
    expect(() => testConfig({ [key]: value })).toThrow(new RegExp(`${key}: ${message}`));
  });
});
