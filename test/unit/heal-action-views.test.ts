/**
 * The heal button's confirm dialog and the heal plan (dry run, confirmation) say which action will run:
 * the Scheduler job, the topic and message, or the URL and body — within Slack's limits.
 */

import { describe, expect, it } from 'vitest';
import type { ActionPlan } from '../../src/heal/ports.js';
import type { HealPlan } from '../../src/heal/service.js';
import { healPlanView } from '../../src/views/heal.js';
import { healConfirmDialog } from '../../src/views/status.js';
import { healPlan } from '../support/builders.js';

const plan = (action: ActionPlan, command: string): HealPlan =>
  healPlan({ date: '2026-11-28', action, trigger_command: command });

describe('heal action in views', () => {
  it('the confirm dialog names the action of each kind, under 300 characters', () => {
    const scheduler = healConfirmDialog(
      { action: 'scheduler_job', job: 'same-day-phase3', location: 'us-west2', label: 'Trigger Phase 3' },
      'phase2_to_phase3',
      '2026-11-30',
    );
    expect(scheduler.text.text).toBe(
      '*Trigger Phase 3* for phase2_to_phase3 2026-11-30. This runs Cloud Scheduler job `same-day-phase3` (us-west2), which starts the next phase for its own date; it is recorded with your name.',
    );
    const pubsub = healConfirmDialog(
      {
        action: 'pubsub',
        topic: 'nba-phase3-trigger',
        message: '{}',
        attributes: {},
        label: 'Trigger Phase 3',
      },
      'phase2_to_phase3',
      '2026-11-28',
    );
    expect(pubsub.text.text).toContain(
      'This publishes the trigger message for 2026-11-28 to Pub/Sub topic `nba-phase3-trigger`',
    );
    const long = healConfirmDialog(
      { action: 'http', url: `https://o.example/${'x'.repeat(400)}`, body: '{}', timeout_ms: 1, label: 'L' },
      'phase2_to_phase3',
      '2026-11-28',
    );
    expect(long.text.text).toMatch(
      /^\*L\* for phase2_to_phase3 2026-11-28\. This POSTs 2026-11-28 to the orchestrator at https/,
    );
    expect(long.text.text.length).toBeLessThanOrEqual(300);
  });

  it('the dry run shows the topic and the filled message; the confirmation says it will publish', () => {
    const action: ActionPlan = {
      kind: 'pubsub',
      topic: 'nba-phase3-trigger',
      message: '{"game_date": "2026-11-28"}',
      attributes: { game_date: '2026-11-28' },
    };
    const dry = healPlanView(plan(action, 'gcloud pubsub topics publish …'), { confirm: false });
    const shown = JSON.stringify(dry.blocks);
    expect(shown).toContain(
      'would publish to topic `nba-phase3-trigger` the message `{\\"game_date\\": \\"2026-11-28\\"}`',
    );
    expect(shown).toContain('*Publish to*');
    expect(shown).toContain('*Attributes*');
    const confirm = healPlanView(plan(action, 'gcloud pubsub topics publish …'), { confirm: true });
    expect(JSON.stringify(confirm.blocks)).toContain('will publish to topic `nba-phase3-trigger`');
  });

  it('an http plan shows the URL, the audience and the body', () => {
    const action: ActionPlan = {
      kind: 'http',
      url: 'https://o.example/run',
      audience: 'https://o.example',
      body: '{"game_date": "2026-11-28"}',
      timeout_ms: 30_000,
    };
    const shown = JSON.stringify(healPlanView(plan(action, 'curl …'), { confirm: false }).blocks);
    expect(shown).toContain(
      'would POST to https://o.example/run (Google ID token for https://o.example) the body',
    );
    expect(shown).toContain('*POST to*');
    expect(shown).toContain('*Body*');
  });
});
