/**
 * The floor of S12: redis-server alone doing the Redis work the scale-out design does per direct
 * message, with no Parley in between. One client plays a node: per message one script on the
 * recipient's hash-tagged keys (HINCRBY seq, XADD seq-0, PUBLISH a wakeup to the node's channel);
 * on each wakeup the recipient's side XRANGEs the inbox after its last-read seq, and acknowledges
 * what it read with XTRIM MINID and HSET acked, one ack per read as a client coalesces. A window of
 * messages stays in flight per pair. Prints one JSON line: deliveries, latency, CPU of the client
 * and of redis-server over the measured window.
 *
 * `node --import tsx bench/scale/redis-floor.ts '{"port":P,"redisPid":N,"pairs":..,"window":..,"warmupMs":..,"durationMs":..}'`
 */
import { createClient } from 'redis';
import { cpuSeconds } from '../lib/proc-stats.js';
import { newHistogram, recordUs, summarize } from '../generator/latency.js';

export interface FloorSpec {
  readonly port: number;
  readonly redisPid: number;
  readonly pairs: number;
  readonly window: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly payloadBytes: number;
}

export interface FloorResult {
  readonly deliveriesPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  /** CPU seconds over the measured window. */
  readonly clientCpuSeconds: number;
  readonly redisCpuSeconds: number;
  readonly measuredSeconds: number;
  /** Deliveries per CPU-second of client and redis-server together. */
  readonly perCpuSecond: number;
}

const SEND = `
local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
redis.call('XADD', KEYS[2], seq .. '-0', 'p', ARGV[1])
redis.call('PUBLISH', ARGV[2], ARGV[3] .. ' ' .. seq)
return seq`;

const CHANNEL = 'node:floor';

async function run(spec: FloorSpec): Promise<FloorResult> {
  const url = `redis://127.0.0.1:${spec.port}`;
  const client = createClient({ url, disableOfflineQueue: true });
  const sub = client.duplicate();
  await Promise.all([client.connect(), sub.connect()]);
  const sha: string = await client.sendCommand(['SCRIPT', 'LOAD', SEND]);
  const meta = (u: number): string => `{u:f${u}}:meta`;
  const inbox = (u: number): string => `{u:f${u}}:inbox`;
  const payload = 'x'.repeat(spec.payloadBytes);
  const sent = new Array<number>(spec.pairs).fill(0);
  const received = new Array<number>(spec.pairs).fill(0);
  const sentAt = Array.from({ length: spec.pairs }, () => new Map<number, number>());
  const reading = new Array<boolean>(spec.pairs).fill(false);
  const again = new Array<boolean>(spec.pairs).fill(false);
  const histogram = newHistogram();
  let stopping = false;
  let measuring = false;
  let inWindow = 0;

  const topUp = (u: number): void => {
    while (!stopping && sent[u]! - received[u]! < spec.window) {
      // A fresh Redis and one sender per inbox: the script's seq is this count.
      sentAt[u]!.set(++sent[u]!, performance.now());
      client
        .sendCommand(['EVALSHA', sha, '2', meta(u), inbox(u), payload, CHANNEL, String(u)])
        .then(() => undefined)
        .catch(() => undefined);
    }
  };

  const read = async (u: number): Promise<void> => {
    if (reading[u]) {
      again[u] = true;
      return;
    }
    reading[u] = true;
    do {
      again[u] = false;
      const entries: [string, string[]][] = await client.sendCommand([
        'XRANGE',
        inbox(u),
        `(${received[u]}-0`,
        '+',
      ]);
      if (entries.length === 0) continue;
      const now = performance.now();
      for (const [id] of entries) {
        const seq = Number(id.slice(0, id.indexOf('-')));
        const at = sentAt[u]!.get(seq);
        sentAt[u]!.delete(seq);
        if (measuring) {
          inWindow++;
          if (at !== undefined) recordUs(histogram, (now - at) * 1000);
        }
        received[u] = seq;
      }
      const top = received[u]!;
      client.sendCommand(['XTRIM', inbox(u), 'MINID', `${top + 1}-0`]).catch(() => undefined);
      client.sendCommand(['HSET', meta(u), 'acked', String(top)]).catch(() => undefined);
      topUp(u);
    } while (again[u] && !stopping);
    reading[u] = false;
  };

  await sub.subscribe(CHANNEL, (message) => {
    if (!stopping) read(Number(message.slice(0, message.indexOf(' ')))).catch(() => undefined);
  });
  for (let u = 0; u < spec.pairs; u++) topUp(u);
  await new Promise((r) => setTimeout(r, spec.warmupMs));
  const clientStart = process.cpuUsage();
  const redisStart = cpuSeconds(spec.redisPid) ?? 0;
  const wallStart = performance.now();
  measuring = true;
  await new Promise((r) => setTimeout(r, spec.durationMs));
  measuring = false;
  const measuredSeconds = (performance.now() - wallStart) / 1000;
  const used = process.cpuUsage(clientStart);
  const redisCpuSeconds = (cpuSeconds(spec.redisPid) ?? 0) - redisStart;
  stopping = true;
  const clientCpuSeconds = (used.user + used.system) / 1e6;
  const latency = summarize(histogram);
  await Promise.all([sub.quit(), client.quit()]).catch(() => undefined);
  return {
    deliveriesPerSecond: inWindow / measuredSeconds,
    p50: latency.p50,
    p99: latency.p99,
    clientCpuSeconds,
    redisCpuSeconds,
    measuredSeconds,
    perCpuSecond: inWindow / (clientCpuSeconds + redisCpuSeconds),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const spec = JSON.parse(process.argv[2] ?? '{}') as FloorSpec;
  run(spec).then(
    (result) => {
      process.stdout.write(`result ${JSON.stringify(result)}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    },
  );
}
