/**
 * Config keys of the reliability monitors (SPEC §10): `services[]` (service_health) and `deployments`
 * (deployment_drift). Kept apart from `config.ts`, which only mounts them.
 */
import { z } from 'zod';

const name = z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'expected letters, digits, "_" or "-"');

export const serviceSchema = z
  .object({
    name,
    url: z.string().url(),
    auth: z.enum(['none', 'oidc']).default('none'),
    // Why 5 s: a /health answer is instant when the service is well; five seconds is "not answering".
    // Why at most 20 s: the probes run inside every tick, which must finish well within a `/tasks` answer (30 s).
    timeout_ms: z.number().int().min(100).max(20_000).default(5000),
    expect_status: z.number().int().min(100).max(599).default(200),
    // Why 3: one lost probe (a cold start, a deploy) is not an incident; three in a row (3 min) is.
    failures: z.number().int().min(1).max(100).default(3),
  })
  .strict();

/** Names are alert subjects and stored-state keys: each must be unique. */
export const servicesSchema = z
  .array(serviceSchema)
  .default([])
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((s, index) => {
      if (seen.has(s.name))
        ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `duplicate service "${s.name}"` });
      seen.add(s.name);
    });
  });

export const deploymentServiceSchema = z
  .object({
    name,
    region: z.string().regex(/^[a-z]+-[a-z]+\d+$/, 'expected a region such as "us-west2"'),
    /** Cloud Functions 2nd gen are Cloud Run services: both are read the same way. */
    kind: z.enum(['service', 'function']).default('service'),
    /** Services of one group must serve the same commit (e.g. the four orchestrators). */
    group: name.optional(),
  })
  .strict();

export const deploymentsSchema = z
  .object({
    repo: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'expected "owner/name"'),
    branch: z.string().min(1).max(200).default('main'),
    // Why 24 h: the plan's bar — a fix committed a day ago and still not deployed is an incident.
    max_lag_hours: z
      .number()
      .min(1)
      .max(24 * 30)
      .default(24),
    services: z.array(deploymentServiceSchema).min(1),
    /** The revision label (or annotation) that holds the deployed commit sha. */
    commit_label: z.string().min(1).max(63).default('commit-sha'),
  })
  .strict();

export type ServiceTarget = z.infer<typeof serviceSchema>;
export type DeploymentsConfig = z.infer<typeof deploymentsSchema>;
export type DeploymentService = z.infer<typeof deploymentServiceSchema>;
