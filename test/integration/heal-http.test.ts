/**
 * The `http` heal action (issue 12) on the real wiring: the gcp heal adapters chosen from config, the
 * Firestore emulator for the heal log and completion documents, google-auth-library's ADC path minting
 * the ID token from a local metadata server (as on Cloud Run), and a local fake orchestrator that
 * answers 202, 404, 500 or never. 2xx: triggered; 4xx: failed for certain, lock released (a retry
 * works); 5xx or timeout: ambiguous, lock kept until the cooldown ends.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Firestore } from '@google-cloud/firestore';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { firestoreSettings } from '../../src/adapters/firestore/client.js';
import { FirestoreCompletionStore } from '../../src/adapters/firestore/completion-store.js';
import { gcpHealAdapters } from '../../src/adapters/heal-adapters.js';
import { type Config, loadConfig } from '../../src/config.js';
import { HealService } from '../../src/heal/service.js';
import type { HealOutcome } from '../../src/heal/types.js';
import { healOutcomeText } from '../../src/views/heal-outcome.js';
import {
  FAKE_SERVICE_ACCOUNT,
  type FakeMetadata,
  jwtClaims,
  startFakeMetadata,
} from '../support/fake-metadata.js';
import { describeFirestore, firestoreTestEnv } from '../support/firestore.js';
import { FakeClock, P2 } from '../support/fixtures.js';

const env = firestoreTestEnv();
const NOW = new Date('2026-02-10T20:00:00.000Z'); // 15:00 New York; Phase 2's own date is 2026-02-09
/** Outcomes are data; the views render them (as Slack and the CLI do). */
const TEXT_CLOCK = { tz: 'America/New_York', now: NOW };
const text = (o: HealOutcome): string => healOutcomeText(o, TEXT_CLOCK);

const DATE = '2026-02-08';
const T = 'phase2_to_phase3';
const ONCALL = 'U0ONCALL1';

type Mode = 'accept' | 'reject' | 'error' | 'hang';
interface Post {
  authorization?: string;
  contentType?: string;
  body: string;
}

