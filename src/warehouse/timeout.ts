/** A time limit on warehouse calls: a `WAREHOUSE_TIMEOUT` error naming what did not finish. */
import { withDeadline } from '../util/deadline.js';

export class WarehouseTimeoutError extends Error {
  readonly code = 'WAREHOUSE_TIMEOUT';
}

/** Rejects with `WarehouseTimeoutError` when `p` has not settled within `ms`. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return withDeadline(p, ms, () => new WarehouseTimeoutError(`${what} did not finish within ${ms} ms`));
}
