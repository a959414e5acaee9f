/** Reads the repository's Dockerfile by stage, so tests and `bench deploy` check (and reuse) what the image build does. */

export interface Stage {
  name: string;
  from: string;
  /** Instruction lines of the stage (comments and blank lines dropped). */
  lines: string[];
}

export function stages(dockerfile: string): Stage[] {
  return dockerfile
    .split(/^(?=FROM )/m)
    .filter((chunk) => chunk.startsWith('FROM '))
    .map((chunk) => {
      const [head, ...rest] = chunk.split('\n');
      const match = /^FROM (\S+)(?: AS (\S+))?/i.exec(head!)!;
      return {
        from: match[1]!,
        name: match[2] ?? '',
        lines: rest.map((l) => l.trim()).filter((l) => l && !l.startsWith('#')),
      };
    });
}

/** The runtime stage's `npm ci …` arguments, so a test installs exactly what the image does. */
export function runtimeInstallArgs(dockerfile: string): string[] {
  const runtime = stages(dockerfile).find((s) => s.name === 'runtime');
  const line = runtime?.lines.find((l) => /^RUN npm ci\b/.test(l));
  if (!line) throw new Error('Dockerfile: no `RUN npm ci` in the runtime stage');
  return line
    .replace(/^RUN npm /, '')
    .split('&&')[0]!
    .trim()
    .split(/\s+/);
}
