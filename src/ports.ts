/**
 * Ports: the small interfaces that checks, alert logic and heal logic talk to.
 * Adapters (Firestore, SQLite, BigQuery, Cloud Scheduler, Slack) implement them; nothing outside
 * `src/adapters/` touches a Google or Slack client.
 */
import type { CompletionDoc, IsoDate } from './pipeline/types.js';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface DocRef {
  collection: string;
  date: IsoDate;
}

export interface CompletionStore {
  /** Reads every requested document in ONE batched call; missing documents come back with `exists: false`. */
  getMany(refs: DocRef[]): Promise<CompletionDoc[]>;
  /** Cheap round trip for `/readyz`. */
  ping(): Promise<void>;
}

export interface ScheduleSource {
  /**
   * Number of scheduled games per date. An adapter backed by a schedule returns an entry (0 included) for
   * every requested date; a date absent from the map is "unknown" and treated as a game date.
   */
  gamesOn(dates: IsoDate[]): Promise<Map<IsoDate, number>>;
}

/** A dependency that `/readyz` asks. */
export interface Probe {
  name: string;
  ping(): Promise<void>;
}
