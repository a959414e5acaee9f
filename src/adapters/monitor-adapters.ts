/**
 * The reliability monitors' adapters for each backend: an HTTP prober (both backends: probes are real
 * HTTP either way) with Google ID tokens for `auth: oidc`, the probe-state store (SQLite in local mode,
 * Firestore in gcp mode) and, when `deployments` is configured, Cloud Run and GitHub readers.
 * Loaded on demand like the heal adapters.
 */
import type { Firestore } from '@google-cloud/firestore';
import type { ChartRenderer } from '../charts/ports.js';
import type { Config } from '../config.js';
import type { CommitSource, DeployedRevisions, ProbeStateStore, ServiceProber } from '../monitors/ports.js';
import type { Db } from './local/db.js';

export interface MonitorAdapters {
  prober: ServiceProber;
  probeStates: ProbeStateStore;
  /** Present when `deployments` is configured. */
  revisions?: DeployedRevisions;
  commits?: CommitSource;
  /** Charts to PNG (resvg with the shipped font). */
  charts: ChartRenderer;
}

async function renderer(): Promise<ChartRenderer> {
  const { ResvgRenderer } = await import('./charts/resvg.js');
  return new ResvgRenderer();
}

async function drift(config: Config): Promise<Pick<MonitorAdapters, 'revisions' | 'commits'>> {
  if (!config.deployments) return {};
  const { GitHubCommits } = await import('./github/commits.js');
  const { githubApiUrl, githubToken, cloudRunEndpoint } = config.monitorApis;
  const commits = new GitHubCommits({ apiUrl: githubApiUrl, token: githubToken });
  if (!config.project) {
    // Said by the check on every run (a check_health error), never silently skipped.
    const revisions: DeployedRevisions = {
      serving: async () => {
        throw new Error('reading Cloud Run needs GOOGLE_CLOUD_PROJECT (the project of the services)');
      },
    };
    return { revisions, commits };
  }
  const { CloudRunRevisions } = await import('./cloud-run/deployed-revisions.js');
  return {
    revisions: new CloudRunRevisions({ project: config.project, endpoint: cloudRunEndpoint }),
    commits,
  };
}

async function prober(config: Config): Promise<ServiceProber> {
  const { HttpServiceProber } = await import('./http/service-prober.js');
  if (!config.services.some((s) => s.auth === 'oidc')) return new HttpServiceProber();
  const { googleIdTokenSource } = await import('./http/google-id-token.js');
  return new HttpServiceProber(googleIdTokenSource());
}

export async function localMonitorAdapters(db: Db, config: Config): Promise<MonitorAdapters> {
  const { LocalProbeStateStore } = await import('./local/probe-state-store.js');
  return {
    prober: await prober(config),
    probeStates: new LocalProbeStateStore(db),
    charts: await renderer(),
    ...(await drift(config)),
  };
}

export async function gcpMonitorAdapters(firestore: Firestore, config: Config): Promise<MonitorAdapters> {
  const { FirestoreProbeStateStore } = await import('./firestore/probe-state-store.js');
  return {
    prober: await prober(config),
    probeStates: new FirestoreProbeStateStore(firestore),
    charts: await renderer(),
    ...(await drift(config)),
  };
}
