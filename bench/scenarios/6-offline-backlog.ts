/** Scenario 6: messages stored for an offline user, then delivered when that user logs in. */
import type { BacklogResult } from '../generator/spec.js';
import {
  errorNote,
  fmt,
  PASSWORD,
  unavailable,
  type Cell,
  type Context,
  type ScenarioResult,
} from './scenario.js';

export async function offlineBacklog(ctx: Context): Promise<ScenarioResult> {
  const messages = ctx.quick ? 5_000 : 100_000;
  let result: BacklogResult | string = unavailable('parley') ?? '';
  if (result === '') {
    ctx.log(`  parley: ${messages} offline messages`);
    try {
      const r = await ctx.withTarget('parley', {}, (target) =>
        ctx.run(
          {
            kind: 'backlog',
            target: { protocol: 'parley', host: target.host, port: target.port, pid: target.pid },
            userPrefix: ctx.prefix(),
            password: PASSWORD,
            loginConcurrency: 1,
            messages,
            window: 256,
            payloadBytes: 100,
            timeoutMs: ctx.quick ? 30_000 : 300_000,
          },
          ctx.quick ? 60_000 : 600_000,
        ),
      );
      result = r.kind === 'backlog' ? r : 'unexpected result';
    } catch (error) {
      result = errorNote(error);
      ctx.log(`    ${result}`);
    }
  }
  const cell = (pick: (r: BacklogResult) => number, which: 'store' | 'deliver'): Cell =>
    typeof result === 'string'
      ? { note: result }
      : {
          value: pick(result),
          cpu: which === 'store' ? result.cpuStore : result.cpuDeliver,
          integrity: result.integrity,
        };
  const label = `${fmt(messages)} msgs`;
  const r = typeof result === 'string' ? undefined : result;
  const clean =
    r === undefined
      ? undefined
      : r.integrity.lost + r.integrity.duplicated + r.integrity.reordered === 0 &&
        r.storeErrors === 0 &&
        r.notStoredOffline === 0 &&
        r.redeliveredAfterAck === 0;
  return {
    id: 6,
    title: 'Offline backlog: store, then deliver at login',
    rows: [
      {
        label,
        metric: 'stored msg/s',
        unit: 'msg/s',
        higherIsBetter: true,
        cells: { parley: cell((x) => x.storedPerSecond, 'store') },
      },
      {
        label,
        metric: 'time to deliver s',
        unit: 's',
        higherIsBetter: false,
        cells: { parley: cell((x) => x.deliverSeconds, 'deliver') },
      },
      {
        label,
        metric: 'time to deliver and ack s',
        unit: 's',
        higherIsBetter: false,
        cells: { parley: cell((x) => x.ackedSeconds, 'deliver') },
      },
      {
        label,
        metric: 'delivered msg/s',
        unit: 'msg/s',
        higherIsBetter: true,
        cells: { parley: cell((x) => x.deliveredPerSecond, 'deliver') },
      },
    ],
    goals: [
      {
        description: `S6: offline backlog of ${fmt(messages)} delivered and acknowledged in < 2 s`,
        measured:
          r === undefined
            ? 'n/a'
            : `${fmt(r.ackedSeconds, 2)} s (last delivery at ${fmt(r.deliverSeconds, 2)} s, ${fmt(r.acksSent)} acks)`,
        met: r === undefined ? undefined : r.ackedSeconds < 2,
      },
      {
        description: 'S6: every message stored offline and delivered once, in order (none again once acked)',
        measured:
          r === undefined
            ? 'n/a'
            : `${r.integrity.lost}/${r.integrity.duplicated}/${r.integrity.reordered} lost/dup/reord, ${r.storeErrors} errors, ${r.notStoredOffline} not offline, ${r.redeliveredAfterAck} delivered again after the ack`,
        met: clean,
      },
    ],
    raw: { result },
    notes: [],
  };
}
