/**
 * The repository side of deployment_drift through the GitHub REST API (plain fetch): the latest commit of
 * a branch (`GET /repos/{repo}/commits/{branch}`) and what a deployed commit lacks
 * (`GET /repos/{repo}/compare/{deployed}...{latest}`). `GITHUB_API_URL` points it at a fake; the token
 * (`GITHUB_TOKEN`) is optional (without one GitHub allows 60 requests an hour). A comparison of two fixed
 * commits never changes, so it is kept in memory.
 */
import type { Commit, CommitSource, Comparison } from '../../monitors/ports.js';
import { errText } from '../../util/error-text.js';

/** Why 10 s: GitHub answers these in well under a second; longer is an outage worth reporting. */
const TIMEOUT_MS = 10_000;
/** Why 200: more distinct (deployed, latest) pairs than a pipeline has services; bounds memory. */
const MAX_CACHED = 200;

interface GitHubCommit {
  sha: string;
  commit: { committer?: { date?: string }; author?: { date?: string } };
}

const toCommit = (c: GitHubCommit): Commit => ({
  sha: c.sha,
  committedAt: new Date(c.commit.committer?.date ?? c.commit.author?.date ?? 0),
});

/** Why swapped: GitHub says how head stands against base; the port, how the deployed commit (base) stands. */
const FROM_BASE = { identical: 'identical', ahead: 'behind', behind: 'ahead', diverged: 'diverged' } as const;

export class GitHubCommits implements CommitSource {
  private readonly compared = new Map<string, Comparison>();

  constructor(private readonly opts: { apiUrl: string; token?: string }) {}

  async latest(repo: string, branch: string): Promise<Commit> {
    return toCommit(await this.get<GitHubCommit>(`/repos/${repo}/commits/${encodeURIComponent(branch)}`));
  }

  async compare(repo: string, base: string, head: string): Promise<Comparison> {
    const key = `${repo}:${base}...${head}`;
    const cached = this.compared.get(key);
    if (cached) return cached;
    const body = await this.get<{ status: keyof typeof FROM_BASE; commits: GitHubCommit[] }>(
      `/repos/${repo}/compare/${encodeURIComponent(base)}...${encodeURIComponent(head)}`,
    );
    const result: Comparison = { status: FROM_BASE[body.status], missing: body.commits.map(toCommit) };
    if (this.compared.size >= MAX_CACHED) this.compared.delete(this.compared.keys().next().value!);
    this.compared.set(key, result);
    return result;
  }

  private async get<T>(path: string): Promise<T> {
    const headers: Record<string, string> = {
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      'user-agent': 'pipeline-bot',
    };
    if (this.opts.token) headers.authorization = `Bearer ${this.opts.token}`;
    const url = `${this.opts.apiUrl.replace(/\/+$/, '')}${path}`;
    let res: Response;
    try {
      res = await fetch(url, { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (err) {
      throw new Error(`GitHub ${path}: no answer (${errText(err)})`);
    }
    if (!res.ok) {
      const message = await res
        .json()
        .then((b) => (b as { message?: string }).message)
        .catch(() => undefined);
      throw new Error(`GitHub ${path}: HTTP ${res.status}${message ? ` ${message}` : ''}`);
    }
    return (await res.json()) as T;
  }
}
