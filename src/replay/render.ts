/** The replay timeline as terminal text and as JSON for machines. Pure. */

import { localDateTime } from '../pipeline/dates.js';
import { formatDuration } from '../util/duration-text.js';
import type { ReplayResult } from './engine.js';
import type { TimelineEvent } from './timeline.js';

/** Why upper case, ≤ 8 letters: the kind column of the timeline lines up and stands out. */
const LABEL: Record<TimelineEvent['kind'], string> = {
  fired: 'FIRED',
  reminded: 'REMINDER',
  resolved: 'RESOLVED',
  digest: 'DIGEST',
};

function line(e: TimelineEvent): string {
  if (e.kind === 'digest') return `${e.date}: ${e.issues.length ? e.issues.join('; ') : 'all clear'}`;
  const head = `${e.check}:${e.subject}  ${e.severity}`;
  if (e.kind === 'fired')
    return `${head}  ${e.occurrence > 1 ? `(again, #${e.occurrence}) ` : ''}${e.summary}`;
  if (e.kind === 'reminded')
    return `${head}  still firing after ${formatDuration(e.firingMinutes * 60_000)}, not acknowledged`;
  const why = e.reason === 'passed' ? 'check passes' : 'no longer evaluated';
  return `${head}  after ${formatDuration(e.firingMinutes * 60_000)} (${why})`;
}

export function renderTimeline(r: ReplayResult, tz: string, note: string): string[] {
  const at = (d: Date) => localDateTime(d, tz);
  const out = [`Replay ${at(r.from)} → ${at(r.to)} ${tz}: ${r.ticks} check runs; ${note}`];
  if (!r.events.length) out.push('No alert would have fired and no digest was due.');
  for (const e of r.events) out.push(`${at(e.at)}  ${LABEL[e.kind].padEnd(8)}  ${line(e)}`);
  const fired = r.events.filter((e) => e.kind === 'fired').length;
  const resolved = r.events.filter((e) => e.kind === 'resolved').length;
  out.push(`${fired} alert${fired === 1 ? '' : 's'} fired, ${resolved} resolved.`);
  return out;
}

export function timelineJson(r: ReplayResult, tz: string): unknown {
  return {
    from: r.from.toISOString(),
    to: r.to.toISOString(),
    timezone: tz,
    ticks: r.ticks,
    events: r.events.map((e) => ({ ...e, at: e.at.toISOString() })),
  };
}
