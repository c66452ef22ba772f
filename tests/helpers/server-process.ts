/**
 * The real server CLI as a child process, for tests that kill it (SIGKILL included) and start it
 * again over the same data folder. Children still running after a test are killed by `killAll`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const CLI = join(import.meta.dirname, '..', '..', 'src-main', 'server', 'cli.ts');

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly stderr: string[];
  /** kill -9, resolved once the process is gone. */
  kill9(): Promise<void>;
}

const running = new Set<ChildProcess>();

export function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/** Spawns the CLI with `args` and resolves once it prints its `listening on` line. */
export async function startServerProcess(args: string[]): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = once(child, 'exit').then(() => running.delete(child));
  const stderr: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => stderr.push(line));
  const lines = createInterface({ input: child.stdout });
  const [first] = (await Promise.race([
    once(lines, 'line'),
    exited.then(() => {
      throw new Error(`server exited early: ${stderr.join('\n')}`);
    }),
  ])) as [string];
  const match = /^listening on 127\.0\.0\.1:(\d+)$/.exec(first);
  if (!match) throw new Error(`unexpected first line: ${first}`);
  return {
    child,
    port: Number(match[1]),
    stderr,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}
