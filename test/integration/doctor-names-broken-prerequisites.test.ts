/**
 * `pipeline-bot doctor` against local fakes (Slack Web API, BigQuery REST, Cloud Scheduler gRPC), the
 * Firestore emulator and the Pub/Sub emulator: all prerequisites in place → every line ✔, exit 0; each
 * broken prerequisite → its own ✘ line naming it with the fix, exit 1; an invalid config → ✘ config, exit
 * 1; `pubsub` and `http` heals → their topic and URL checked.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PubSub } from '@google-cloud/pubsub';
import { afterAll, beforeAll, beforeEach, expect, inject, it } from 'vitest';
import { createPubSub } from '../../src/adapters/pubsub/client.js';
import { doctorCommand, setupCommand } from '../../src/cli-ops.js';
import { REQUIRED_SLACK_SCOPES } from '../../src/doctor/slack-scopes.js';
import { type FakeBigQueryAdmin, startFakeBigQueryAdmin } from '../support/fake-bigquery-admin.js';
import { type FakeMetadata, startFakeMetadata } from '../support/fake-metadata.js';
import { type FakeSlack, httpReply, startFakeSlack } from '../support/fake-slack.js';
import { describeFirestore, firestoreTestEnv } from '../support/firestore.js';
import { type FakeGrpcScheduler, startFakeGrpcScheduler } from '../support/grpc-scheduler.js';

const fs = firestoreTestEnv();
const pubsubHost = inject('pubsubEmulatorHost') ?? null;
if (fs && !pubsubHost) console.warn('!!! SKIPPED (no Pub/Sub emulator): doctor heal action checks');
const NOW = new Date('2026-02-10T20:00:00.000Z'); // 15:00 in New York
const SA = 'pipeline-bot@proj.iam.gserviceaccount.com';
const SERVICE = 'https://pipeline-bot-abc-uw.a.run.app';

let bq: FakeBigQueryAdmin;
let scheduler: FakeGrpcScheduler;
let slack: FakeSlack;
let env: Record<string, string | undefined>;
let dir: string;
let pubsub: PubSub | undefined;
let metadata: FakeMetadata;

/**
 * google-auth-library reads ADC from the process: `metadata` mints ID tokens like Cloud Run's server;
 * without it (and with an empty gcloud config dir) there are no credentials at all.
 */
async function withAdc<T>(minted: boolean, run: () => Promise<T>): Promise<T> {
  const vars: Record<string, string | undefined> = {
    GCE_METADATA_HOST: minted ? metadata.host : undefined,
    METADATA_SERVER_DETECTION: minted ? 'assume-present' : 'none',
    GOOGLE_APPLICATION_CREDENTIALS: undefined,
    CLOUDSDK_CONFIG: dir,
  };
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const set = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  };
  set(vars);
  try {
    return await run();
  } finally {
    set(saved);
  }
}

function slackAuth(scopes: readonly string[], teamId = 'T0TEAM') {
  slack.respondWith('auth.test', () =>
    httpReply(
      200,
      { ok: true, team: 'Pipeline Test', team_id: teamId, user: 'pipeline-bot', user_id: 'UBOT' },
      { 'x-oauth-scopes': scopes.join(',') },
    ),
  );
}

async function doctor(extraEnv: Record<string, string | undefined> = {}) {
  const lines: string[] = [];
  const code = await doctorCommand({ ...env, ...extraEnv }, (l) => lines.push(l), NOW);
  return { code, lines, out: lines.join('\n') };
}

