/**
 * Scenario 7: scenario 2's middle rate for normal users, first alone, then beside slow handshakes,
 * oversized lines and flooding clients, on one server with a per-connection rate limit on (the
 * flooders must hit it; normal users send 100 msg/s each, well under it).
 */
import type { AbuseSpec } from '../generator/spec.js';
import { loadFlags } from '../targets/parley.js';
import { fixedRateVariant, latencyRows } from './2-fixed-rate.js';
import type { Outcome } from './compare.js';
import { errorNote, fmt, unavailable, type Context, type Row, type ScenarioResult } from './scenario.js';

export const ABUSE_RATE_LIMIT = 500;

export async function abuseUnderLoad(ctx: Context): Promise<ScenarioResult> {
  const base = fixedRateVariant(ctx, ctx.quick ? 5_000 : 20_000);
  const abuse: AbuseSpec = ctx.quick
    ? { slowConnections: 20, oversizedConnections: 2, flooders: 1 }
    : { slowConnections: 500, oversizedConnections: 4, flooders: 2 };
  const flags = loadFlags.map((f, i) => (loadFlags[i - 1] === '--rate-limit' ? String(ABUSE_RATE_LIMIT) : f));
  const outcomes: Record<'calm' | 'abused', Outcome> = {
    calm: { note: 'not run' },
    abused: { note: 'not run' },
  };
  const why = unavailable('parley');
  if (why !== undefined) {
    outcomes.calm = { note: why };
    outcomes.abused = { note: why };
  } else {
    try {
      await ctx.withTarget('parley', { flags }, async (target) => {
        const ref = { protocol: target.protocol, host: target.host, port: target.port, pid: target.pid };
        for (const phase of ['calm', 'abused'] as const) {
          ctx.log(`  parley: ${base.label}${phase === 'abused' ? ' + abuse' : ''}`);
          try {
            const spec = {
              ...base.spec,
              target: ref,
              userPrefix: ctx.prefix(),
              ...(phase === 'abused' ? { abuse } : {}),
            };
            const r = await ctx.run(spec, ctx.quick ? 60_000 : 180_000);
            outcomes[phase] = r.kind === 'relay' ? { result: r } : { note: 'unexpected result' };
          } catch (error) {
            outcomes[phase] = { note: errorNote(error) };
            ctx.log(`    ${errorNote(error)}`);
          }
        }
      });
    } catch (error) {
      outcomes.calm = { note: errorNote(error) };
      outcomes.abused = { note: errorNote(error) };
    }
  }
  const rows: Row[] = [
    ...latencyRows(`${base.label} alone`, { parley: outcomes.calm }),
    ...latencyRows(`${base.label} + abuse`, { parley: outcomes.abused }),
  ];
  const p99 = (o: Outcome): number | undefined => ('result' in o ? o.result.latency.p99 : undefined);
  const abused = p99(outcomes.abused);
  const calm = p99(outcomes.calm);
  const integrity = (o: Outcome): string =>
    'result' in o
      ? `${o.result.integrity.lost}/${o.result.integrity.duplicated}/${o.result.integrity.reordered}`
      : 'n/a';
  const report = 'result' in outcomes.abused ? outcomes.abused.result.abuse : undefined;
  return {
    id: 7,
    title: "Abuse under load: normal users' latency beside hostile clients",
    rows,
    goals: [
      {
        description: `S7: normal users' p99 < 1 ms at ${base.label} with abuse`,
        measured: abused === undefined ? 'n/a' : `${fmt(abused, 3)} ms (alone ${fmt(calm, 3)} ms)`,
        met: abused === undefined ? undefined : abused < 1,
      },
      {
        description: 'S7: normal users lose nothing under abuse',
        measured: `${integrity(outcomes.abused)} lost/dup/reord`,
        met:
          'result' in outcomes.abused
            ? outcomes.abused.result.integrity.lost +
                outcomes.abused.result.integrity.duplicated +
                outcomes.abused.result.integrity.reordered ===
              0
            : undefined,
      },
      {
        // Not a speed: it fails when the server stops refusing abuse, or the abusers stop reading.
        description: 'S7: the server refuses the abusers (413 for oversized lines, 429 for flooders)',
        measured:
          report === undefined
            ? 'n/a'
            : `${report.oversizedRejected413} of ${report.oversizedSent} oversized lines answered 413, ${fmt(report.flood429)} × 429`,
        met: report === undefined ? undefined : report.oversizedRejected413 > 0 && report.flood429 > 0,
      },
    ],
    raw: { ...outcomes, abuse },
    notes:
      report === undefined
        ? []
        : [
            `abusers: ${report.slowOpen} slow handshakes (${report.slowClosedByServer} closed by the server), ${report.oversizedSent} oversized lines (${report.oversizedRejected413} answered 413), ` +
              `flooders sent ${fmt(report.floodRequests)} requests, got ${fmt(report.floodReplies)} replies (${fmt(report.flood429)} × 429), ${report.floodDisconnects} disconnects; server --rate-limit ${ABUSE_RATE_LIMIT}`,
          ],
  };
}
