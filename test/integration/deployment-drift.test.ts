/**
 * deployment_drift against a fake Cloud Run Admin API (a real gRPC server from the protos that
 * `@google-cloud/run` ships) and a fake GitHub REST API, both on loopback, through the real adapters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudRunRevisions } from '../../src/adapters/cloud-run/deployed-revisions.js';
import { GitHubCommits } from '../../src/adapters/github/commits.js';
import { deploymentDriftCheck } from '../../src/checks/deployment-drift.js';
import { runChecks } from '../../src/checks/runner.js';
import type { CheckResult } from '../../src/checks/types.js';
import type { Config } from '../../src/config.js';
import { type FakeCloudRun, startFakeCloudRun } from '../support/fake-cloud-run.js';
import { type FakeGitHub, startFakeGitHub } from '../support/fake-github.js';
import { FakeClock } from '../support/fixtures.js';
import { configWith } from '../support/monitor-config.js';

const PROJECT = 'nba-props';
const REPO = 'acme/nba-pipeline';
const NOW = new Date('2026-02-12T15:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);
const sha = (n: number) => `${String(n).padStart(2, '0')}${'c0ffee'.repeat(6)}ab`;

let cloudRun: FakeCloudRun;
let github: FakeGitHub;

beforeAll(async () => {
  [cloudRun, github] = await Promise.all([startFakeCloudRun(), startFakeGitHub(REPO, 'main')]);
});
afterAll(async () => {
  await Promise.all([cloudRun.close(), github.close()]);
});

function config(services: Array<{ name: string; group?: string; kind?: string }>): Config {
  return configWith(
    {
      deployments: {
        repo: REPO,
        branch: 'main',
        max_lag_hours: 24,
        commit_label: 'commit-sha',
        services: services.map((s) => ({ region: 'us-west2', ...s })),
      },
    },
    { CLOUD_RUN_API_ENDPOINT: cloudRun.endpoint, GITHUB_API_URL: github.url, GITHUB_TOKEN: 'ghp_fake' },
  );
}

function deploy(service: string, commit: string | undefined, where: 'label' | 'annotation' = 'label') {
  const meta: Record<string, string> = commit ? { 'commit-sha': commit } : {};
  cloudRun.setService(PROJECT, 'us-west2', service, {
    name: `${service}-00042-xyz`,
    ...(where === 'label' ? { labels: meta } : { annotations: meta }),
  });
}

async function run(cfg: Config): Promise<CheckResult[]> {
  const check = deploymentDriftCheck({
    revisions: new CloudRunRevisions({ project: PROJECT, endpoint: cfg.monitorApis.cloudRunEndpoint }),
    commits: new GitHubCommits({ apiUrl: cfg.monitorApis.githubApiUrl, token: cfg.monitorApis.githubToken }),
  });
  const results = await runChecks([check], {
    config: cfg,
    clock: new FakeClock(NOW),
    completions: { getMany: async () => [], ping: async () => {} },
    schedule: { gamesOn: async () => new Map() },
  });
  const health = results.find((r) => r.check === 'check_health')!;
  expect(health.summary).toBe('deployment_drift ran');
  return results.filter((r) => r.check === 'deployment_drift');
}

describe('deployment_drift (Cloud Run gRPC fake + GitHub fake)', () => {
  it('serving the latest commit, or one behind by less than 24 h, is ok', async () => {
    github.commits = [
      { sha: sha(1), date: hoursAgo(50) },
      { sha: sha(2), date: hoursAgo(5) },
    ];
    deploy('orch-latest', sha(2));
    deploy('orch-recent', sha(1), 'annotation');
    const [latest, recent] = await run(config([{ name: 'orch-latest' }, { name: 'orch-recent' }]));
    expect(latest).toMatchObject({ subject: 'orch-latest', status: 'ok' });
    expect(latest!.summary).toContain('the latest commit on main');
    expect(recent).toMatchObject({ subject: 'orch-recent', status: 'ok' });
    expect(recent!.summary).toContain('1 commit(s) behind');
    // Re-checked the moment the oldest undeployed commit turns 24 h old.
    expect(recent!.next_due).toEqual(new Date(hoursAgo(5).getTime() + 24 * 3_600_000 + 1));
    expect(cloudRun.calls).toContain(
      `GetRevision projects/${PROJECT}/locations/us-west2/services/orch-recent/revisions/orch-recent-00042-xyz`,
    );
    expect(github.auth.every((a) => a === 'Bearer ghp_fake')).toBe(true);
  });

  it('behind by more than 24 h fires, naming service, deployed and latest commit and the age', async () => {
    github.commits = [
      { sha: sha(1), date: hoursAgo(80) },
      { sha: sha(2), date: hoursAgo(30) },
      { sha: sha(3), date: hoursAgo(2) },
    ];
    deploy('phase3-processor', sha(1));
    const [result] = await run(config([{ name: 'phase3-processor', kind: 'function' }]));
    expect(result!.status).toBe('fail');
    expect(result!.summary).toBe(
      `phase3-processor serves ${sha(1).slice(0, 7)}, 2 commit(s) behind main (latest ${sha(3).slice(0, 7)}); the oldest undeployed commit is 30 h 0 min old (more than 24 h): a fix may be committed but not deployed.`,
    );
    expect(result!.facts).toEqual(
      expect.arrayContaining([
        { label: 'Function', value: 'phase3-processor (us-west2)' },
        { label: 'Deployed commit', value: sha(1).slice(0, 7) },
        { label: 'Revision', value: 'phase3-processor-00042-xyz' },
      ]),
    );
    expect(result!.details).toMatchObject({ deployed_commit: sha(1), latest_commit: sha(3), behind_by: 2 });
  });

  it('a group whose services serve different commits is split; one serving one commit is not', async () => {
    github.commits = [
      { sha: sha(1), date: hoursAgo(3) },
      { sha: sha(2), date: hoursAgo(2) },
    ];
    for (const p of ['p2', 'p3', 'p4']) deploy(`orch-${p}`, sha(2));
    deploy('orch-p5', sha(1));
    deploy('scraper-a', sha(2));
    deploy('scraper-b', sha(2));
    const results = await run(
      config([
        ...['p2', 'p3', 'p4', 'p5'].map((p) => ({ name: `orch-${p}`, group: 'orchestrators' })),
        { name: 'scraper-a', group: 'scrapers' },
        { name: 'scraper-b', group: 'scrapers' },
      ]),
    );
    const group = results.find((r) => r.subject === 'group:orchestrators')!;
    expect(group.status).toBe('fail');
    expect(group.summary).toContain('Group orchestrators is split: its services serve 2 different commits');
    expect(group.summary).toContain(`orch-p5: ${sha(1).slice(0, 7)}`);
    expect(results.find((r) => r.subject === 'group:scrapers')!.status).toBe('ok');
  });

  it('a service without the commit label warns naming it; an unknown service is an error of its own', async () => {
    github.commits = [{ sha: sha(1), date: hoursAgo(3) }];
    deploy('no-label', undefined);
    const results = await run(config([{ name: 'no-label' }, { name: 'never-deployed' }]));
    const [noLabel, missing] = results;
    expect(noLabel!.status).toBe('warn');
    expect(noLabel!.summary).toContain(
      'no-label (revision no-label-00042-xyz) carries no "commit-sha" label',
    );
    expect(missing!.status).toBe('error');
    expect(missing!.summary).toMatch(/^Could not read what never-deployed serves: 5 NOT_FOUND/);
  });

  it('a deployed commit GitHub does not know is an error for that service only', async () => {
    github.commits = [{ sha: sha(1), date: hoursAgo(3) }];
    deploy('from-a-fork', 'deadbeef'.repeat(5));
    deploy('fine', sha(1));
    const [fork, fine] = await run(config([{ name: 'from-a-fork' }, { name: 'fine' }]));
    expect(fork!.status).toBe('error');
    expect(fork!.summary).toBe(
      `Could not compare from-a-fork's commit deadbee with main: GitHub /repos/${REPO}/compare/${'deadbeef'.repeat(5)}...${sha(1)}: HTTP 404 Not Found`,
    );
    expect(fine!.status).toBe('ok');
  });
});
