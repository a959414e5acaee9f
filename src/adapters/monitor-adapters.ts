/**
 * The reliability monitors' adapters for each backend: an HTTP prober (both backends: probes are real
 * HTTP either way) with Google ID tokens for `auth: oidc`, and the probe-state store (SQLite in local
 * mode, Firestore in gcp mode). Loaded on demand like the heal adapters.
 */
import type { Firestore } from '@google-cloud/firestore';
import type { Config } from '../config.js';
import type { ProbeStateStore, ServiceProber } from '../monitors/ports.js';
import type { Db } from './local/db.js';

export interface MonitorAdapters {
  prober: ServiceProber;
  probeStates: ProbeStateStore;
}

async function prober(config: Config): Promise<ServiceProber> {
  const { HttpServiceProber } = await import('./http/service-prober.js');
  if (!config.services.some((s) => s.auth === 'oidc')) return new HttpServiceProber();
  const { googleIdTokenSource } = await import('./http/google-id-token.js');
  return new HttpServiceProber(googleIdTokenSource());
}

export async function localMonitorAdapters(db: Db, config: Config): Promise<MonitorAdapters> {
  const { LocalProbeStateStore } = await import('./local/probe-state-store.js');
  return { prober: await prober(config), probeStates: new LocalProbeStateStore(db) };
}

export async function gcpMonitorAdapters(firestore: Firestore, config: Config): Promise<MonitorAdapters> {
  const { FirestoreProbeStateStore } = await import('./firestore/probe-state-store.js');
  return { prober: await prober(config), probeStates: new FirestoreProbeStateStore(firestore) };
}
