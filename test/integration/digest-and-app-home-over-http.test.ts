/**
 * The digest and the App Home through real HTTP: `POST /tasks/digest` on two instances sharing one
 * store posts once to the digest channel of a fake Slack; the in-process schedule catches up at start-up and
 * not again after a restart; a signed `app_home_opened` publishes the dashboard, heal buttons only for users
 * allowed to heal.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../../src/app.js';
import { digestCommand } from '../../src/cli-digest.js';
import { digestDayKey, runDailyDigest } from '../../src/daily-digest.js';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/app.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { FakeClock, ny } from '../support/fixtures.js';
import { appHomeOpenedEvent, DEFAULT_TEAM_ID, sendEvent } from '../support/slack-requests.js';

const YAML = `
heal:
  allowed_users: [U0ONCALL1]
  allowed_usergroups: [S0ONCALL]
digest: { cron: "0 8 * * *" }
`;

const tmp: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'pipeline-bot-digest-'));
  tmp.push(d);
  return d;
}
function configFile(): string {
  const path = join(tempDir(), 'pipeline.yml');
  writeFileSync(path, YAML);
  return path;
}

afterAll(() => {
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
});

function env(slack: FakeSlack, dataDir: string): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    SLACK_TEAM_ID: DEFAULT_TEAM_ID,
    ALERT_CHANNEL: 'C0ALERTS',
    DIGEST_CHANNEL: 'C0DIGEST',
    PIPELINE_CONFIG: configFile(),
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    TASKS_SECRET: 'tasks-secret',
  };
}

const digestPosts = (slack: FakeSlack) =>
  slack.succeededCalls('chat.postMessage').filter((c) => c.body.channel === 'C0DIGEST');

/** Waits for the start-up checks tick (ticks are serialised) so no alert post is in flight at stop. */
const settle = (app: RunningApp) => app.deps.runScheduledChecks('cron');

const postTask = (app: RunningApp, auth?: string) =>
  fetch(`${app.url}/tasks/digest`, {
    method: 'POST',
    headers: auth ? { authorization: auth } : {},
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));

describe('POST /tasks/digest on two instances', () => {
  let slack: FakeSlack;
  const apps: RunningApp[] = [];

  beforeAll(async () => {
    slack = await startFakeSlack();
    const dataDir = tempDir();
    const clock = new FakeClock(ny('2026-02-10', '08:00'));
    for (const id of ['instance-a', 'instance-b']) {
      apps.push(
        await startApp(env(slack, dataDir), {
          schedule: false,
          instanceId: id,
          clock,
          slackMinPostIntervalMs: 0,
        }),
      );
    }
  });
  afterAll(async () => {
    for (const a of apps) await a.stop();
    await slack?.close();
  });

  it('refuses a request without the bearer secret (401) and posts nothing', async () => {
    expect((await postTask(apps[0]!)).status).toBe(401);
    expect((await postTask(apps[0]!, 'Bearer wrong')).status).toBe(401);
    expect(digestPosts(slack)).toHaveLength(0);
  });

  it('many concurrent calls on both instances: exactly one digest in the digest channel', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => postTask(apps[i % 2]!, 'Bearer tasks-secret')),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.filter((r) => r.body.outcome === 'posted')).toHaveLength(1);
    expect(results.every((r) => ['posted', 'already_posted', 'busy'].includes(String(r.body.outcome)))).toBe(
      true,
    );
    const posts = digestPosts(slack);
    expect(posts).toHaveLength(1);
    const body = posts[0]!.body as { text: string; blocks: { type: string; text?: { text: string } }[] };
    expect(body.blocks[0]).toMatchObject({
      type: 'header',
      text: { text: 'Daily pipeline digest · 2026-02-10' },
    });
    // The demo pipeline has a stuck Phase 2→3: the digest says so.
    expect(body.text).toMatch(/^Pipeline digest 2026-02-10: \d+ issue\(s\)/);
    expect(body.blocks.length).toBeLessThanOrEqual(50);
    const posted = results.find((r) => r.body.outcome === 'posted')!.body;
    expect(posted).toMatchObject({ date: '2026-02-10', posted: true, channel: 'C0DIGEST' });
    // A later call the same day: nothing more.
    expect((await postTask(apps[1]!, 'Bearer tasks-secret')).body.outcome).toBe('already_posted');
    expect(digestPosts(slack)).toHaveLength(1);
  });
});

