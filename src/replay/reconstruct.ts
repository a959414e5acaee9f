/**
 * Completion documents as they were at an instant, rebuilt from the stored (final) documents: a processor
 * is in from its `completed_at`, the trigger from `_triggered_at`. Read once from the real store, then
 * answered from memory at whatever instant the simulated clock says.
 *
 * Unknown times are read the quiet way: a processor without `completed_at` and a trigger without
 * `_triggered_at` count as present from the start, so a replay never invents an alert from missing data.
 */
import type { CompletionDoc, IsoDate, ProcessorCompletion } from '../pipeline/types.js';
import type { Clock, CompletionStore, DocRef, ScheduleSource } from '../ports.js';

const atOrBefore = (t: Date | undefined, at: Date) => t === undefined || t.getTime() <= at.getTime();

/** `doc` as it stood at `at`. Pure. */
export function docAsOf(doc: CompletionDoc, at: Date): CompletionDoc {
  const processors: Record<string, ProcessorCompletion> = {};
  for (const [name, p] of Object.entries(doc.processors)) {
    if (atOrBefore(p.completedAt, at)) processors[name] = p;
  }
  const triggered = doc.triggered && atOrBefore(doc.triggeredAt, at);
  return {
    collection: doc.collection,
    date: doc.date,
    exists: doc.exists && (triggered || Object.keys(processors).length > 0),
    processors,
    triggered,
    ...(triggered && doc.triggeredAt ? { triggeredAt: doc.triggeredAt } : {}),
    ...(triggered && doc.triggerReason ? { triggerReason: doc.triggerReason } : {}),
  };
}

/**
 * A read-only completion store over another: each document is read from the source once (batched, on
 * first request) and served as of `clock.now()`. It never writes.
 */
export class AsOfCompletionStore implements CompletionStore {
  private readonly docs = new Map<string, CompletionDoc>();
  /** Source reads made, for callers that want to show the cost of a replay. */
  reads = 0;

  constructor(
    private readonly source: CompletionStore,
    private readonly clock: Clock,
  ) {}

  async getMany(refs: DocRef[]): Promise<CompletionDoc[]> {
    const key = (r: DocRef) => `${r.collection}/${r.date}`;
    const missing = [...new Map(refs.filter((r) => !this.docs.has(key(r))).map((r) => [key(r), r])).values()];
    if (missing.length) {
      this.reads++;
      for (const doc of await this.source.getMany(missing)) this.docs.set(key(doc), doc);
    }
    const now = this.clock.now();
    return refs.map((r) => docAsOf(this.docs.get(key(r))!, now));
  }

  ping(): Promise<void> {
    return this.source.ping();
  }
}

/** The schedule does not change while a replay runs: each date is asked once. */
export function memoSchedule(source: ScheduleSource): ScheduleSource {
  const known = new Map<IsoDate, number | undefined>();
  return {
    async gamesOn(dates) {
      const ask = dates.filter((d) => !known.has(d));
      if (ask.length) {
        const got = await source.gamesOn(ask);
        for (const d of ask) known.set(d, got.get(d));
      }
      const out = new Map<IsoDate, number>();
      for (const d of dates) {
        const n = known.get(d);
        if (n !== undefined) out.set(d, n);
      }
      return out;
    },
  };
}
