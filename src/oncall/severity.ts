/**
 * Severity of an alert for on-call (`critical` / `warning` / `info`), separate from a result's status:
 * each check has a default, overridable in config per check (`checks.<name>.severity: critical`) and per
 * transition (`checks.<name>.severity: { default: warning, phase2_to_phase3: critical }`). Pure.
 */
/** Why these three: act now, act in office hours, for information; `escalation.<severity>` keys on them. */
export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Why these: a stuck or overdue run stops the day's predictions; a blind monitor is as bad; the rest can wait for office hours. */
export const DEFAULT_SEVERITY: Record<string, Severity> = {
  stuck: 'critical',
  overdue: 'critical',
  check_health: 'critical',
  drift: 'warning',
  completeness: 'warning',
  consecutive_failures: 'warning',
  reconcile: 'warning',
  heal_frequency: 'info',
};

/** Why warning: a check this code does not know yet (added later) should be seen, not page anyone. */
const FALLBACK: Severity = 'warning';

export type SeveritySetting = Severity | ({ default?: Severity } & Record<string, Severity | undefined>);

/** `checks` from config, read loosely: only `<name>.severity` matters here. */
export type ChecksSeverityConfig = Record<string, unknown>;

export function severityOf(checks: ChecksSeverityConfig, check: string, transition?: string): Severity {
  const entry = checks[check];
  const setting =
    entry && typeof entry === 'object' ? (entry as { severity?: SeveritySetting }).severity : undefined;
  if (typeof setting === 'string') return setting;
  if (setting) {
    const byTransition = transition ? setting[transition] : undefined;
    if (byTransition) return byTransition;
    if (setting.default) return setting.default;
  }
  return DEFAULT_SEVERITY[check] ?? FALLBACK;
}
