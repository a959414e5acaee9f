/**
 * `reconcile` (SPEC §3): Firestore `_triggered` vs BigQuery `phase_completions.is_triggered`, per transition
 * and date over the last `reconcile.lookback_days` dates. The two copies are written moments apart, so a
 * disagreement fires only once both have had the transition's grace to settle.
 *
 * `phase_completions.phase` is matched against the completion collection without `_completion`
 * (`phase2_completion` → `phase2`) or the transition id; `game_date` against the document's date. The
 * latest row wins by `compareCompletions`. A NULL `is_triggered` is unknown: reconcile says so (warn)
 * instead of reporting a disagreement.
 */
import { localTime } from '../pipeline/dates.js';
import type { Snapshot } from '../pipeline/snapshot.js';
import type { Transition } from '../pipeline/types.js';
import { latestCompletion } from '../warehouse/phase-completions.js';
import type { PhaseCompletionRow } from '../warehouse/ports.js';
import type { Check, CheckResult } from './types.js';

export function phaseNames(t: Transition): string[] {
  return [t.collection.replace(/_completion$/, ''), t.id];
}

export function reconcileWindow(snap: Snapshot, lookback: number) {
  return snap.transitions.map((v) => ({ view: v, dates: v.dates.slice(-lookback) }));
}

export function reconcileResults(
  snap: Snapshot,
  rows: PhaseCompletionRow[],
  lookback: number,
): CheckResult[] {
  const tz = snap.tz;
  const out: CheckResult[] = [];
  for (const { view, dates } of reconcileWindow(snap, lookback)) {
    const t = view.transition;
    const names = phaseNames(t);
    for (const date of dates) {
      const doc = view.docs.get(date)!;
      const row = latestCompletion(rows.filter((r) => r.gameDate === date && names.includes(r.phase)));
      const fs = doc.triggered;
      const facts = [
        { label: 'Transition', value: t.id },
        { label: 'Date', value: date },
        {
          label: 'Firestore triggered',
          value: doc.exists
            ? `${fs}${doc.triggeredAt ? ` (${localTime(doc.triggeredAt, tz)})` : ''}`
            : 'no document',
        },
        {
          label: 'BigQuery triggered',
          value: row
            ? `${row.isTriggered ?? 'unknown'}${row.updatedAt ? ` (updated ${localTime(row.updatedAt, tz)})` : ''}`
            : 'no row',
        },
      ];
      const details = {
        firestore_exists: doc.exists,
        firestore_triggered: fs,
        firestore_triggered_at: doc.triggeredAt?.toISOString() ?? null,
        bigquery_row: row !== undefined,
        bigquery_triggered: row?.isTriggered ?? null,
        bigquery_updated_at: row?.updatedAt?.toISOString() ?? null,
      };
      const base = {
        check: 'reconcile' as const,
        subject: `${t.id}:${date}`,
        transition: t.id,
        date,
        details,
        facts,
      };
      const unknown = row !== undefined && row.isTriggered === null;
      const disagree = row ? row.isTriggered !== fs : fs;
      const lastWrite = Math.max(doc.triggeredAt?.getTime() ?? 0, row?.updatedAt?.getTime() ?? 0);
      const settlesAt = new Date(lastWrite + t.grace_minutes * 60_000);
      if (!disagree) {
        out.push({
          ...base,
          status: 'ok',
          summary: `${t.id} ${date}: Firestore and BigQuery agree (${fs ? 'triggered' : 'not triggered'})`,
        });
        continue;
      }
      if (settlesAt > snap.now) {
        out.push({
          ...base,
          status: 'ok',
          summary: `${t.id} ${date}: copies differ, still settling`,
          next_due: settlesAt,
        });
        continue;
      }
      if (unknown) {
        out.push({
          ...base,
          status: 'warn',
          summary: `${t.id} ${date}: BigQuery \`phase_completions.is_triggered\` is NULL (unknown), so it cannot be compared with Firestore \`_triggered\` (${fs})`,
        });
      } else if (!row) {
        out.push({
          ...base,
          status: 'warn',
          summary: `${t.id} ${date}: Firestore says triggered but BigQuery \`phase_completions\` has no row for it; reports built on BigQuery miss this run`,
        });
      } else if (fs) {
        out.push({
          ...base,
          status: 'fail',
          summary: `${t.id} ${date}: Firestore \`_triggered\` is true but BigQuery \`phase_completions.is_triggered\` is false; the BigQuery copy was not updated`,
        });
      } else {
        out.push({
          ...base,
          status: 'fail',
          summary: `${t.id} ${date}: BigQuery \`phase_completions.is_triggered\` is true but Firestore \`_triggered\` is ${doc.exists ? 'false' : 'absent (no document)'}; the next phase may never have started`,
        });
      }
    }
  }
  return out;
}

export const reconcileCheck: Check = {
  id: 'reconcile',
  tier: 'warehouse',
  run: async (ctx) => {
    const snap = await ctx.snapshot();
    const lookback = ctx.config.checks.reconcile.lookback_days;
    const windows = reconcileWindow(snap, lookback);
    const dates = windows.flatMap((w) => w.dates).sort();
    if (dates.length === 0) return [];
    const phases = [...new Set(windows.flatMap((w) => phaseNames(w.view.transition)))];
    const rows = await ctx.warehouse!.phaseCompletions(phases, dates[0]!, dates[dates.length - 1]!);
    return reconcileResults(snap, rows, lookback);
  },
};
