/**
 * The doctor's verdicts on `pubsub` and `http` heals, shaped from what the probe answered: each Pub/Sub
 * answer and each URL its own ✔/⚠/✘ with the fix; the probe is never asked for a token a refused URL
 * would carry; a probe that throws is a ✘, not a crash; the local backend skips the group.
 */
import { describe, expect, it } from 'vitest';
import { httpCheck, topicCheck } from '../../src/doctor/heal-actions.js';
import { runDoctor, report as toReport } from '../../src/doctor/index.js';
import type { DoctorContext, HealProbe, TopicAccess } from '../../src/doctor/types.js';
import { urlProblem } from '../../src/heal/url.js';
import type { HealAction, HttpHeal } from '../../src/pipeline/types.js';
import { doctorLines } from '../../src/views/doctor.js';
import { testConfig } from '../support/fixtures.js';

const TOPIC = 'projects/p1/topics/nba-phase3-trigger';
const http = (url: string, audience?: string): HttpHeal => ({
  action: 'http',
  url,
  ...(audience ? { audience } : {}),
  body: '{}',
  timeout_ms: 30_000,
  label: 'Run',
});

describe('urlProblem', () => {
  it('accepts https anywhere and plain http on loopback only', () => {
    expect(urlProblem('https://phase4-abc-uw.a.run.app/start')).toBeUndefined();
    for (const local of ['http://127.0.0.1:8080/x', 'http://localhost/x', 'http://[::1]:9/x'])
      expect(urlProblem(local)).toBeUndefined();
    expect(urlProblem('http://orchestrator.example.com/start')).toMatch(/^is not https/);
    expect(urlProblem('http://127.0.0.1.example.com/')).toMatch(/^is not https/);
    expect(urlProblem('ftp://127.0.0.1/')).toMatch(/^is not https/);
    expect(urlProblem('not a url')).toBe('is not a URL');
  });
});

describe('topicCheck', () => {
  it('names the topic and, for each answer, the verdict and the fix', () => {
    const grant = `grant roles/pubsub.publisher on ${TOPIC} to the bot's service account`;
    expect(topicCheck('t1', TOPIC, { state: 'found', publish: true })).toMatchObject({
      group: 'heal',
      name: 'heal topic nba-phase3-trigger',
      verdict: 'pass',
    });
    expect(topicCheck('t1', TOPIC, { state: 'found', publish: false })).toMatchObject({
      verdict: 'fail',
      detail: `t1: ${TOPIC} exists but the bot lacks pubsub.topics.publish on it`,
      fix: grant,
    });
    const missing = topicCheck('t1', TOPIC, { state: 'missing' });
    expect(missing).toMatchObject({ verdict: 'fail', detail: `t1: ${TOPIC} does not exist` });
    expect(missing.fix).toContain('transitions.t1.heal.topic');
    const unchecked: TopicAccess = { state: 'found', publish: 'unchecked', reason: 'no IAM here' };
    expect(topicCheck('t1', TOPIC, unchecked)).toMatchObject({
      verdict: 'warn',
      detail: `t1: ${TOPIC} exists; publish permission not checked: no IAM here`,
    });
    const denied = new Error('7 PERMISSION_DENIED: caller lacks pubsub.topics.get');
    expect(topicCheck('t1', TOPIC, denied)).toMatchObject({
      verdict: 'fail',
      detail: `t1: ${denied.message}`,
      fix: grant,
    });
  });
});

describe('httpCheck', () => {
  it('fails a plain-http URL on the URL, an https one on a token that could not be minted', () => {
    expect(httpCheck('t2', http('http://orchestrator.example.com/start'))).toMatchObject({
      verdict: 'fail',
      fix: "set transitions.t2.heal.url to the orchestrator's https:// URL",
    });
    const noToken = httpCheck(
      't2',
      http('https://o.run.app/start', 'https://o.run.app'),
      new Error('no ADC'),
    );
    expect(noToken).toMatchObject({
      verdict: 'fail',
      detail: 't2: no Google ID token for audience https://o.run.app: no ADC',
    });
    expect(noToken.fix).toContain('run the bot as a service account');
    expect(httpCheck('t2', http('https://o.run.app/start'))).toMatchObject({
      verdict: 'pass',
      detail: 't2: https; ID token for https://o.run.app/start minted (not sent: doctor starts no phase)',
    });
  });
});

describe('heal action group', () => {
  const gcp = testConfig({ GOOGLE_CLOUD_PROJECT: 'p1' });
  const withHeals = (heals: HealAction[]) => ({
    ...gcp,
    transitions: gcp.transitions.map((t, i) => (heals[i] ? { ...t, heal: heals[i] } : t)),
  });
  const pubsub: HealAction = {
    action: 'pubsub',
    topic: 'nba-phase3-trigger',
    message: '{}',
    attributes: {},
    label: 'Trigger',
  };
  const run = (config: DoctorContext['config'], heals?: HealProbe) =>
    runDoctor({ config, now: new Date('2026-02-10T20:00:00Z'), tables: [], heals });

  it('asks the probe per heal; no token for a refused URL; a throwing probe is a ✘', async () => {
    const asked: string[] = [];
    const probe: HealProbe = {
      topicAccess: async (topic) => {
        asked.push(topic);
        throw new Error('14 UNAVAILABLE: no connection');
      },
      idToken: async (audience) => {
        asked.push(audience);
      },
    };
    const report = await run(withHeals([pubsub, http('http://orchestrator.example.com/start')]), probe);
    expect(asked).toEqual([TOPIC]);
    const heal = report.checks.filter((c) => c.group === 'heal');
    expect(heal.map((c) => [c.name, c.verdict])).toEqual([
      ['heal topic nba-phase3-trigger', 'fail'],
      ['heal url http://orchestrator.example.com/start', 'fail'],
    ]);
    expect(heal[0]!.detail).toContain('14 UNAVAILABLE');
    expect(report.ok).toBe(false);
  });

  it('a ⚠ keeps the report passing and is counted in the summary', async () => {
    const probe: HealProbe = {
      topicAccess: async () => ({ state: 'found', publish: 'unchecked', reason: 'emulator' }),
      idToken: async () => {},
    };
    const report = await run(withHeals([pubsub]), probe);
    const heal = report.checks.filter((c) => c.group === 'heal');
    expect(heal.map((c) => c.verdict)).toEqual(['warn']);
    const lines = doctorLines(toReport(heal));
    expect(lines[0]).toMatch(/^⚠ heal · heal topic nba-phase3-trigger: /);
    expect(lines.at(-1)).toBe('All 1 checks passed (1 not fully checked: ⚠).');
  });

  it('local backend: the group is one skip line; only Scheduler-job heals: no line at all', async () => {
    const local = testConfig();
    const localReport = await run({ ...local, transitions: withHeals([pubsub]).transitions });
    expect(localReport.checks.filter((c) => c.group === 'heal')).toMatchObject([
      { verdict: 'skip', name: 'actions' },
    ]);
    const schedulerOnly = await run(gcp, {
      topicAccess: async () => ({ state: 'missing' }),
      idToken: async () => {},
    });
    expect(schedulerOnly.checks.filter((c) => c.group === 'heal')).toEqual([]);
  });
});
