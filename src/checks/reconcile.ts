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
import type { CompletionDoc, Transition } from '../pipeline/types.js';
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
  return reconcileWindow(snap, lookback).flatMap(({ view, dates }) => {
    const names = phaseNames(view.transition);
    return dates.map((date) =>
      reconcileRun(
        snap,
        view.transition,
        date,
        view.docs.get(date)!,
        latestCompletion(rows.filter((r) => r.gameDate === date && names.includes(r.phase))),
      ),
    );
  });
}

/** The verdict for one transition+date: agree, still settling, unknown (NULL), or which copy is wrong. */
function reconcileRun(
  snap: Snapshot,
  t: Transition,
  date: string,
  doc: CompletionDoc,
  row: PhaseCompletionRow | undefined,
): CheckResult {
  const fs = doc.triggered;
  const base = {
    check: 'reconcile' as const,
    subject: `${t.id}:${date}`,
    transition: t.id,
    date,
    details: {
      firestore_exists: doc.exists,
      firestore_triggered: fs,
      firestore_triggered_at: doc.triggeredAt?.toISOString() ?? null,
      bigquery_row: row !== undefined,
      bigquery_triggered: row?.isTriggered ?? null,
      bigquery_updated_at: row?.updatedAt?.toISOString() ?? null,
    },
    facts: reconcileFacts(snap.tz, t, date, doc, row),
  };
  const disagree = row ? row.isTriggered !== fs : fs;
  if (!disagree) {
    return {
      ...base,
      status: 'ok',
      summary: `${t.id} ${date}: Firestore and BigQuery agree (${fs ? 'triggered' : 'not triggered'})`,
    };
  }
  const lastWrite = Math.max(doc.triggeredAt?.getTime() ?? 0, row?.updatedAt?.getTime() ?? 0);
  const settlesAt = new Date(lastWrite + t.grace_minutes * 60_000);
  if (settlesAt > snap.now) {
    return {
      ...base,
      status: 'ok',
      summary: `${t.id} ${date}: copies differ, still settling`,
      next_due: settlesAt,
    };
  }
  if (row !== undefined && row.isTriggered === null) {
    return {
      ...base,
      status: 'warn',
      summary: `${t.id} ${date}: BigQuery \`phase_completions.is_triggered\` is NULL (unknown), so it cannot be compared with Firestore \`_triggered\` (${fs})`,
    };
  }
  if (!row) {
    return {
      ...base,
      status: 'warn',
      summary: `${t.id} ${date}: Firestore says triggered but BigQuery \`phase_completions\` has no row for it; reports built on BigQuery miss this run`,
    };
  }
  return {
    ...base,
    status: 'fail',
    summary: fs
      ? `${t.id} ${date}: Firestore \`_triggered\` is true but BigQuery \`phase_completions.is_triggered\` is false; the BigQuery copy was not updated`
      : `${t.id} ${date}: BigQuery \`phase_completions.is_triggered\` is true but Firestore \`_triggered\` is ${doc.exists ? 'false' : 'absent (no document)'}; the next phase may never have started`,
  };
}

function reconcileFacts(
  tz: string,
  t: Transition,
  date: string,
  doc: CompletionDoc,
  row: PhaseCompletionRow | undefined,
) {
  return [
    { label: 'Transition', value: t.id },
    { label: 'Date', value: date },
    {
      label: 'Firestore triggered',
      value: doc.exists
        ? `${doc.triggered}${doc.triggeredAt ? ` (${localTime(doc.triggeredAt, tz)})` : ''}`
        : 'no document',
    },
    {
      label: 'BigQuery triggered',
      value: row
        ? `${row.isTriggered ?? 'unknown'}${row.updatedAt ? ` (updated ${localTime(row.updatedAt, tz)})` : ''}`
        : 'no row',
    },
  ];
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
