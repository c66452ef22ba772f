/**
 * The load generator process. The benchmark spawns it pinned to its own core and sends it one
 * workload at a time over the IPC channel; it answers with the result as JSON. It exits when the
 * parent goes away, so it can never outlive a run.
 */
import type {
  FromGenerator,
  RegisterResult,
  RegisterSpec,
  ToGenerator,
  WorkloadResult,
  WorkloadSpec,
} from './spec.js';
import { runBacklog } from './workloads/backlog.js';
import { runIdle } from './workloads/idle.js';
import { runLoginStorm } from './workloads/login-storm.js';
import { runRelay } from './workloads/relay.js';
import { registerAll } from './register.js';

async function runRegister(spec: RegisterSpec): Promise<RegisterResult> {
  const start = performance.now();
  await registerAll(spec.target.host, spec.target.port, spec.names, spec.password, 8, 4);
  return { kind: 'register', registered: spec.names.length, seconds: (performance.now() - start) / 1000 };
}

function send(message: FromGenerator): void {
  process.send?.(message);
}

function run(spec: WorkloadSpec): Promise<WorkloadResult> {
  switch (spec.kind) {
    case 'relay':
      return runRelay(spec);
    case 'idle':
      return runIdle(spec);
    case 'login-storm':
      return runLoginStorm(spec);
    case 'backlog':
      return runBacklog(spec);
    case 'register':
      return runRegister(spec);
  }
}

if (process.send === undefined) {
  process.stderr.write('bench/generator/main.ts is started by bench/run.ts (it needs an IPC channel)\n');
  process.exit(2);
}

process.on('message', (message: ToGenerator) => {
  if (message.type !== 'run') return;
  run(message.spec).then(
    (result) => send({ type: 'result', id: message.id, result }),
    (error: unknown) =>
      send({
        type: 'error',
        id: message.id,
        message: error instanceof Error ? error.message : String(error),
      }),
  );
});
process.on('disconnect', () => process.exit(0));
