/**
 * Ports of the reliability monitors: probing a service, keeping probe state across ticks and instances,
 * reading what Cloud Run serves and what the repository holds. Adapters live in `src/adapters/`.
 */
import type { DeploymentService, ServiceTarget } from './config-schema.js';

/** What one probe saw. A prober never throws: a refused connection or a timeout is an outcome too. */
export interface ProbeOutcome {
  /** HTTP status, absent when no answer came. */
  status?: number;
  latencyMs: number;
  /** The first 200 bytes of the body (for the alert), '' when none. */
  bodyStart: string;
  /** Why no answer came (timeout, refused, DNS, token), absent when one did. */
  error?: string;
  timedOut: boolean;
}

export interface ServiceProber {
  probe(target: ServiceTarget): Promise<ProbeOutcome>;
}

/** Consecutive-failure bookkeeping of one service, carried from tick to tick (and instance to instance). */
export interface ProbeState {
  name: string;
  consecutiveFailures: number;
  /** The first bad probe of the current streak. */
  failingSince?: Date;
  lastOkAt?: Date;
  lastProbeAt: Date;
  lastLatencyMs: number;
}

/** Stores probe states; the counting rule is the domain's (`nextProbeState`), adapters only store. */
export interface ProbeStateStore {
  /** One batched read; services never probed are absent from the map. */
  getMany(names: string[]): Promise<Map<string, ProbeState>>;
  putMany(states: ProbeState[]): Promise<void>;
}

/** The revision that serves a Cloud Run service (or 2nd gen function) and its labels. */
export interface ServingRevision {
  service: string;
  revision: string;
  /** The commit from the configured label or annotation, absent when the revision carries none. */
  commit?: string;
}

export interface DeployedRevisions {
  serving(service: DeploymentService, commitLabel: string): Promise<ServingRevision>;
}

export interface Commit {
  sha: string;
  committedAt: Date;
}

/** How far `base` is behind the branch: the commits on the branch not in `base`, oldest first. */
export interface Comparison {
  status: 'identical' | 'behind' | 'ahead' | 'diverged';
  /** Commits on the branch that `base` lacks, oldest first. */
  missing: Commit[];
}

export interface CommitSource {
  latest(repo: string, branch: string): Promise<Commit>;
  compare(repo: string, base: string, branch: string): Promise<Comparison>;
}
