/** One way to stop waiting: every timeout in the bot (backend reads, probes, the audit write, queries). */

/** The operation did not settle in time. It is not cancelled, only no longer waited for. */
export class DeadlineError extends Error {
  readonly code: string = 'DEADLINE_EXCEEDED';
}

/**
 * Resolves or rejects like `work`, unless `ms` pass first: then rejects with `onTimeout()`. A late
 * rejection of `work` is absorbed (not an unhandled rejection); the timer never keeps the process alive.
 */
export async function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
    timer.unref?.();
  });
  work.catch(() => {});
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
