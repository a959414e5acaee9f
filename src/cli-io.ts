/**
 * The CLI's terminal: where lines go, how to ask the operator, and whether to colour. `main` takes one,
 * so tests drive the real CLI with a fake; the launcher (`bin/pipeline-bot.js`) passes the process's.
 */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Asks the operator and returns the answer; absent when there is no terminal to ask. */
  ask?: (question: string) => Promise<string>;
  /** ANSI colours (a TTY, and NO_COLOR unset); plain text otherwise. */
  color: boolean;
  /** Whether a human reads `out` (startup lines are kept off a log collector's stdout). */
  interactive: boolean;
}

export function processIo(env: Record<string, string | undefined>): CliIo {
  const tty = !!process.stdout.isTTY;
  return {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    ask: process.stdin.isTTY
      ? async (question) => {
          // Loaded when a question is asked: most commands never ask (CLI start-up).
          const { createInterface } = await import('node:readline/promises');
          const rl = createInterface({ input: process.stdin, output: process.stdout });
          try {
            return await rl.question(question);
          } finally {
            rl.close();
          }
        }
      : undefined,
    color: tty && env.NO_COLOR === undefined,
    interactive: tty,
  };
}