describeFirestore('pipeline-bot doctor', () => {
  beforeAll(async () => {
    [bq, scheduler, slack, metadata] = await Promise.all([
      startFakeBigQueryAdmin(),
      startFakeGrpcScheduler(),
      startFakeSlack(),
      startFakeMetadata(),
    ]);
    env = {
      GOOGLE_CLOUD_PROJECT: fs!.projectId,
      FIRESTORE_EMULATOR_HOST: fs!.host,
      BIGQUERY_EMULATOR_HOST: bq.url,
      CLOUD_SCHEDULER_EMULATOR_HOST: scheduler.host,
      SERVICE_URL: SERVICE,
      TASKS_OIDC_SERVICE_ACCOUNT: SA,
      TASKS_OIDC_AUDIENCE: SERVICE,
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_API_URL: slack.apiUrl,
      SLACK_TEAM_ID: 'T0TEAM',
      ALERT_CHANNEL: 'C0ALERTS',
      DIGEST_CHANNEL: 'C0DIGEST',
    };
    dir = mkdtempSync(join(tmpdir(), 'pipeline-bot-doctor-heal-'));
    if (pubsubHost) {
      pubsub = await createPubSub({ projectId: fs!.projectId, emulatorHost: pubsubHost });
      await pubsub.createTopic('nba-phase3-trigger');
    }
  });
  beforeEach(async () => {
    bq.reset();
    scheduler.reset();
    slack.reset();
    slackAuth(REQUIRED_SLACK_SCOPES);
    for (const job of ['same-day-phase3', 'phase3-to-phase4']) {
      const name = `projects/${fs!.projectId}/locations/us-west2/jobs/${job}`;
      scheduler.jobs.set(name, {
        name,
        schedule: '0 9 * * *',
        timeZone: 'America/New_York',
        state: 'ENABLED',
      });
    }
    await fs!
      .client()
      .doc('phase2_completion/2026-02-09')
      .set({
        p2_odds_game_lines: { status: 'success', completed_at: new Date('2026-02-10T12:00:00Z') },
        _triggered: true,
      });
    expect((await setupCommand(env, [], () => {})) === 0).toBe(true);
    // The pipeline's own tables the completeness check reads (their date column's type is looked up).
    for (const ref of ['nba_raw.nbac_schedule', 'nba_raw.nbac_gamebook_player_stats']) {
      const [datasetId, tableId] = ref.split('.') as [string, string];
      bq.tables.set(ref, {
        tableReference: { projectId: fs!.projectId, datasetId, tableId },
        schema: {
          fields: [
            { name: 'game_date', type: 'DATE' },
            { name: 'game_id', type: 'STRING' },
          ],
        },
      });
    }
  });
  afterAll(async () => {
    await Promise.all([bq.close(), scheduler.close(), slack.close(), metadata.close(), pubsub?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  /** A pipeline.yml whose two transitions heal as given (YAML lines under `heal:`). */
  function healConfig(name: string, phase3: string[], phase4: string[]): string {
    const file = join(dir, `${name}.yml`);
    const heal = (lines: string[]) => ['    heal:', ...lines.map((l) => `      ${l}`)];
    writeFileSync(
      file,
      [
        'transitions:',
        '  phase2_to_phase3:',
        '    collection: phase2_completion',
        '    date_offset_days: -1',
        '    expected_processors: [p2_odds_game_lines]',
        '    next: phase3_to_phase4',
        ...heal(phase3),
        '  phase3_to_phase4:',
        '    collection: phase3_completion',
        '    expected_processors: [player_game_summary]',
        ...heal(phase4),
        '',
      ].join('\n'),
    );
    return file;
  }

  it.skipIf(!pubsubHost)(
    'a pubsub heal whose topic exists passes (⚠: the emulator cannot test IAM); an https heal mints its token; exit 0',
    async () => {
      const config = healConfig(
        'topic-exists',
        ['action: pubsub', 'topic: nba-phase3-trigger', 'label: Trigger Phase 3'],
        ['action: http', 'url: https://phase4-abc-uw.a.run.app/start', 'label: Run Phase 4'],
      );
      const before = metadata.audiences.length;
      const { code, out } = await withAdc(true, () =>
        doctor({ PIPELINE_CONFIG: config, PUBSUB_EMULATOR_HOST: pubsubHost! }),
      );
      expect(out).not.toContain('✘');
      expect(code).toBe(0);
      expect(out).toContain(
        `⚠ heal · heal topic nba-phase3-trigger: phase2_to_phase3: projects/${fs!.projectId}/topics/nba-phase3-trigger exists; publish permission not checked`,
      );
      expect(out).toContain(
        '✔ heal · heal url https://phase4-abc-uw.a.run.app/start: phase3_to_phase4: https; ID token for https://phase4-abc-uw.a.run.app/start minted',
      );
      expect(metadata.audiences.slice(before)).toEqual(['https://phase4-abc-uw.a.run.app/start']);
      expect(out).toMatch(/All \d+ checks passed \(1 not fully checked: ⚠\)\./);
    },
  );

  it.skipIf(!pubsubHost)(
    'a missing topic, a plain-http URL (refused at config load) and an unmintable ID token are each a ✘ with the fix',
    async () => {
      const config = healConfig(
        'broken-heals',
        ['action: pubsub', 'topic: no-such-topic', 'label: Trigger Phase 3'],
        ['action: http', 'url: https://phase4-abc-uw.a.run.app/start', 'label: Run Phase 4'],
      );
      const { code, lines } = await withAdc(true, () =>
        doctor({ PIPELINE_CONFIG: config, PUBSUB_EMULATOR_HOST: pubsubHost! }),
      );
      expect(code).toBe(1);
      const at = lines.findIndex((l) => l.startsWith('✘ heal · heal topic no-such-topic'));
      expect(lines[at]).toContain(`projects/${fs!.projectId}/topics/no-such-topic does not exist`);
      expect(lines[at + 1]).toContain(
        'fix: fix transitions.phase2_to_phase3.heal.topic, or create the topic',
      );
      expect(lines.filter((l) => l.startsWith('✘'))).toHaveLength(1);

      // A plain-http URL is refused when the config loads (the ID token would travel in the clear):
      // doctor names the field and the reason as its one ✘.
      const plain = healConfig(
        'plain-http-heal',
        ['action: pubsub', 'topic: nba-phase3-trigger', 'label: Trigger Phase 3'],
        ['action: http', 'url: http://orchestrator.example.com/start', 'label: Run Phase 4'],
      );
      const refused = await doctor({ PIPELINE_CONFIG: plain, PUBSUB_EMULATOR_HOST: pubsubHost! });
      expect(refused.code).toBe(1);
      expect(refused.out).toContain('transitions.phase3_to_phase4.heal');
      expect(refused.out).toContain('is not https');
      expect(refused.lines.filter((l) => l.startsWith('✘'))).toHaveLength(1);

      // An https URL gets an ID token minted; this process has no Google credentials, so none can be.
      const https = healConfig(
        'https-heal',
        ['action: pubsub', 'topic: nba-phase3-trigger', 'label: Trigger Phase 3'],
        ['action: http', 'url: https://phase4-abc-uw.a.run.app/start', 'label: Run Phase 4'],
      );
      const token = await withAdc(false, () =>
        doctor({ PIPELINE_CONFIG: https, PUBSUB_EMULATOR_HOST: pubsubHost! }),
      );
      expect(token.code).toBe(1);
      const line = token.lines.findIndex((l) =>
        l.startsWith('✘ heal · heal url https://phase4-abc-uw.a.run.app'),
      );
      expect(token.lines[line]).toContain(
        'no Google ID token for audience https://phase4-abc-uw.a.run.app/start',
      );
      expect(token.lines[line + 1]).toContain('fix: run the bot as a service account');
    },
  );

  it('everything in place: every check ✔, each query dry-run with its bytes, exit 0', async () => {
    bq.setDryRun('daily_counts', { bytes: 3 * 1024 ** 2 });
    const { code, lines, out } = await doctor();
    expect(out).not.toContain('✘');
    expect(code).toBe(0);
    expect(out).toContain('✔ slack · auth.test: @pipeline-bot in Pipeline Test (T0TEAM)');
    expect(out).toContain('✔ slack · scopes');
    expect(out).toContain('✔ slack · alert channel: C0ALERTS');
    expect(out).toContain('✔ slack · digest channel: C0DIGEST');
    expect(out).toContain(
      '✔ firestore · completion documents: read phase2_completion/2026-02-09 1 processor(s), triggered',
    );
    expect(out).toContain(
      '✔ bigquery · query daily_counts (boxscores): valid; scans 3.0 MiB of maximum_bytes_billed 10.0 GiB',
    );
    for (const q of ['failure_streaks', 'phase_completions', 'failing_checks'])
      expect(lines.some((l) => l.startsWith(`✔ bigquery · query ${q}: valid`))).toBe(true);
    expect(bq.dryRuns().map((d) => d.maximumBytesBilled)).toEqual(
      bq.dryRuns().map(() => String(10 * 1024 ** 3)),
    );
    expect(out).toContain('✔ bigquery · table dlq_messages');
    expect(out).toContain('✔ scheduler · heal job same-day-phase3');
    expect(out).toContain(`✔ scheduler · tasks job pipeline-bot-checks: POST ${SERVICE}/tasks/checks`);
    expect(out).toContain('checks passed.');
    expect(slack.calls('chat.postMessage')).toEqual([]);
  });

  it('each broken prerequisite is its own ✘ line with the fix, exit 1', async () => {
    slackAuth(REQUIRED_SLACK_SCOPES.filter((s) => s !== 'groups:history'));
    slack.respondWith('conversations.history', (call) =>
      call.body.channel === 'C0DIGEST' ? { ok: false, error: 'not_in_channel' } : { ok: true, messages: [] },
    );
    bq.setDryRun('failure_streaks', {
      error: { status: 404, message: 'Not found: Table proj:nba_orchestration.scraper_execution_log' },
    });
    bq.setDryRun('failing_checks', { bytes: 20 * 1024 ** 3 });
    bq.tables.delete('nba_orchestration.dlq_messages');
    const checks = `projects/${fs!.projectId}/locations/us-west2/jobs/pipeline-bot-checks`;
    scheduler.jobs.set(checks, { ...scheduler.jobs.get(checks)!, schedule: '*/10 * * * *' });
    scheduler.jobs.delete(`projects/${fs!.projectId}/locations/us-west2/jobs/phase3-to-phase4`);

    const { code, lines } = await doctor();
    expect(code).toBe(1);
    const failure = (prefix: string) => {
      const at = lines.findIndex((l) => l.startsWith(`✘ ${prefix}`));
      expect(at, `a ✘ line for ${prefix}:\n${lines.join('\n')}`).toBeGreaterThanOrEqual(0);
      return { line: lines[at]!, fix: lines[at + 1]! };
    };
    expect(failure('slack · scopes').line).toContain('missing groups:history');
    expect(failure('slack · scopes').fix).toMatch(/fix: reinstall the app from manifest.yml/);
    expect(failure('slack · digest channel').line).toContain('C0DIGEST: not_in_channel');
    expect(failure('slack · digest channel').fix).toContain('/invite @pipeline-bot');
    expect(failure('bigquery · query failure_streaks').line).toContain('Not found: Table');
    expect(failure('bigquery · query failing_checks').line).toContain(
      'would scan 20.0 GiB of maximum_bytes_billed 10.0 GiB',
    );
    expect(failure('bigquery · query failing_checks').fix).toContain('checks.maximum_bytes_billed');
    expect(failure('bigquery · table dlq_messages').fix).toContain('pipeline-bot setup');
    expect(failure('scheduler · tasks job pipeline-bot-checks').line).toContain(
      'schedule: "*/10 * * * *" → "* * * * *"',
    );
    expect(failure('scheduler · heal job phase3-to-phase4').fix).toContain(
      'transitions.phase3_to_phase4.heal',
    );
    expect(lines.filter((l) => l.startsWith('✘'))).toHaveLength(7);
    expect(lines.at(-1)).toMatch(/^7 of \d+ checks failed\.$/);
  });

  it('a refused token and another workspace are named', async () => {
    slack.failNext('auth.test', { body: { ok: false, error: 'invalid_auth' } });
    const refused = await doctor();
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('✘ slack · auth.test: the token was refused: invalid_auth');
    expect(refused.out).toContain('fix: set SLACK_BOT_TOKEN');

    slackAuth(REQUIRED_SLACK_SCOPES, 'T0OTHER');
    const other = await doctor();
    expect(other.code).toBe(1);
    expect(other.out).toContain('but SLACK_TEAM_ID is T0TEAM');
  });

  it('an invalid configuration is the one ✘ it reports, exit 1', async () => {
    const { code, lines } = await doctor({ SERVICE_URL: 'not a url' });
    expect(code).toBe(1);
    expect(lines[0]).toMatch(/^✘ config · valid: Invalid environment:\nSERVICE_URL/);
    expect(lines[1]).toContain('fix: fix the named field(s)');
  });

  it('missing deployment settings fail the /tasks job check with what to set', async () => {
    const { code, out } = await doctor({
      SERVICE_URL: undefined,
      TASKS_OIDC_AUDIENCE: undefined,
      TASKS_OIDC_SERVICE_ACCOUNT: undefined,
    });
    expect(code).toBe(1);
    expect(out).toContain(
      '✘ scheduler · tasks jobs: not configured: SERVICE_URL, TASKS_OIDC_SERVICE_ACCOUNT, TASKS_OIDC_AUDIENCE unset',
    );
  });
});
