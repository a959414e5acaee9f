import { describe, expect, it } from 'vitest';
import { ConfigError, findTransition, loadConfig } from '../../src/config.js';

const withFile = (yaml: string, env: Record<string, string> = {}) =>
  loadConfig(
    { PIPELINE_CONFIG: 'p.yml', ...env },
    { cwd: '/x', fileExists: () => true, readFile: () => yaml },
  );

describe('loadConfig', () => {
  it('defaults to the production transitions and local mode without credentials', () => {
    const c = loadConfig({}, { fileExists: () => false });
    expect(c.backend).toBe('local');
    expect(c.slackMode).toBe('none');
    expect(c.transitions.map((t) => t.id)).toEqual(['phase2_to_phase3', 'phase3_to_phase4']);
    expect(c.transitions[0]).toMatchObject({
      collection: 'phase2_completion',
      date_offset_days: -1,
      grace_minutes: 30,
    });
    expect(c.transitions[0]?.expected_processors).toHaveLength(5);
    expect(c.heal.auto).toBe(false);
  });

  it('chooses gcp when GOOGLE_CLOUD_PROJECT is set, and env channels override the file', () => {
    const c = withFile('channels: { alerts: C1, digest: C2 }', {
      GOOGLE_CLOUD_PROJECT: 'p',
      ALERT_CHANNEL: 'C9',
    });
    expect(c.backend).toBe('gcp');
    expect(c.channels).toEqual({ alerts: 'C9', digest: 'C2' });
  });

  it('unknown keys stop startup naming the key and where it is', () => {
    expect(() =>
      withFile('transitions:\n  phase2_to_phase3:\n    collection: c\n    grace_minute: 5\n'),
    ).toThrow(/transitions\.phase2_to_phase3: unknown key\(s\) "grace_minute"/);
  });

  it('wrong types name the field', () => {
    expect(() => withFile('checks: { drift_lookback_days: "three" }')).toThrow(/checks\.drift_lookback_days/);
    expect(() => withFile('timezone: Mars/Olympus')).toThrow(/timezone: unknown IANA time zone/);
    expect(() => withFile('transitions: { a: { collection: "x; DROP" } }')).toThrow(
      /transitions\.a\.collection/,
    );
  });

  it('bad environment names the variable', () => {
    expect(() => loadConfig({ PORT: 'abc' }, { fileExists: () => false })).toThrow(/PORT/);
    expect(() => loadConfig({ PIPELINE_BACKEND: 'gcp' }, { fileExists: () => false })).toThrow(ConfigError);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' }, { fileExists: () => false })).toThrow(
      /SLACK_SIGNING_SECRET/,
    );
  });

  it('a next transition must exist; AUTO_HEAL=true turns auto-heal on', () => {
    expect(() => withFile('transitions: { a: { collection: x, next: b } }')).toThrow(
      /transitions\.a\.next: unknown transition "b"/,
    );
    expect(loadConfig({ AUTO_HEAL: 'true' }, { fileExists: () => false }).heal.auto).toBe(true);
  });

  it('pipeline.example.yml is valid and matches the built-in defaults', () => {
    const example = loadConfig({ PIPELINE_CONFIG: 'pipeline.example.yml' });
    const defaults = loadConfig({}, { fileExists: () => false });
    expect(example.transitions).toEqual(defaults.transitions);
    expect(example.checks).toEqual(defaults.checks);
  });

  it('a bad cron expression names the key', () => {
    expect(() => withFile('checks: { fast_cron: "every minute" }')).toThrow(
      /checks\.fast_cron: not a valid cron expression/,
    );
  });

  it('finds a transition by id or by the phase it starts', () => {
    const c = loadConfig({}, { fileExists: () => false });
    expect(findTransition(c, 'phase3')?.id).toBe('phase2_to_phase3');
    expect(findTransition(c, 'phase3_to_phase4')?.id).toBe('phase3_to_phase4');
    expect(findTransition(c, 'phase9')).toBeUndefined();
  });
});