/** A Cloud Run orchestrator stand-in: records every POST and answers as `mode` says. */
async function startFakeOrchestrator() {
  const posts: Post[] = [];
  const hanging: ServerResponse[] = [];
  const state = { mode: 'accept' as Mode };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      posts.push({
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        body,
      });
      if (state.mode === 'hang') return void hanging.push(res);
      const status = { accept: 202, reject: 404, error: 500 }[state.mode];
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 202 ? 'queued' : 'no such date');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/phase3/start`,
    posts,
    state,
    close: () => {
      for (const res of hanging) res.destroy();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

describeFirestore('http heal action: OIDC POST to the orchestrator', () => {
  let orchestrator: Awaited<ReturnType<typeof startFakeOrchestrator>>;
  let metadata: FakeMetadata;
  let config: Config;
  let sdkDir: string;
  const clock = new FakeClock(NOW);
  const clients: Firestore[] = [];
  const saved: Record<string, string | undefined> = {};
  /** google-auth-library reads these from the process: ADC resolves to the local metadata server only. */
  const adcEnv = (host: string, dir: string): Record<string, string | undefined> => ({
    GCE_METADATA_HOST: host,
    METADATA_SERVER_DETECTION: 'assume-present',
    GOOGLE_APPLICATION_CREDENTIALS: undefined,
    CLOUDSDK_CONFIG: dir,
    GOOGLE_CLOUD_PROJECT: 'nba-props',
  });

  const instance = async () => {
    const db = new Firestore(firestoreSettings({ projectId: env!.projectId, emulatorHost: env!.host }));
    clients.push(db);
    const heal = await gcpHealAdapters(db, config);
    return new HealService({
      config,
      clock,
      completions: new FirestoreCompletionStore(db),
      healLog: heal.healLog,
      actions: heal.actions,
      exportInBackground: false,
    });
  };
  const request = { transition: 'phase3', date: DATE, source: 'slash' as const, requestedBy: ONCALL };

  beforeAll(async () => {
    orchestrator = await startFakeOrchestrator();
    metadata = await startFakeMetadata();
    sdkDir = mkdtempSync(join(tmpdir(), 'pipeline-bot-no-adc-'));
    for (const [k, v] of Object.entries(adcEnv(metadata.host, sdkDir))) {
      saved[k] = process.env[k];
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    const yaml = [
      `heal: { allowed_users: [${ONCALL}], cooldown_minutes: 30 }`,
      'transitions:',
      `  ${T}:`,
      '    collection: phase2_completion',
      '    date_offset_days: -1',
      `    expected_processors: [${P2.join(', ')}]`,
      '    heal:',
      '      action: http',
      `      url: "${orchestrator.url}"`,
      `      body: '{"game_date": "{date}", "trigger_reason": "manual_heal"}'`,
      '      timeout_ms: 1000',
      '      label: Trigger Phase 3',
    ].join('\n');
    config = loadConfig(
      { PIPELINE_CONFIG: 'p.yml', GOOGLE_CLOUD_PROJECT: 'nba-props', FIRESTORE_EMULATOR_HOST: env!.host },
      { cwd: '/x', fileExists: () => true, readFile: () => yaml },
    );
  });
  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await Promise.all(clients.map((c) => c.terminate()));
    await orchestrator?.close();
    await metadata?.close();
    if (sdkDir) rmSync(sdkDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await env!.reset();
    orchestrator.posts.length = 0;
    orchestrator.state.mode = 'accept';
    clock.set(NOW);
    const data: Record<string, unknown> = { _triggered: false };
    for (const p of P2)
      data[p] = { status: 'success', completed_at: new Date(NOW.getTime() - 2 * 86_400_000) };
    await env!.client().collection('phase2_completion').doc(DATE).set(data);
  });

  it('20 concurrent heals over 2 instances: one POST, with a Google ID token for the url and the date in the body', async () => {
    const services = [await instance(), await instance()];
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => services[i % 2]!.heal(request)));
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['triggered', ...Array(19).fill('duplicate')].sort());

    expect(orchestrator.posts).toHaveLength(1);
    const [post] = orchestrator.posts;
    expect(JSON.parse(post!.body)).toEqual({ game_date: DATE, trigger_reason: 'manual_heal' });
    expect(post!.contentType).toBe('application/json');
    expect(post!.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    const claims = jwtClaims(post!.authorization!.slice('Bearer '.length));
    expect(claims).toMatchObject({ aud: orchestrator.url, email: FAKE_SERVICE_ACCOUNT });
    expect(metadata.audiences).toContain(orchestrator.url);

    const won = outcomes.find((o) => o.kind === 'triggered')!;
    expect(text(won)).toBe(
      `Trigger Phase 3: POSTed to ${orchestrator.url} (HTTP 202) for ${T} ${DATE}, requested by <@${ONCALL}>.`,
    );
    const stored = (
      await env!.client().collection('orchestrator_healing_events').doc(won.event!.heal_id).get()
    ).data();
    expect(stored).toMatchObject({ status: 'triggered', action: 'http', action_ref: '202', job_name: null });
  });

  it('4xx: failed for certain, the status recorded, the lock released — a retry works', async () => {
    const svc = await instance();
    orchestrator.state.mode = 'reject';
    const failed = await svc.heal(request);
    expect(failed.kind).toBe('failed');
    expect(text(failed)).toBe(
      `POST to ${orchestrator.url} failed: answered 404: no such date. The lock is released: you can retry.`,
    );
    expect(failed.event).toMatchObject({ status: 'failed', action: 'http', action_ref: '404' });
    orchestrator.state.mode = 'accept';
    expect((await svc.heal(request)).kind).toBe('triggered');
    expect(orchestrator.posts).toHaveLength(2);
  });

  it.each([
    [
      '500',
      'error' as Mode,
      /answered 500: no such date\. The call may still have reached the orchestrator/,
      '500',
    ],
    [
      'a timeout',
      'hang' as Mode,
      /no answer within 1000 ms\. The call may still have reached the orchestrator/,
      null,
    ],
  ])('%s: ambiguous — failed, lock kept until the cooldown ends', async (_label, mode, message, ref) => {
    const svc = await instance();
    orchestrator.state.mode = mode;
    const failed = await svc.heal(request);
    expect(failed.kind).toBe('failed');
    expect(text(failed)).toMatch(message);
    expect(text(failed)).toMatch(/stays locked for 30 min/);
    expect(failed.event).toMatchObject({ status: 'failed', action: 'http', action_ref: ref });
    expect(failed.event).toMatchObject({ status: 'failed', action: 'http', action_ref: ref });
    orchestrator.state.mode = 'accept';
    const retry = await svc.heal(request);
    expect(retry.kind).toBe('duplicate');
    expect(orchestrator.posts).toHaveLength(1);
    clock.set(new Date(NOW.getTime() + 31 * 60_000));
    expect((await svc.heal(request)).kind).toBe('triggered');
    expect(orchestrator.posts).toHaveLength(2);
  });
});
