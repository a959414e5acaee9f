/** Usage lines of the replay commands: a module of its own, so the CLI's help does not load the engine. */
/** Why one line: the CLI's help and the replay command's usage error print the same text. */
export const REPLAY_USAGE = 'replay --from <date-time> --to <date-time> [--json] [--config file]';
/** Why `…`: several rule-test files may be given at once (SPEC §10 `test <file>…`). */
export const TEST_USAGE = 'test <file.yml>…';
