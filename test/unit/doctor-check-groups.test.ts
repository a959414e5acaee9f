/**
 * The doctor's check groups over fake ports (what the integration test cannot cheaply provoke): an
 * unreadable Firestore, a group that throws, the local backend, and `/pipeline doctor` only for users
 * allowed to heal, rendered within Slack's limits.
 */
import { describe, expect, it } from 'vitest';
import { executeCommand } from '../../src/commands/execute.js';
import type { Deps } from '../../src/deps.js';
import { runDoctor } from '../../src/doctor/index.js';
import { REQUIRED_SLACK_SCOPES } from '../../src/doctor/slack-scopes.js';
import type { DoctorContext, DoctorReport, SlackProbe } from '../../src/doctor/types.js';
import { doctorView } from '../../src/views/doctor.js';
import { testConfig } from '../support/fixtures.js';

const NOW = new Date('2026-02-10T20:00:00.000Z');
const okSlack: SlackProbe = {
  authTest: async () => ({ teamId: 'T1', scopes: [...REQUIRED_SLACK_SCOPES] }),
  channelAccess: async () => {},
};
const slackEnv = {
  SLACK_BOT_TOKEN: 'x',
  SLACK_SIGNING_SECRET: 's',
  ALERT_CHANNEL: 'C1',
  SLACK_TEAM_ID: 'T1',
};

function ctx(over: Partial<DoctorContext> = {}, env: Record<string, string> = slackEnv): DoctorContext {
  return { config: testConfig(env), now: NOW, slack: okSlack, tables: [], ...over };
}

describe('doctor check groups', () => {
  it('local backend: Slack is checked, the Google Cloud groups are skipped (–), exit code 0', async () => {
    const report = await runDoctor(ctx());
    expect(report.ok).toBe(true);
    expect(report.checks.filter((c) => c.verdict === 'skip').map((c) => c.group)).toEqual([
      'firestore',
      'bigquery',
      'scheduler',
    ]);
  });

  it('Firestore that refuses the read is a ✘ naming the documents, the error and the role to grant', async () => {
    const denied = new Error('7 PERMISSION_DENIED: Missing or insufficient permissions.');
    const report = await runDoctor(
      ctx(
        { completions: { getMany: async () => Promise.reject(denied), ping: async () => {} } },
        { ...slackEnv, GOOGLE_CLOUD_PROJECT: 'p1' },
      ),
    );
    const firestore = report.checks.find((c) => c.group === 'firestore')!;
    expect(firestore.verdict).toBe('fail');
    expect(firestore.detail).toContain('phase2_completion/2026-02-09');
    expect(firestore.detail).toContain('PERMISSION_DENIED');
    expect(firestore.fix).toContain('roles/datastore.user');
    expect(report.ok).toBe(false);
  });

  it('a group that throws becomes a failure of its own; the other groups still run', async () => {
    const report = await runDoctor(ctx({ slack: { ...okSlack, authTest: async () => undefined as never } }));
    const slack = report.checks.find((c) => c.group === 'slack')!;
    expect(slack).toMatchObject({ verdict: 'fail', name: 'checks' });
    expect(slack.detail).toMatch(/^could not run: /);
    expect(report.checks.some((c) => c.group === 'scheduler')).toBe(true);
    expect(report.ok).toBe(false);
  });

  it('a group whose backend never answers fails on its deadline; the others still report, in order', async () => {
    const hung = new Promise<never>(() => {});
    const report = await runDoctor(
      ctx(
        { completions: { getMany: () => hung, ping: () => hung } },
        { ...slackEnv, GOOGLE_CLOUD_PROJECT: 'p1' },
      ),
      50,
    );
    const firestore = report.checks.find((c) => c.group === 'firestore')!;
    expect(firestore).toMatchObject({ verdict: 'fail', name: 'checks' });
    expect(firestore.detail).toBe('could not run: no answer within 0.05 s');
    expect(firestore.fix).toContain('slow or unreachable');
    const groups = [...new Set(report.checks.map((c) => c.group))];
    expect(groups.indexOf('slack')).toBeLessThan(groups.indexOf('firestore'));
    expect(groups.indexOf('firestore')).toBeLessThan(groups.indexOf('bigquery'));
    expect(report.ok).toBe(false);
  });

  it('a channel check that fails names the channel and the error', async () => {
    const failing = { ...okSlack, channelAccess: () => Promise.reject(new TypeError('boom')) };
    const report = await runDoctor(ctx({ slack: failing }));
    const channel = report.checks.find((c) => c.name === 'alert + digest channel');
    expect(channel).toMatchObject({ verdict: 'fail', detail: 'C1: boom' });
  });

  it('without a Slack token the Slack group fails with how to get one', async () => {
    const report = await runDoctor(ctx({ slack: undefined }, {}));
    expect(report.checks.find((c) => c.group === 'slack')).toMatchObject({ verdict: 'fail', name: 'token' });
  });
});

describe('/pipeline doctor', () => {
  const report: DoctorReport = {
    ok: false,
    checks: Array.from({ length: 80 }, (_, i) => ({
      group: 'bigquery',
      name: `query q${i}`,
      verdict: i % 2 ? 'pass' : 'fail',
      detail: `<!channel> detail ${'x'.repeat(60)}`,
      fix: 'run `pipeline-bot setup`',
    })),
  };
  const deps = (allowed: boolean, runs: { n: number }) =>
    ({
      doctor: async () => {
        runs.n++;
        return report;
      },
      heal: { canHeal: async (user: string) => allowed && user === 'U1' },
    }) as unknown as Deps;

  it('answers users allowed to heal with the report, within Slack limits and escaped', async () => {
    const runs = { n: 0 };
    const message = await executeCommand({ kind: 'doctor' }, deps(true, runs), {
      userId: 'U1',
      source: 'slash',
    });
    expect(runs.n).toBe(1);
    expect(message.text).toBe('pipeline-bot doctor: 40 of 80 checks failed.');
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    const texts = message.blocks.flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : []));
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(3000);
    expect(texts.join('\n')).toContain('✘ *bigquery · query q0*: &lt;!channel&gt; detail');
    expect(texts.join('\n')).not.toContain('<!channel>');
  });

  it('refuses everyone else without running the checks', async () => {
    const runs = { n: 0 };
    const message = await executeCommand({ kind: 'doctor' }, deps(false, runs), {
      userId: 'U2',
      source: 'slash',
    });
    expect(runs.n).toBe(0);
    expect(message.text).toContain('for users allowed to heal');
  });

  it('renders every check of a short report', () => {
    const view = doctorView({
      ok: true,
      checks: [{ group: 'slack', name: 'scopes', verdict: 'pass', detail: 'granted' }],
    });
    expect(view.text).toBe('pipeline-bot doctor: All 1 checks passed.');
  });
});
