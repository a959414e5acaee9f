/**
 * Evidence links (config `links.<kind>` URL templates, with Google Cloud console defaults): where to look
 * for an alert — its completion document, the orchestrator's logs around the detection time, the
 * Scheduler job, the BigQuery table, the runbook. Placeholder values are URL-encoded; a link whose
 * placeholders have no value for an alert (no project in local mode, no heal job) is left out. Pure.
 */
import type { Transition } from '../pipeline/types.js';

/** Why these five: the `links.<kind>` keys (SPEC §10): document, logs, job, table and runbook of an alert. */
export const LINK_KINDS = ['firestore', 'logs', 'scheduler', 'bigquery', 'runbook'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

/** Why listed: the values an alert can fill in; a template naming another is a config error. */
export const PLACEHOLDERS = [
  'project',
  'dataset',
  'collection',
  'date',
  'transition',
  'job',
  'location',
  'check',
  'subject',
  'from',
  'to',
] as const;
type Placeholder = (typeof PLACEHOLDERS)[number];

/** Why: every default link opens the Google Cloud console, where on-call is already signed in. */
const CONSOLE = 'https://console.cloud.google.com';
/** Why these: the pages an on-call engineer opens by hand today for each kind of evidence. */
export const DEFAULT_LINKS: Partial<Record<LinkKind, string>> = {
  firestore: `${CONSOLE}/firestore/databases/-default-/data/panel/{collection}/{date}?project={project}`,
  logs: `${CONSOLE}/logs/query;query=%22{transition}%22;timeRange={from}%2F{to}?project={project}`,
  scheduler: `${CONSOLE}/cloudscheduler/jobs/edit/{location}/{job}?project={project}`,
  bigquery: `${CONSOLE}/bigquery?project={project}&ws=!1m5!1m4!4m3!1s{project}!2s{dataset}!3sphase_completions`,
};

/** Why ±30 min: the orchestrator's log lines about a hand-off cluster around the moment it should have fired. */
export const LOG_WINDOW_MS = 30 * 60_000;

/** Hand-written scan of `{name}` tokens: no pattern is built from the template. */
function placeholdersOf(template: string): string[] {
  const out: string[] = [];
  let at = template.indexOf('{');
  while (at >= 0) {
    const end = template.indexOf('}', at);
    if (end < 0) break;
    out.push(template.slice(at + 1, end));
    at = template.indexOf('{', end);
  }
  return out;
}

export function templateProblem(template: string): string | undefined {
  if (!/^https?:\/\/[^\s<>|"`]+$/.test(template))
    return 'expected an http(s) URL without spaces or < > | " `';
  const unknown = placeholdersOf(template).filter((p) => !(PLACEHOLDERS as readonly string[]).includes(p));
  if (unknown.length)
    return `unknown placeholder(s) ${unknown.map((p) => `{${p}}`).join(', ')}; known: ${PLACEHOLDERS.map((p) => `{${p}}`).join(' ')}`;
  return undefined;
}

export function expandTemplate(
  template: string,
  values: Partial<Record<Placeholder, string>>,
): string | undefined {
  let out = '';
  let rest = template;
  for (let at = rest.indexOf('{'); at >= 0; at = rest.indexOf('{')) {
    const end = rest.indexOf('}', at);
    const value = values[rest.slice(at + 1, end) as Placeholder];
    if (value === undefined || value === '') return undefined;
    out += rest.slice(0, at) + encodeURIComponent(value);
    rest = rest.slice(end + 1);
  }
  return out + rest;
}

export interface LinkSubject {
  check: string;
  subject: string;
  transition?: string;
  date?: string;
  detectedAt: Date;
}

export interface LinkContext {
  templates: Partial<Record<LinkKind, string>>;
  project?: string;
  dataset: string;
  transitions: readonly Pick<Transition, 'id' | 'collection' | 'heal'>[];
}

export interface EvidenceLink {
  kind: LinkKind;
  url: string;
}

export function evidenceLinks(ctx: LinkContext, a: LinkSubject): EvidenceLink[] {
  const t = ctx.transitions.find((x) => x.id === a.transition);
  const values: Partial<Record<Placeholder, string>> = {
    project: ctx.project,
    dataset: ctx.dataset,
    collection: t?.collection,
    date: a.date,
    transition: a.transition,
    job: t?.heal?.action === 'scheduler_job' ? t.heal.job : undefined,
    location: t?.heal?.action === 'scheduler_job' ? t.heal.location : undefined,
    check: a.check,
    subject: a.subject,
    from: new Date(a.detectedAt.getTime() - LOG_WINDOW_MS).toISOString(),
    to: new Date(a.detectedAt.getTime() + LOG_WINDOW_MS).toISOString(),
  };
  const out: EvidenceLink[] = [];
  for (const kind of LINK_KINDS) {
    const template = ctx.templates[kind] ?? DEFAULT_LINKS[kind];
    const url = template ? expandTemplate(template, values) : undefined;
    if (url) out.push({ kind, url });
  }
  return out;
}
