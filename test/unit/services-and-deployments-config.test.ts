import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { configWith } from '../support/monitor-config.js';

describe('services[] and deployments config', () => {
  it('fills defaults for a service and the deployment settings', () => {
    const config = configWith({
      services: [{ name: 'orch-p2', url: 'https://orch.example.run.app/health' }],
      deployments: { repo: 'acme/pipeline', services: [{ name: 'orch-p2', region: 'us-west2' }] },
    });
    expect(config.services).toEqual([
      {
        name: 'orch-p2',
        url: 'https://orch.example.run.app/health',
        auth: 'none',
        timeout_ms: 5000,
        expect_status: 200,
        failures: 3,
      },
    ]);
    expect(config.deployments).toEqual({
      repo: 'acme/pipeline',
      branch: 'main',
      max_lag_hours: 24,
      commit_label: 'commit-sha',
      services: [{ name: 'orch-p2', region: 'us-west2', kind: 'service' }],
    });
    expect(config.monitorApis).toEqual({ githubApiUrl: 'https://api.github.com' });
  });

  it('refuses duplicate service names, unknown keys and a bad repo, naming each', () => {
    const attempt = () =>
      configWith({
        services: [
          { name: 'a', url: 'http://127.0.0.1/h' },
          { name: 'a', url: 'http://127.0.0.1/h', retries: 2 },
        ],
        deployments: { repo: 'not a repo', services: [{ name: 'x', region: 'us-west2' }] },
      });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/services\.1\.name: duplicate service "a"/);
    expect(attempt).toThrow(/services\.1: unknown key\(s\) "retries"/);
    expect(attempt).toThrow(/deployments\.repo: expected "owner\/name"/);
  });

  it('reads CLOUD_RUN_API_ENDPOINT, GITHUB_API_URL and GITHUB_TOKEN', () => {
    const config = configWith(
      {},
      {
        CLOUD_RUN_API_ENDPOINT: 'http://127.0.0.1:9070',
        GITHUB_API_URL: 'http://127.0.0.1:9080',
        GITHUB_TOKEN: 'ghp_test',
      },
    );
    expect(config.monitorApis).toEqual({
      cloudRunEndpoint: 'http://127.0.0.1:9070',
      githubApiUrl: 'http://127.0.0.1:9080',
      githubToken: 'ghp_test',
    });
  });
});
