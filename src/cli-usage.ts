/** The CLI's usage text: a module of its own, so `help` loads nothing else. */
import { REPLAY_USAGE, TEST_USAGE } from './replay/usage.js';

/** Why one text: `help` and a command-line usage error print the same list, so they cannot disagree. */
export const CLI_USAGE = `Usage: pipeline-bot <command>
  start                                   start the bot (local mode without credentials)
  check [--json]                          run every check once (exit 0 ok, 1 findings, 2 a check could not run)
  status [date]                           every transition for its current date (or the run of date)
  completeness [days]                     per-target completeness grid
  heal <target> [date] [--force] [--dry-run] [--yes]
  history [days]                          recent heals and alerts
  trends [days]                           processor trends vs the period before; charts to DATA_DIR/charts/
  ack <alert>                             acknowledge an open alert (its fingerprint, e.g. stuck:phase2_to_phase3:2026-02-09)
  snooze <alert> <hours>                  snooze an open alert for 1 to 168 hours
  dlq                                     recent dead-lettered messages
  digest [--post]                         print (or post) the daily digest
  setup [--dry-run]                       create/update the BigQuery tables and Cloud Scheduler jobs (plan first)
  doctor                                  check every production prerequisite (exit 0 all pass, 1 otherwise)
  ${REPLAY_USAGE}
                                          the alert timeline the config would have produced
  ${TEST_USAGE}                         rule tests (exit 0 all pass, 1 a failure)
  mute <matchers> <duration> <reason>     hold alerts (e.g. mute check=drift transition=phase3* 2h backfill)
  mutes · unmute <id>                     live silences · end one
  routes [check=… transition=… …]         the routing table, or where such an alert goes`;
