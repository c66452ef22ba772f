/**
 * A read-only copy of the server's code at one commit (`git archive`), with node_modules linked to
 * this checkout's, so a run measures a known commit even while the working tree is being edited.
 * Removed when the run ends.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Snapshot {
  readonly dir: string;
  readonly commit: string;
  remove(): void;
}

export function snapshotServer(repo: string, rev: string): Snapshot {
  const commit = execFileSync('git', ['rev-parse', '--short', rev], { cwd: repo, encoding: 'utf8' }).trim();
  const dir = mkdtempSync(join(tmpdir(), `parley-bench-server-${commit}-`));
  const tar = execFileSync(
    'git',
    ['archive', '--format=tar', commit, 'src-main', 'src-shared', 'package.json', 'tsconfig.json'],
    {
      cwd: repo,
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  execFileSync('tar', ['-x', '-C', dir], { input: tar });
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return { dir, commit, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A copy of another checkout's server code as it is now, committed or not (`--server-dir`, e.g. a
 * worktree where the server is being written), so that its later edits don't reach a running benchmark.
 */
export function snapshotDir(repo: string, source: string): Snapshot {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-server-dir-'));
  for (const part of ['src-main', 'src-shared', 'package.json', 'tsconfig.json'])
    cpSync(join(source, part), join(dir, part), { recursive: true });
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
  let commit = '?';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: source, encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout: the header says so
  }
  const dirty = serverTreeDirty(source) === true ? ' with uncommitted changes' : '';
  return {
    dir,
    commit: `${commit}${dirty} (copied from ${source})`,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Whether the working tree has uncommitted changes under the server's folders. */
export function serverTreeDirty(repo: string): boolean | undefined {
  try {
    return (
      execFileSync('git', ['status', '--porcelain', '--', 'src-main', 'src-shared'], {
        cwd: repo,
        encoding: 'utf8',
      }).trim() !== ''
    );
  } catch {
    return undefined;
  }
}