describe('the in-process schedule', () => {
  it('catches up at start-up after downtime (past 08:00), and a restart the same day does not post again', async () => {
    const slack = await startFakeSlack();
    const dataDir = tempDir();
    const clock = new FakeClock(ny('2026-02-10', '11:20'));
    try {
      const first = await startApp(env(slack, dataDir), { schedule: true, clock, slackMinPostIntervalMs: 0 });
      const post = await slack.waitForCall('chat.postMessage', (c) => c.body.channel === 'C0DIGEST', 10_000);
      expect(String(post.body.text)).toContain('Pipeline digest 2026-02-10');
      await settle(first);
      await first.stop();

      clock.set(ny('2026-02-10', '15:00'));
      const second = await startApp(env(slack, dataDir), {
        schedule: true,
        clock,
        slackMinPostIntervalMs: 0,
      });
      // Runs of one instance are serialised: this one completes after the start-up run.
      expect((await runDailyDigest(second.deps, 'cron')).outcome).toBe('already_posted');
      await settle(second);
      await second.stop();
      expect(digestPosts(slack)).toHaveLength(1);
    } finally {
      await slack.close();
    }
  });
});

describe('App Home', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(
      { DIGEST_CHANNEL: 'C0DIGEST', PIPELINE_CONFIG: configFile() },
      { clock: new FakeClock(ny('2026-02-10', '09:00')) },
    );
    t.slack.setUsergroupMembers('S0ONCALL', ['U0GROUPIE']);
  });
  afterAll(async () => {
    await t?.stop();
  });

  const open = async (user: string) => {
    const res = await sendEvent(t.eventsUrl, SIGNING_SECRET, appHomeOpenedEvent(user));
    expect(res.status).toBe(200);
    const call = await t.slack.waitForCall('views.publish', (c) => c.body.user_id === user);
    return call.body.view as {
      type: string;
      blocks: { type: string; elements?: { action_id?: string }[] }[];
    };
  };
  const healButtons = (view: Awaited<ReturnType<typeof open>>) =>
    view.blocks.flatMap((b) => b.elements ?? []).filter((e) => e.action_id === 'heal_trigger');

  it('publishes the dashboard with heal buttons for an allowed user', async () => {
    const view = await open('U0ONCALL1');
    expect(view.type).toBe('home');
    expect(view.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Pipeline dashboard' } });
    const text = JSON.stringify(view.blocks);
    expect(text).toContain("*Today's run*");
    expect(text).toContain("*Yesterday's run*");
    expect(text).toContain('*Open alerts*');
    expect(text).toContain('*Completeness, last 14 days*');
    expect(healButtons(view).length).toBeGreaterThan(0);
    expect(view.blocks.length).toBeLessThanOrEqual(50);
  });

  it('a member of an allowed user group sees heal buttons too', async () => {
    expect(healButtons(await open('U0GROUPIE')).length).toBeGreaterThan(0);
  });

  it('a forged event signature is refused with 401', async () => {
    const res = await sendEvent(
      t.eventsUrl,
      SIGNING_SECRET,
      appHomeOpenedEvent('U0FORGER'),
      {},
      { badSignature: true },
    );
    expect(res.status).toBe(401);
  });
});

describe('local mode (no Slack)', () => {
  const localEnv = (dataDir: string) => ({
    DATA_DIR: dataDir,
    PIPELINE_CONFIG: configFile(),
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
  });

  it('the schedule prints the digest to the terminal', async () => {
    const lines: string[] = [];
    const app = await startApp(localEnv(tempDir()), {
      schedule: true,
      clock: new FakeClock(ny('2026-02-10', '09:00')),
      out: (l) => lines.push(l),
    });
    try {
      // The start-up run comes a moment after start-up (requests that waited for the bot go first).
      await expect.poll(() => lines.join('\n'), { timeout: 5000 }).toContain('== Daily pipeline digest');
      expect((await runDailyDigest(app.deps, 'cron')).outcome).toBe('already_posted');
      const printed = lines.join('\n');
      expect(printed).toContain('== Daily pipeline digest · 2026-02-10 ==');
      expect(printed).toContain("Yesterday's run (run of 2026-02-09)");
      expect(printed).toContain('Predictions for today (2026-02-10)');
      await app.deps.runScheduledChecks('cron');
    } finally {
      await app.stop();
    }
  });

  it('pipeline-bot digest prints it; digest --post "posts" it to the terminal and records the day', async () => {
    const lines: string[] = [];
    const app = await startApp(localEnv(tempDir()), {
      schedule: false,
      clock: new FakeClock(ny('2026-02-10', '07:00')),
      out: (l) => lines.push(l),
    });
    try {
      const printed: string[] = [];
      expect(await digestCommand(app.deps, [], (l) => printed.push(l))).toBe(0);
      expect(printed.join('\n')).toContain('== Daily pipeline digest · 2026-02-10 ==');
      expect(await digestCommand(app.deps, ['--bogus'], (l) => printed.push(l))).toBe(2);
      expect(await digestCommand(app.deps, ['--post'], (l) => printed.push(l))).toBe(0);
      expect(lines.join('\n')).toContain('== Daily pipeline digest · 2026-02-10 ==');
      expect(await app.deps.leases.lastCompleted(digestDayKey('2026-02-10'))).toBeDefined();
    } finally {
      await app.stop();
    }
  });
});
