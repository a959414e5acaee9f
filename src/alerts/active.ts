/** Which alerts are still "active" (listed each tick): a domain rule every alert store applies the same way. */
import type { AlertRecord } from './types.js';

export function isActive(r: AlertRecord): boolean {
  // A hand-resolved alert stays listed while held, so the check's first pass can end the hold.
  return r.state !== 'resolved' || r.outbox.length > 0 || r.manualResolve?.holding === true;
}
