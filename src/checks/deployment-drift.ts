/**
 * `deployment_drift` (SPEC §10): a fix committed but never deployed. For each configured Cloud Run service
 * (or 2nd gen function): the commit its serving revision carries (label or annotation `commit_label`)
 * against the latest commit of `deployments.branch`. Fires when the oldest commit the service lacks is
 * older than `max_lag_hours`; a `group` whose services serve different commits fires too; a service
 * with no commit label is a warning that names it. Runs on the warehouse cadence and on demand.
 */

import type { DeploymentService, DeploymentsConfig } from '../monitors/config-schema.js';
import type {
  Commit,
  CommitSource,
  Comparison,
  DeployedRevisions,
  ServingRevision,
} from '../monitors/ports.js';
import { formatDuration } from '../util/duration-text.js';
import { errText } from '../util/error-text.js';
import type { Check, CheckResult } from './types.js';

/** Why in ms: `max_lag_hours` is configured in hours, the lag is measured in milliseconds. */
const HOUR = 3_600_000;
/** Why 7: enough of a sha to find it, short enough to read in an alert. */
const SHORT_SHA = 7;
const short = (sha: string) => sha.slice(0, SHORT_SHA);

export interface DeploymentDriftPorts {
  revisions: DeployedRevisions;
  commits: CommitSource;
}

/** What was learned about one service: its serving revision (or why it could not be read). */
export interface DriftObservation {
  service: DeploymentService;
  serving?: ServingRevision;
  error?: string;
  /** How the served commit stands against the latest one (absent when equal or unknown). */
  comparison?: Comparison;
}

export function deploymentDriftCheck(ports: DeploymentDriftPorts): Check {
  return {
    id: 'deployment_drift',
    tier: 'external',
    run: async (ctx) => {
      const cfg = ctx.config.deployments;
      if (!cfg) return [];
      const [latest, serving] = await Promise.all([
        ports.commits.latest(cfg.repo, cfg.branch),
        Promise.allSettled(cfg.services.map((s) => ports.revisions.serving(s, cfg.commit_label))),
      ]);
      const comparisons = new Map<string, Promise<Comparison>>();
      const observed = await Promise.all(
        cfg.services.map(async (service, i): Promise<DriftObservation> => {
          const settled = serving[i]!;
          if (settled.status === 'rejected') return { service, error: errText(settled.reason) };
          const commit = settled.value.commit;
          if (!commit || commit === latest.sha) return { service, serving: settled.value };
          if (!comparisons.has(commit))
            comparisons.set(commit, ports.commits.compare(cfg.repo, commit, latest.sha));
          try {
            return { service, serving: settled.value, comparison: await comparisons.get(commit)! };
          } catch (err) {
            // A commit GitHub does not know (deployed from a fork?) spoils only this service's verdict.
            return { service, serving: settled.value, error: errText(err) };
          }
        }),
      );
      return deploymentDriftResults(cfg, latest, observed, ctx.now);
    },
  };
}

export function deploymentDriftResults(
  cfg: DeploymentsConfig,
  latest: Commit,
  observed: DriftObservation[],
  now: Date,
): CheckResult[] {
  return [...observed.map((o) => serviceResult(cfg, latest, o, now)), ...groupResults(cfg, observed)];
}

