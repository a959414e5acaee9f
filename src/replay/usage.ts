/** Usage lines of the replay commands: a module of its own, so the CLI's help does not load the engine. */
export const REPLAY_USAGE = 'replay --from <date-time> --to <date-time> [--json] [--config file]';
export const TEST_USAGE = 'test <file.yml>…';
