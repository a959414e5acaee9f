/** Evidence links on every alert: URL templates with Google Cloud defaults, values encoded, left out when unknown. */
import { describe, expect, it } from 'vitest';
import { applyResult } from '../../src/alerts/lifecycle.js';
import type { AlertRecord } from '../../src/alerts/types.js';
import { evidenceLinks, expandTemplate } from '../../src/oncall/links.js';
import { alertView } from '../../src/views/alert.js';
import { checkResult } from '../support/builders.js';
import { configFromYaml, ny } from '../support/fixtures.js';

const detected = ny('2026-02-10', '11:00');

function stuckAlert(subject = 'phase2_to_phase3:2026-02-09'): AlertRecord {
  return applyResult(undefined, checkResult({ subject, summary: 'stuck' }), detected)!;
}

describe('evidence links', () => {
  const gcp = configFromYaml('links: { runbook: "https://wiki.example/runbooks/{check}#{transition}" }', {
    GOOGLE_CLOUD_PROJECT: 'nba-props',
  });

  it('Google Cloud defaults: Firestore document, logs around detection, Scheduler job, BigQuery table; runbook per check', () => {
    const links = Object.fromEntries(
      evidenceLinks(
        {
          templates: gcp.links,
          project: 'nba-props',
          dataset: 'nba_orchestration',
          transitions: gcp.transitions,
        },
        {
          check: 'stuck',
          subject: 's',
          transition: 'phase2_to_phase3',
          date: '2026-02-09',
          detectedAt: detected,
        },
      ).map((l) => [l.kind, l.url]),
    );
    expect(links.firestore).toBe(
      'https://console.cloud.google.com/firestore/databases/-default-/data/panel/phase2_completion/2026-02-09?project=nba-props',
    );
    expect(links.logs).toContain('query=%22phase2_to_phase3%22');
    expect(links.logs).toContain('timeRange=2026-02-10T15%3A30%3A00.000Z%2F2026-02-10T16%3A30%3A00.000Z');
    expect(links.scheduler).toBe(
      'https://console.cloud.google.com/cloudscheduler/jobs/edit/us-west2/same-day-phase3?project=nba-props',
    );
    expect(links.bigquery).toContain('!2snba_orchestration!3sphase_completions');
    expect(links.runbook).toBe('https://wiki.example/runbooks/stuck#phase2_to_phase3');
  });

  it('a link whose placeholders have no value is left out (local mode: no project)', () => {
    const local = configFromYaml('links: { runbook: "https://wiki.example/{check}" }');
    const view = JSON.stringify(alertView(stuckAlert(), local, detected).blocks);
    expect(view).toContain('<https://wiki.example/stuck|Runbook>');
    expect(view).not.toContain('console.cloud.google.com');
  });

  it('values are URL-encoded, so data cannot break out of the link', () => {
    expect(expandTemplate('https://x/{subject}', { subject: 'a|b> <!here>' })).toBe(
      'https://x/a%7Cb%3E%20%3C!here%3E',
    );
  });

  it('the root message shows them as one line of links', () => {
    const view = JSON.stringify(alertView(stuckAlert(), gcp, detected).blocks);
    expect(view).toContain('|Firestore document>');
    expect(view).toContain('|Orchestrator logs>');
    expect(view).toContain('|Scheduler job>');
    expect(view).toContain('|BigQuery table>');
  });
});
