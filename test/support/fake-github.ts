/**
 * A fake GitHub REST API on loopback for deployment_drift: one repository with one linear branch.
 * `GET /repos/{repo}/commits/{branch}` answers the newest commit; `GET /repos/{repo}/compare/{a}...{b}`
 * the commits after `a` up to `b` (oldest first) with GitHub's status words; unknown shas answer 404.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeCommit {
  sha: string;
  date: Date;
}

export interface FakeGitHub {
  url: string;
  /** The branch's commits, oldest first; replace to move the branch. */
  commits: FakeCommit[];
  /** Authorization header of each request ('' when none). */
  auth: string[];
  paths: string[];
  close(): Promise<void>;
}

export async function startFakeGitHub(repo: string, branch: string): Promise<FakeGitHub> {
  const state: FakeGitHub = { url: '', commits: [], auth: [], paths: [], close: async () => {} };
  const body = (c: FakeCommit) => ({ sha: c.sha, commit: { committer: { date: c.date.toISOString() } } });
  const server = createServer((req, res) => {
    const path = decodeURIComponent(req.url ?? '');
    state.paths.push(path);
    state.auth.push(req.headers.authorization ?? '');
    const send = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    const index = (sha: string) => state.commits.findIndex((c) => c.sha === sha);
    if (path === `/repos/${repo}/commits/${branch}`) return send(200, body(state.commits.at(-1)!));
    const compare =
      path.startsWith(`/repos/${repo}/compare/`) && path.slice(`/repos/${repo}/compare/`.length);
    if (compare) {
      const [base, head] = compare.split('...') as [string, string];
      const [from, to] = [index(base), index(head)];
      if (from < 0 || to < 0) return send(404, { message: 'Not Found' });
      const status = from === to ? 'identical' : from < to ? 'ahead' : 'behind';
      return send(200, { status, commits: state.commits.slice(from + 1, to + 1).map(body) });
    }
    send(404, { message: 'Not Found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
