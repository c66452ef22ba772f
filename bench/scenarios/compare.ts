/**
 * Runs one workload shape against every comparison target (floor, Parley, the peers) in turn,
 * one target process at a time, and collects a cell per target for each variant.
 */
import type { RelayResult, RelaySpec } from '../generator/spec.js';
import { loadFlags } from '../targets/parley.js';
import type { TargetName } from '../targets/target.js';
import { errorNote, type Cell, type Context, unavailable } from './scenario.js';

export interface Variant {
  readonly label: string;
  /** The relay spec without its target and names, which compare() fills in. */
  readonly spec: Omit<RelaySpec, 'target' | 'userPrefix'>;
}

export type Outcome = { readonly result: RelayResult } | { readonly note: string };

export async function compare(
  ctx: Context,
  variants: readonly Variant[],
  timeoutMs: (v: Variant) => number,
  parleyFlags: readonly string[] = loadFlags,
  names: readonly TargetName[] = ctx.comparisonTargets(),
  /** Start every target speaking TLS (only Parley and ngircd can). */
  tls = false,
): Promise<Map<string, Partial<Record<TargetName, Outcome>>>> {
  const out = new Map<string, Partial<Record<TargetName, Outcome>>>();
  for (const v of variants) out.set(v.label, {});
  for (const name of names) {
    const why = unavailable(name);
    if (why !== undefined) {
      for (const v of variants) out.get(v.label)![name] = { note: why };
      continue;
    }
    let target;
    try {
      const options = name === 'parley' ? { flags: parleyFlags } : {};
      target = await ctx.start(name, tls ? { ...options, tls: true } : options);
    } catch (error) {
      for (const v of variants) out.get(v.label)![name] = { note: errorNote(error) };
      continue;
    }
    try {
      for (const v of variants) {
        ctx.log(`  ${name}: ${v.label}`);
        try {
          const result = await ctx.run(
            {
              ...v.spec,
              target: {
                protocol: target.protocol,
                host: target.host,
                port: target.port,
                pid: target.pid,
                ...(target.tls ? { tls: true } : {}),
              },
              userPrefix: ctx.prefix(),
            },
            timeoutMs(v),
          );
          if (result.kind !== 'relay') throw new Error('unexpected result');
          out.get(v.label)![name] = { result };
        } catch (error) {
          out.get(v.label)![name] = { note: errorNote(error) };
          ctx.log(`    ${errorNote(error)}`);
        }
      }
    } finally {
      const stopped = await target.stop();
      if (stopped.killed) ctx.log(`  ${name} did not stop on SIGTERM within 5 s and was killed`);
    }
  }
  return out;
}

/**
 * Deliveries per second of the server's own CPU time: when other work on the machine takes the
 * server's core (a shared VM), this moves much less than the rate does.
 */
export const perServerCpuSecond = (r: RelayResult): number =>
  r.cpu.server === undefined || r.cpu.server <= 0 ? NaN : r.deliveriesPerSecond / (r.cpu.server / 100);

/** A per-CPU figure's note when a run was too short for the server to use a whole clock tick. */
export const NO_CPU_READING = 'no figure (no CPU reading: too short a run)';

export function cellOf(outcome: Outcome | undefined, pick: (r: RelayResult) => number): Cell {
  if (outcome === undefined) return { note: 'not run' };
  if ('note' in outcome) return { note: outcome.note };
  const value = pick(outcome.result);
  if (!Number.isFinite(value)) return { note: NO_CPU_READING };
  return { value, cpu: outcome.result.cpu, integrity: outcome.result.integrity };
}

export function valueOf(outcome: Outcome | undefined, pick: (r: RelayResult) => number): number | undefined {
  return outcome !== undefined && 'result' in outcome ? pick(outcome.result) : undefined;
}

/** True when every run that produced a result lost, duplicated and reordered nothing. */
export function integrityClean(outcomes: Iterable<Partial<Record<TargetName, Outcome>>>): {
  clean: boolean;
  text: string;
} {
  const bad: string[] = [];
  for (const byTarget of outcomes) {
    for (const [name, o] of Object.entries(byTarget)) {
      if (o !== undefined && 'result' in o) {
        const i = o.result.integrity;
        if (i.lost + i.duplicated + i.reordered > 0)
          bad.push(`${name}: ${i.lost}/${i.duplicated}/${i.reordered}`);
        // A protocol that answers every message must have answered all of them (Parley 1.1: once acked).
        if (o.result.unanswered > 0) bad.push(`${name}: ${o.result.unanswered} unanswered`);
      }
    }
  }
  return { clean: bad.length === 0, text: bad.length === 0 ? '0 lost/dup/reordered' : bad.join(', ') };
}
