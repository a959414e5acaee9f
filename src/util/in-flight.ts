/**
 * Work the process must finish before it exits (graceful shutdown): HTTP requests until their response
 * is closed, Slack listener runs until they return.
 */
import type { RequestListener } from 'node:http';

export class InFlight {
  private readonly pending = new Set<Promise<unknown>>();

  get size(): number {
    return this.pending.size;
  }

  /** Counts `work` until it settles; returns it unchanged. */
  track<T>(work: Promise<T>): Promise<T> {
    const entry = work.then(
      () => undefined,
      () => undefined,
    );
    this.pending.add(entry);
    void entry.then(() => this.pending.delete(entry));
    return work;
  }

  /** Counts each request until its response is closed (sent, or the connection dropped). */
  requests(listener: RequestListener): RequestListener {
    return (req, res) => {
      void this.track(new Promise((resolve) => res.once('close', resolve)));
      listener(req, res);
    };
  }

  /** Resolves when nothing is in flight, including work that started while waiting. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
