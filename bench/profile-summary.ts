/**
 * `npx tsx bench/profile-summary.ts FILE.cpuprofile [N]`: the functions with the most self time in
 * a V8 CPU profile (from `node --cpu-prof`, or `npm run bench -- --profile DIR`), as a share of the
 * samples taken while the process was not idle, grouped by function and file.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export function summarize(profile: Profile, top: number): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let busy = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const dt = profile.timeDeltas[i] ?? 0;
    if (node === undefined) return;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idle += dt;
      return;
    }
    const file = url.replace(/^file:\/\//, '').replace(/^.*\/(node_modules|work\/main)\//, '$1/');
    const key = `${functionName || '(anonymous)'}  ${file}${file === '' ? '' : `:${lineNumber + 1}`}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    busy += dt;
  });
  const lines = [`busy ${(busy / 1e6).toFixed(2)} s, idle ${(idle / 1e6).toFixed(2)} s`];
  for (const [key, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    lines.push(`${((t / busy) * 100).toFixed(1).padStart(5)} %  ${key}`);
  }
  return lines;
}

const [file, n] = process.argv.slice(2);
if (file === undefined) {
  process.stderr.write('usage: npx tsx bench/profile-summary.ts FILE.cpuprofile [N]\n');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
process.stdout.write(`${summarize(profile, Number(n ?? 30)).join('\n')}\n`);
