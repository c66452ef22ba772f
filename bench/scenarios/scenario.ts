/**
 * What a scenario gets (the run's settings and the generator process) and what it gives back:
 * table rows of figures per system under test, and the targets evaluated as met/missed.
 */
import type { CpuFigures, WorkloadResult, WorkloadSpec } from '../generator/spec.js';
import type { Integrity } from '../generator/tracker.js';
import { GeneratorProcess } from '../lib/generator-process.js';
import { targets } from '../targets/index.js';
import type { RunningTarget, StartOptions, TargetName } from '../targets/target.js';

export interface Cell {
  readonly value?: number;
  /** Why there is no value: "not installed", "failed: ...", "skipped: ...". */
  readonly note?: string;
  readonly cpu?: CpuFigures;
  readonly integrity?: Integrity;
}

export interface Row {
  /** What varies within a scenario: "50 pairs", "20k msg/s", ... */
  readonly label: string;
  readonly metric: string;
  readonly unit: string;
  /** Whether a bigger value is better (throughput) or worse (latency, memory). */
  readonly higherIsBetter: boolean;
  readonly cells: Partial<Record<TargetName, Cell>>;
}

export interface Goal {
  readonly description: string;
  readonly measured: string;
  /** undefined: could not be evaluated (a figure is missing). */
  readonly met: boolean | undefined;
}

export interface ScenarioResult {
  readonly id: number;
  readonly title: string;
  readonly rows: Row[];
  readonly goals: Goal[];
  /** Every workload's full result, for the JSON file. */
  readonly raw: Record<string, unknown>;
  readonly notes: string[];
}

export interface Pinning {
  readonly server: number | undefined;
  readonly generator: number | undefined;
}

export class Context {
  private gen: GeneratorProcess | undefined;
  private nextPrefix = 0;

  constructor(
    readonly quick: boolean,
    readonly pinning: Pinning,
    readonly peers: boolean,
    readonly log: (text: string) => void,
    /** When set, Parley servers write CPU profiles here (node --cpu-prof). */
    readonly profileDir: string | undefined = undefined,
    /** Overrides of a scenario's size (`--idle N`, `--storm N`), for profiling at a chosen size. */
    readonly sizes: { readonly idle?: number; readonly storm?: number } = {},
  ) {}

  /** The generator process, restarted if a timed-out workload had it killed. */
  generator(): GeneratorProcess {
    if (this.gen === undefined || !this.gen.alive) this.gen = GeneratorProcess.start(this.pinning.generator);
    return this.gen;
  }

  async run(spec: WorkloadSpec, timeoutMs: number): Promise<WorkloadResult> {
    return this.generator().run(spec, timeoutMs);
  }

  /** A fresh user-name prefix, so workloads on one server never collide. */
  prefix(): string {
    return `b${(this.nextPrefix++).toString(36)}x`;
  }

  async start(name: TargetName, options: Partial<StartOptions> = {}): Promise<RunningTarget> {
    const profile = this.profileDir === undefined ? {} : { profileDir: this.profileDir };
    return targets[name].start({ core: this.pinning.server, ...profile, ...options });
  }

  /** Starts a target, runs `work` against it, and stops it whatever happened. */
  async withTarget<T>(
    name: TargetName,
    options: Partial<StartOptions>,
    work: (target: RunningTarget) => Promise<T>,
  ): Promise<T> {
    const target = await this.start(name, options);
    try {
      return await work(target);
    } finally {
      await target.stop();
    }
  }

  /**
   * Which targets a comparison scenario runs: the floor first (it checks the generator), then
   * Parley, then the peers; `durable` adds redis with the append-only file and streams, for direct
   * messages (Parley 1.1 holds them until acknowledged; broadcasts and idle sessions have no peer
   * in it).
   */
  comparisonTargets(durable = false): TargetName[] {
    if (!this.peers) return ['floor', 'parley'];
    return durable
      ? ['floor', 'parley', 'ngircd', 'redis', 'redis-aof']
      : ['floor', 'parley', 'ngircd', 'redis'];
  }

  async stop(): Promise<void> {
    await this.gen?.stop();
    this.gen = undefined;
  }
}

export const PASSWORD = 'bench-password-1';

export function unavailable(name: TargetName): string | undefined {
  return targets[name].unavailable();
}

export function errorNote(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return `failed: ${text.split('\n')[0] ?? text}`;
}

/** Formats a number for goal text: 1234567 → "1,234,567". */
export function fmt(n: number | undefined, digits = 0): string {
  return n === undefined
    ? 'n/a'
    : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}
