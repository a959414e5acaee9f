/** Local mode's output: findings print to the terminal from the same views Slack would get, on change only. */
import type { CheckResult } from './checks/types.js';
import { fingerprint } from './checks/types.js';
import type { Config } from './config.js';
import { localDate, localTime } from './pipeline/dates.js';
import type { Clock } from './ports.js';
import type { ResultSink } from './service.js';
import { checkReportView, resultLine } from './views/checks.js';
import { plain, renderMessage } from './views/terminal.js';

export function terminalSink(config: Config, clock: Clock, out: (line: string) => void): ResultSink {
  const last = new Map<string, CheckResult['status']>();
  let first = true;
  return async (results) => {
    const now = clock.now();
    const stamp = `${localDate(now, config.timezone)} ${localTime(now, config.timezone)}`;
    if (first) {
      first = false;
      out(renderMessage(checkReportView(results, stamp)));
      for (const r of results) last.set(fingerprint(r), r.status);
      return;
    }
    for (const r of results) {
      const fp = fingerprint(r);
      const before = last.get(fp);
      last.set(fp, r.status);
      if (before === r.status) continue;
      if (r.status === 'ok' && before === undefined) continue;
      out(`${stamp}  ${plain(resultLine(r))}${r.status === 'ok' ? ' (resolved)' : ''}`);
    }
  };
}
