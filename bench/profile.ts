/**
 * Summarizes `--cpu-prof` profiles (the burst bench's `PROFILE_DIR`): self time per function, the top
 * entries, so the README can quote what the CPU was spent on.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Why: the head of the list is what a reader can act on; the tail is noise. */
const TOP = 15;

/** Who owns a frame: an npm package, a folder of ours, node's internals, or native code. */
function owner(where: string, functionName: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(where);
  if (pkg) return pkg[1]!;
  const ours = /dist\/src\/([^/:]+)/.exec(where);
  if (ours) return `src/${ours[1]}`;
  if (where.startsWith('node:')) return 'node internals';
  return where ? where : functionName.startsWith('(') ? functionName : 'native';
}

export function summarizeProfiles(dir: string): void {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const self = new Map<string, number>();
    const byPackage = new Map<string, number>();
    let total = 0;
    profile.samples.forEach((id, i) => {
      const frame = byId.get(id)!.callFrame;
      const where = frame.url ? relative(process.cwd(), frame.url.replace(/^file:\/\//, '')) : '';
      const key = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
      const us = profile.timeDeltas[i] ?? 0;
      self.set(key, (self.get(key) ?? 0) + us);
      const pkg = owner(where, frame.functionName);
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
      total += us;
    });
    const busy = [...self].filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(program)'));
    const busyUs = busy.reduce((a, [, us]) => a + us, 0);
    console.log(
      `\n## Profile ${file}: ${(busyUs / 1000).toFixed(0)} ms busy of ${(total / 1000).toFixed(0)} ms`,
    );
    for (const [key, us] of busy.sort((a, b) => b[1] - a[1]).slice(0, TOP))
      console.log(
        `  ${(us / 1000).toFixed(1).padStart(8)} ms  ${((100 * us) / busyUs).toFixed(1).padStart(5)}%  ${key}`,
      );
    console.log('  by package / folder:');
    const packages = [...byPackage].filter(([k]) => k !== '(idle)' && k !== '(program)');
    for (const [pkg, us] of packages.sort((a, b) => b[1] - a[1]).slice(0, TOP))
      console.log(
        `  ${(us / 1000).toFixed(1).padStart(8)} ms  ${((100 * us) / busyUs).toFixed(1).padStart(5)}%  ${pkg}`,
      );
  }
}
