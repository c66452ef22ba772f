/** The parent's handle on the generator process: spawn it pinned, run workloads, stop it. */
import { fileURLToPath } from 'node:url';
import type { FromGenerator, WorkloadResult, WorkloadSpec } from '../generator/spec.js';
import { spawnPinned, stopProcess, type Pinned } from './processes.js';

const script = fileURLToPath(new URL('../generator/main.ts', import.meta.url));

export class GeneratorProcess {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (r: WorkloadResult) => void; reject: (e: Error) => void }
  >();

  private constructor(private readonly p: Pinned) {
    p.child.on('message', (message: FromGenerator) => {
      if (message.type === 'log') return;
      const waiter = this.pending.get(message.id);
      if (waiter === undefined) return;
      this.pending.delete(message.id);
      if (message.type === 'result') waiter.resolve(message.result);
      else waiter.reject(new Error(message.message));
    });
    p.child.on('exit', (code, signal) => {
      for (const waiter of this.pending.values()) {
        waiter.reject(
          new Error(`the generator exited (${code ?? signal}); last output:\n${p.tail.join('\n')}`),
        );
      }
      this.pending.clear();
    });
  }

  get pid(): number {
    return this.p.pid;
  }

  static start(core: number | undefined): GeneratorProcess {
    const p = spawnPinned(core, process.execPath, ['--import', 'tsx', '--max-old-space-size=4096', script], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    return new GeneratorProcess(p);
  }

  /** Runs one workload; if it takes longer than `timeoutMs` the generator is killed. */
  run(spec: WorkloadSpec, timeoutMs: number): Promise<WorkloadResult> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        this.p.child.kill('SIGKILL');
        reject(
          new Error(
            `workload ${spec.kind} did not finish within ${Math.round(timeoutMs / 1000)} s; generator killed`,
          ),
        );
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.p.child.send({ type: 'run', id, spec });
    });
  }

  get alive(): boolean {
    return this.p.child.exitCode === null && this.p.child.signalCode === null;
  }

  async stop(): Promise<void> {
    this.p.child.disconnect();
    await stopProcess(this.p, 3_000);
  }
}
