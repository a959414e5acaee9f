/**
 * `transitions.<id>.heal.action` (SPEC §10): the three kinds load with their defaults, bad blocks stop
 * start-up naming the field, and `{date}` templates are filled by plain replacement.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { actionCommand, actionPlan } from '../../src/heal/action-plan.js';
import { fillAll, fillDate, templateProblem } from '../../src/heal/template.js';

const withHeal = (heal: string) =>
  loadConfig(
    { PIPELINE_CONFIG: 'p.yml' },
    {
      cwd: '/x',
      fileExists: () => true,
      readFile: () =>
        `transitions:\n  phase2_to_phase3:\n    collection: phase2_completion\n    heal: ${heal}\n`,
    },
  ).transitions[0]!.heal;

describe('heal action config', () => {
  it('without `action` a heal block is a Scheduler job, as before', () => {
    expect(withHeal('{ job: same-day-phase3, location: us-west2, label: Trigger Phase 3 }')).toEqual({
      action: 'scheduler_job',
      job: 'same-day-phase3',
      location: 'us-west2',
      label: 'Trigger Phase 3',
    });
    const defaults = loadConfig({}, { fileExists: () => false });
    expect(defaults.transitions.map((t) => t.heal?.action)).toEqual(['scheduler_job', 'scheduler_job']);
  });

  it('pubsub: topic, message template (string or map), attributes, ordering key; default message', () => {
    expect(
      withHeal(
        `{ action: pubsub, topic: nba-phase3-trigger, label: Trigger Phase 3, message: '{"game_date": "{date}", "trigger_reason": "manual_heal"}', attributes: { game_date: "{date}", source: pipeline-bot }, ordering_key: "phase3-{date}" }`,
      ),
    ).toEqual({
      action: 'pubsub',
      topic: 'nba-phase3-trigger',
      message: '{"game_date": "{date}", "trigger_reason": "manual_heal"}',
      attributes: { game_date: '{date}', source: 'pipeline-bot' },
      ordering_key: 'phase3-{date}',
      label: 'Trigger Phase 3',
    });
    expect(
      withHeal(
        '{ action: pubsub, topic: nba-phase3-trigger, label: L, message: { game_date: "{date}", n: 1 } }',
      ),
    ).toMatchObject({ message: '{"game_date":"{date}","n":1}', attributes: {} });
    expect(withHeal('{ action: pubsub, topic: nba-phase3-trigger, label: L }')).toMatchObject({
      message: '{"game_date": "{date}", "trigger_reason": "manual_heal"}',
    });
  });

  it('http: url, body template, audience defaulting to the url, timeout', () => {
    expect(
      withHeal('{ action: http, url: "https://phase3-orch-abc-uw.a.run.app/start", label: Trigger Phase 3 }'),
    ).toEqual({
      action: 'http',
      url: 'https://phase3-orch-abc-uw.a.run.app/start',
      body: '{"game_date": "{date}", "trigger_reason": "manual_heal"}',
      timeout_ms: 30_000,
      label: 'Trigger Phase 3',
    });
  });

  it.each([
    [
      '{ action: cron, label: L }',
      /transitions\.phase2_to_phase3\.heal\.action: Invalid discriminator value/,
    ],
    ['{ action: pubsub, label: L }', /transitions\.phase2_to_phase3\.heal\.topic: Required/],
    ['{ action: pubsub, topic: "a/b", label: L }', /heal\.topic: expected a Pub\/Sub name/],
    [
      `{ action: pubsub, topic: nba-phase3-trigger, label: L, message: '{"game_date": "{date}"' }`,
      /heal\.message: must be valid JSON once \{date\} is replaced/,
    ],
    [
      `{ action: pubsub, topic: nba-phase3-trigger, label: L, message: '{"game_date": "2026-01-01"}' }`,
      /heal\.message: must contain \{date\}/,
    ],
    [
      '{ action: pubsub, topic: nba-phase3-trigger, label: L, attributes: { googfoo: x } }',
      /heal\.attributes\.googfoo: keys starting with "goog" are reserved/,
    ],
    ['{ action: pubsub, topic: t-1, label: L, job: j }', /heal: unknown key\(s\) "job"/],
    ['{ action: http, url: "ftp://x.example/run", label: L }', /heal\.url: is not https/],
    ['{ action: http, url: "http://orchestrator.example/run", label: L }', /heal\.url: is not https/],
    [
      `{ action: http, url: "https://x.example/run", label: L, body: '{"d": {date}}' }`,
      /heal\.body: must be valid JSON once \{date\} is replaced/,
    ],
    ['{ action: scheduler_job, job: j, label: L }', /heal\.location: Required/],
  ])('%s is refused naming the field', (heal, message) => {
    expect(() => withHeal(heal)).toThrow(message);
  });
});

describe('templates', () => {
  it('replaces every {date}, literally, and nothing else', () => {
    expect(fillDate('{"d": "{date}", "again": "{date}", "other": "{dates} {Date} $& {"}', '2026-11-30')).toBe(
      '{"d": "2026-11-30", "again": "2026-11-30", "other": "{dates} {Date} $& {"}',
    );
    expect(fillAll({ a: '{date}', b: 'x' }, '2026-11-30')).toEqual({ a: '2026-11-30', b: 'x' });
  });

  it('a template must name {date} and be JSON once filled', () => {
    expect(templateProblem('{"game_date": "{date}"}')).toBeUndefined();
    expect(templateProblem('{"game_date": "x"}')).toBe('must contain {date}');
    expect(templateProblem('{"game_date": {date}}')).toMatch(/^must be valid JSON/);
  });

  it('the action plan fills the date; the command by hand says the same', () => {
    const heal = withHeal(
      `{ action: pubsub, topic: nba-phase3-trigger, label: L, attributes: { game_date: "{date}" }, ordering_key: "k-{date}" }`,
    )!;
    const plan = actionPlan(heal, 'nba-props', '2026-11-28');
    expect(plan).toEqual({
      kind: 'pubsub',
      topic: 'nba-phase3-trigger',
      message: '{"game_date": "2026-11-28", "trigger_reason": "manual_heal"}',
      attributes: { game_date: '2026-11-28' },
      ordering_key: 'k-2026-11-28',
    });
    expect(actionCommand(plan)).toBe(
      `gcloud pubsub topics publish nba-phase3-trigger --message='{"game_date": "2026-11-28", "trigger_reason": "manual_heal"}' --attribute=game_date=2026-11-28 --ordering-key=k-2026-11-28`,
    );
    const http = actionPlan(
      withHeal(
        `{ action: http, url: "https://o.example/run", label: L, body: '{"d": "{date}", "q": "it''s"}' }`,
      )!,
      'p',
      '2026-11-28',
    );
    expect(http).toMatchObject({
      audience: 'https://o.example/run',
      body: `{"d": "2026-11-28", "q": "it's"}`,
    });
    expect(actionCommand(http)).toBe(
      `curl -X POST -H "Authorization: Bearer $(gcloud auth print-identity-token --audiences=https://o.example/run)" -H 'Content-Type: application/json' -d '{"d": "2026-11-28", "q": "it'\\''s"}' https://o.example/run`,
    );
  });
});