function serviceResult(cfg: DeploymentsConfig, latest: Commit, o: DriftObservation, now: Date): CheckResult {
  const name = o.service.name;
  const base = {
    check: 'deployment_drift' as const,
    subject: name,
    facts: [
      {
        label: o.service.kind === 'function' ? 'Function' : 'Service',
        value: `${name} (${o.service.region})`,
      },
      ...(o.serving ? [{ label: 'Revision', value: o.serving.revision }] : []),
      ...(o.serving?.commit ? [{ label: 'Deployed commit', value: short(o.serving.commit) }] : []),
      {
        label: `Latest on ${cfg.branch}`,
        value: `${short(latest.sha)} (${latest.committedAt.toISOString()})`,
      },
    ],
  };
  const details = {
    service: name,
    region: o.service.region,
    revision: o.serving?.revision ?? null,
    deployed_commit: o.serving?.commit ?? null,
    latest_commit: latest.sha,
    max_lag_hours: cfg.max_lag_hours,
  };
  if (o.error) {
    return {
      ...base,
      status: 'error',
      summary: o.serving
        ? `Could not compare ${name}'s commit ${short(o.serving.commit ?? '')} with ${cfg.branch}: ${o.error}`
        : `Could not read what ${name} serves: ${o.error}`,
      details: { ...details, error: o.error },
    };
  }
  if (!o.serving?.commit) {
    return {
      ...base,
      status: 'warn',
      summary: `${name} (revision ${o.serving!.revision}) carries no "${cfg.commit_label}" label or annotation: which commit it serves is unknown. Deploy it with --labels ${cfg.commit_label}=<sha>.`,
      details,
    };
  }
  const deployed = short(o.serving.commit);
  if (!o.comparison || o.comparison.status === 'identical') {
    return {
      ...base,
      status: 'ok',
      summary: `${name} serves ${deployed}, the latest commit on ${cfg.branch}`,
      details,
    };
  }
  if (o.comparison.status !== 'behind') {
    return {
      ...base,
      status: 'warn',
      summary: `${name} serves ${deployed}, which is not on ${cfg.branch} (${o.comparison.status} of ${short(latest.sha)}): deployed from another branch?`,
      details: { ...details, comparison: o.comparison.status },
    };
  }
  return behindResult(cfg, latest, o.comparison, now, base, details, deployed);
}

function behindResult(
  cfg: DeploymentsConfig,
  latest: Commit,
  comparison: Comparison,
  now: Date,
  base: Pick<CheckResult, 'check' | 'subject' | 'facts'>,
  details: Record<string, unknown>,
  deployed: string,
): CheckResult {
  const oldest = comparison.missing[0]?.committedAt ?? latest.committedAt;
  const lagMs = now.getTime() - oldest.getTime();
  const behind = comparison.missing.length;
  const age = formatDuration(lagMs);
  const firing = lagMs > cfg.max_lag_hours * HOUR;
  const facts = [
    ...base.facts,
    { label: 'Behind by', value: `${behind} commit(s); the oldest is ${age} old` },
  ];
  return {
    ...base,
    facts,
    status: firing ? 'fail' : 'ok',
    summary: firing
      ? `${base.subject} serves ${deployed}, ${behind} commit(s) behind ${cfg.branch} (latest ${short(latest.sha)}); the oldest undeployed commit is ${age} old (more than ${cfg.max_lag_hours} h): a fix may be committed but not deployed.`
      : `${base.subject} serves ${deployed}, ${behind} commit(s) behind ${short(latest.sha)}, undeployed for ${age} (within ${cfg.max_lag_hours} h)`,
    details: {
      ...details,
      behind_by: behind,
      oldest_missing_at: oldest.toISOString(),
      lag_hours: lagMs / HOUR,
    },
    next_due: firing ? undefined : new Date(oldest.getTime() + cfg.max_lag_hours * HOUR + 1),
  };
}

/** Services of one group must serve one commit; a split group names who serves what. */
function groupResults(cfg: DeploymentsConfig, observed: DriftObservation[]): CheckResult[] {
  const groups = new Map<string, DriftObservation[]>();
  for (const o of observed) {
    if (o.service.group) groups.set(o.service.group, [...(groups.get(o.service.group) ?? []), o]);
  }
  return [...groups].map(([group, members]): CheckResult => {
    const known = members.filter((m) => m.serving?.commit);
    const commits = new Set(known.map((m) => m.serving!.commit!));
    const who = known.map((m) => `${m.service.name}: ${short(m.serving!.commit!)}`);
    const split = commits.size > 1;
    return {
      check: 'deployment_drift',
      subject: `group:${group}`,
      status: split ? 'fail' : 'ok',
      summary: split
        ? `Group ${group} is split: its services serve ${commits.size} different commits (${who.join(', ')}); they should run the same one.`
        : `Group ${group}: ${known.length} of ${members.length} service(s) serve ${commits.size ? short([...commits][0]!) : 'no known commit'}`,
      details: {
        group,
        commits: Object.fromEntries(known.map((m) => [m.service.name, m.serving!.commit!])),
        repo: cfg.repo,
      },
      facts: [{ label: 'Group', value: group }, ...who.map((w) => ({ label: 'Serves', value: w }))],
    };
  });
}
