/** Starts the real app (Bolt HTTP receiver on a random port) against a fake Slack and a temp local store. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningApp, type StartOptions, startApp } from '../../src/app.js';
import { type FakeSlack, startFakeSlack } from './fake-slack.js';
import { DEFAULT_TEAM_ID } from './slack-requests.js';

export const SIGNING_SECRET = 'test-signing-secret';

/** A config that turns storm grouping off (see `alerts.storm_threshold`). */
export const NO_STORM_YAML = 'alerts: { storm_threshold: 50 }\n';

export interface TestApp {
  app: RunningApp;
  slack: FakeSlack;
  eventsUrl: string;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startTestApp(
  env: Record<string, string> = {},
  opts: StartOptions = {},
): Promise<TestApp> {
  const slack = await startFakeSlack();
  const dataDir = mkdtempSync(join(tmpdir(), 'pipeline-bot-test-'));
  // Without a config of its own, a test sees one root message per alert: the demo opens more alerts at
  // once than the storm threshold, and storm grouping has tests of its own.
  const defaultConfig = join(dataDir, 'pipeline.yml');
  writeFileSync(defaultConfig, NO_STORM_YAML);
  const app = await startApp(
    {
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      SLACK_TEAM_ID: DEFAULT_TEAM_ID,
      ALERT_CHANNEL: 'C0ALERTS',
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      TASKS_SECRET: 'tasks-secret',
      PIPELINE_CONFIG: defaultConfig,
      ...env,
    },
    { schedule: false, ...opts },
  );
  return {
    app,
    slack,
    eventsUrl: `${app.url}/slack/events`,
    dataDir,
    async stop() {
      await app.stop();
      await slack.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A temp config file with storm grouping off, for tests that start `startApp` themselves. */
export function noStormConfig(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'pipeline-bot-cfg-')), 'pipeline.yml');
  writeFileSync(file, NO_STORM_YAML);
  return file;
}
