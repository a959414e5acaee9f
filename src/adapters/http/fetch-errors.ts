/** What a failed `fetch` says about whether the request arrived: a refused connection never did. */

/** Why these codes: the connection was refused or the host unknown; nothing was sent. */
const NOT_SENT_CODES = ['ECONNREFUSED', 'ENOTFOUND'];

/** True when `fetch` failed before the request could reach the server (a timeout or reset may have). */
export function neverSent(err: unknown): boolean {
  const cause = (err as { cause?: { code?: string; errors?: { code?: string }[] } }).cause;
  const codes = [cause?.code, ...(cause?.errors ?? []).map((e) => e.code)];
  return codes.some((c) => c !== undefined && NOT_SENT_CODES.includes(c));
}
