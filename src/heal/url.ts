/**
 * Where an `http` heal may POST: https, or plain http to loopback only (tests, a local orchestrator),
 * because the request carries a Google ID token. Checked at config load and named again by `doctor`.
 */

/** Why these hosts: only loopback traffic never leaves the machine, so only there is plain http safe. */
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/** Why an `http` heal URL is unsafe or unusable, or undefined when it is fine. */
export function urlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol === 'http:' && LOOPBACK.test(parsed.hostname)) return undefined;
  return 'is not https: the ID token and the body would travel in the clear';
}
