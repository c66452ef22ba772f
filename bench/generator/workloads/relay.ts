/**
 * Message relay under load, direct or broadcast, as fast as possible (a window of messages in
 * flight per receiver) or at a fixed rate (open loop, 100 µs batches). Receivers check every
 * payload's sequence number and measure latency from the time it carries.
 *
 * At a fixed rate the generator spins on setImmediate rather than using timers: Node's timers have
 * millisecond resolution, which would add up to a millisecond of the generator's own lateness to
 * every corrected latency. The spin costs the generator's core (it shows 100 % CPU) but no one else's.
 */
import { emptyReceiverStats, LineKind, type Receiver } from '../../adapters/adapter.js';
import { adapters } from '../../adapters/index.js';
import { CpuMeter } from '../../lib/proc-stats.js';
import { startAbuse } from '../abuse.js';
import { LineConn } from '../line-conn.js';
import { newHistogram, recordUs, summarize } from '../latency.js';
import { decodePayload, FrameTemplate, nowUs, type Decoded } from '../payload.js';
import { mapLimit, sleep } from '../pool.js';
import type { RelayResult, RelaySpec, TargetRef } from '../spec.js';
import { addStream, emptyIntegrity, StreamTracker } from '../tracker.js';

const TICK_US = 100;

export async function runRelay(spec: RelaySpec): Promise<RelayResult> {
  const adapter = adapters[spec.target.protocol];
  const tls = spec.target.tls === true;
  const nodes = [spec.target, ...(spec.nodes ?? [])];
  const nodeOf = (i: number): TargetRef => nodes[i % nodes.length]!;
  const direct = spec.mode === 'direct';
  const room = spec.mode === 'room';
  const n = spec.pairs;
  const roomCount = room ? (spec.rooms ?? 1) : 0;
  const setupStart = performance.now();
  if (room && (adapter.joinRoom === undefined || adapter.roomPost === undefined))
    throw new Error(`${adapter.name}: no rooms`);

  // Room mode: receiver i is a member of room ⌊i / n⌋, whose sender is sender ⌊i / n⌋.
  const roomNames = Array.from({ length: roomCount }, (_, r) => `${spec.userPrefix}room${r}`);
  const receiverNames = Array.from({ length: room ? n * roomCount : n }, (_, i) => `${spec.userPrefix}r${i}`);
  const streamOf = (i: number): number => (room ? Math.floor(i / n) : direct ? i : 0);
  const senderNames = direct
    ? Array.from({ length: n }, (_, i) => `${spec.userPrefix}s${i}`)
    : room
      ? roomNames.map((_, r) => `${spec.userPrefix}s${r}`)
      : [`${spec.userPrefix}b`];
  const receivers: LineConn[] = new Array<LineConn>(receiverNames.length);
  // Room mode: the seq of the last join item of each room (Parley), which every member acks before the run.
  const lastJoin = new Array<number>(roomCount).fill(0);
  const senders: LineConn[] = new Array<LineConn>(senderNames.length);
  const all: LineConn[] = [];

  const loginReceivers = (): Promise<void[]> =>
    mapLimit(receiverNames, spec.loginConcurrency, async (name, i) => {
      const node = nodeOf(i + 1);
      const conn = await LineConn.open(node.host, node.port, undefined, tls);
      all.push(conn);
      await adapter.login(conn, name, spec.password, { receivesDirect: direct });
      if (room) {
        const r = streamOf(i);
        const seq = await adapter.joinRoom!(conn, roomNames[r]!, name, false);
        lastJoin[r] = Math.max(lastJoin[r]!, seq);
      } else if (!direct) await adapter.joinBroadcast(conn);
      receivers[i] = conn;
    });
  try {
    if (!room) await loginReceivers();
    await mapLimit(senderNames, spec.loginConcurrency, async (name, i) => {
      const node = nodeOf(i);
      const conn = await LineConn.open(node.host, node.port, undefined, tls);
      all.push(conn);
      await adapter.login(conn, name, spec.password, { receivesDirect: false });
      // A room's sender creates it (IRC: joins the channel, to speak in it).
      if (room) await adapter.joinRoom!(conn, roomNames[i]!, name, true);
      // An IRC client must be in the channel to speak in it; a redis publisher must not subscribe.
      else if (!direct && adapter.name === 'irc') await adapter.joinBroadcast(conn);
      senders[i] = conn;
    });
    if (room) await loginReceivers();
  } catch (error) {
    for (const conn of all) conn.close();
    throw error;
  }
  const sent = new Array<number>(senderNames.length).fill(0);
  /** Room mode: deliveries per room, for its window. */
  const roomReceived = new Array<number>(roomCount).fill(0);
  const trackers = receiverNames.map(() => new StreamTracker());
  // Protocols whose clients acknowledge (Parley 1.1) or fetch (redis streams) what they receive.
  const receiverStates: (Receiver | undefined)[] = receivers.map((conn, i) =>
    adapter.receiver?.(conn, receiverNames[i]!, spec.mode, room ? roomNames[streamOf(i)] : undefined),
  );
  const corrected = newHistogram();
  // As fast as possible, a message is sent when it is due: raw latency is the corrected one.
  const raw = spec.rate > 0 ? newHistogram() : corrected;
  const errorSamples: string[] = [];
  let errors = 0;
  let acks = 0;
  let received = 0;
  let inWindow = 0;
  let stopping = false;
  let measureStartUs = Number.MAX_SAFE_INTEGER;
  let measureEndUs = Number.MAX_SAFE_INTEGER;
  const decoded: Decoded = { sender: 0, seq: 0, intendedUs: 0, sentUs: 0 };

  const noteOther = (conn: LineConn, buf: Buffer, start: number, end: number): void => {
    const kind = adapter.classify(buf, start, end);
    if (kind === LineKind.Ok) acks++;
    else if (kind === LineKind.Error) {
      errors++;
      if (errorSamples.length < 5) errorSamples.push(buf.toString('utf8', start, Math.min(end, start + 200)));
    } else if (kind === LineKind.ServerPing) conn.write(adapter.pong(buf.toString('utf8', start, end)));
  };

  const templates = senderNames.map(
    (_, s) =>
      new FrameTemplate(
        direct
          ? (p) => adapter.direct(receiverNames[s]!, p)
          : room
            ? (p) => adapter.roomPost!(roomNames[s]!, p)
            : (p) => adapter.broadcast(p),
        spec.payloadBytes,
      ),
  );
  /** Writes `count` messages from sender `s` in one socket write. */
  const sendBatch = (s: number, count: number, intendedUs: number, sentUs: number): void => {
    const template = templates[s]!;
    const out = Buffer.allocUnsafe(template.length * count);
    for (let k = 0; k < count; k++) {
      template.fill(out, k * template.length, s, sent[s]!, intendedUs, sentUs);
      sent[s]!++;
    }
    senders[s]!.write(out);
  };

  // As fast as possible: keep `window` messages in flight per pair (per receiver for broadcast).
  const topUp = (s: number): void => {
    if (stopping || spec.rate > 0) return;
    const inFlight = direct
      ? sent[s]! - trackers[s]!.received
      : room
        ? (sent[s]! * n - roomReceived[s]!) / n
        : (sent[0]! * n - received) / n;
    const space = Math.floor(spec.window - inFlight);
    if (space < (spec.batch ?? 1)) return;
    const now = nowUs();
    sendBatch(s, space, now, now);
  };

  // Every line of one read arrived at the same moment: read the clock once per read.
  let readAtUs = -1;
  receivers.forEach((conn, i) => {
    const tracker = trackers[i]!;
    const state = receiverStates[i];
    conn.stream((buf, start, end) => {
      if (state?.line(buf, start, end) === true) return;
      if (!decodePayload(buf, start, end, decoded)) {
        noteOther(conn, buf, start, end);
        return;
      }
      if (readAtUs < 0) readAtUs = nowUs();
      const now = readAtUs;
      if (!tracker.arrive(decoded.seq)) return;
      received++;
      if (room) roomReceived[streamOf(i)]!++;
      if (now >= measureStartUs && now < measureEndUs) inWindow++;
      if (decoded.intendedUs >= measureStartUs && decoded.intendedUs < measureEndUs) {
        recordUs(corrected, now - decoded.intendedUs);
        if (raw !== corrected) recordUs(raw, now - decoded.sentUs);
      }
    });
    conn.onChunkEnd = (): void => {
      readAtUs = -1;
      state?.flush();
      topUp(streamOf(i));
    };
    state?.start();
  });
  senders.forEach((conn) => {
    conn.stream((buf, start, end) => noteOther(conn, buf, start, end));
  });
  // Room mode: every member has acked the room's join items (one per member) before the run, so
  // the measured phase carries messages only.
  if (room) {
    for (const st of receiverStates) st?.flush(); // lines queued during the handshake were not acked yet
    const settleBy = performance.now() + 120_000;
    const settled = (): boolean =>
      receiverStates.every((st, i) => st?.confirmed === undefined || st.confirmed >= lastJoin[streamOf(i)]!);
    while (!settled()) {
      if (performance.now() > settleBy)
        throw new Error('room members did not ack the join items within 2 min');
      await sleep(20);
    }
  }
  const setupSeconds = (performance.now() - setupStart) / 1000;

  const abuse =
    spec.abuse === undefined
      ? undefined
      : await startAbuse(spec.abuse, spec.target, spec.userPrefix, spec.password);

  const serverCpu = new CpuMeter(spec.target.pid, [
    ...(spec.nodes ?? []).map((node) => node.pid),
    ...(spec.alsoPids ?? []),
  ]);
  let generatorCpuStart = process.cpuUsage();
  let wallStart = 0;
  const startUs = nowUs();
  measureStartUs = startUs + spec.warmupMs * 1000;
  measureEndUs = measureStartUs + spec.durationMs * 1000;

  if (spec.rate > 0) {
    // Open loop: batch j is due at startUs + j × 100 µs whatever happened before; its messages carry
    // that due time, so a late batch (a busy generator or a slow reply) counts its delay.
    let batchIndex = 0;
    let next = 0;
    const perBatch = (spec.rate * TICK_US) / 1e6;
    const counts = new Array<number>(senders.length).fill(0);
    const tick = (): void => {
      const now = nowUs();
      while (!stopping && startUs + batchIndex * TICK_US <= now) {
        const due = startUs + batchIndex * TICK_US;
        const count = Math.floor((batchIndex + 1) * perBatch) - Math.floor(batchIndex * perBatch);
        for (let k = 0; k < count; k++) counts[direct ? next++ % n : 0]!++;
        for (let s = 0; s < counts.length; s++) {
          if (counts[s]! > 0) sendBatch(s, counts[s]!, due, now);
          counts[s] = 0;
        }
        batchIndex++;
      }
    };
    const spin = (): void => {
      tick();
      if (!stopping) setImmediate(spin);
    };
    spin();
  } else {
    for (let s = 0; s < senders.length; s++) topUp(s);
  }

  await sleep(spec.warmupMs);
  serverCpu.start();
  generatorCpuStart = process.cpuUsage();
  wallStart = performance.now();
  await sleep(spec.durationMs);
  const wallSeconds = (performance.now() - wallStart) / 1000;
  const serverPercent = serverCpu.stop();
  const generatorUsage = process.cpuUsage(generatorCpuStart);
  stopping = true;
  const abuseReport = abuse?.stop();

  const sentSum = (): number => sent.reduce((a, b) => a + b, 0);
  const expected = (): number => (direct ? sentSum() : room ? sentSum() * n : sent[0]! * n);
  const sentTotal = direct || room ? sentSum() : sent[0]!;
  // Where every message gets a reply (Parley's 200 comes once the recipient acked it), wait for those too.
  const replied = (): boolean => !adapter.acknowledges || acks + errors >= sentTotal;
  // Drain while anything still moves: a system that fell behind (a durable one holds the rest) is
  // given its time; what has not come after drainMs without progress, or after a minute, is lost.
  const drainCap = performance.now() + Math.max(spec.drainMs, 60_000);
  let progressAt = performance.now();
  let seen = -1;
  while ((received < expected() || !replied()) && performance.now() < drainCap) {
    if (received + acks !== seen) {
      seen = received + acks;
      progressAt = performance.now();
    } else if (performance.now() - progressAt > spec.drainMs) break;
    await sleep(20);
  }
  const receiverStats = emptyReceiverStats();
  for (const state of receiverStates) {
    if (state === undefined) continue;
    receiverStats.acksSent += state.stats.acksSent;
    receiverStats.ackReplies += state.stats.ackReplies;
    receiverStats.redelivered += state.stats.redelivered;
  }

  const integrity = emptyIntegrity();
  trackers.forEach((tracker, i) => addStream(integrity, tracker, sent[streamOf(i)]!));
  for (const conn of all) conn.close();

  return {
    kind: 'relay',
    measuredSeconds: wallSeconds,
    sentPerSecond: sentTotal / ((spec.warmupMs + spec.durationMs) / 1000),
    deliveriesPerSecond: inWindow / (spec.durationMs / 1000),
    latency: summarize(corrected),
    rawLatency: summarize(raw),
    integrity,
    acks,
    unanswered: adapter.acknowledges ? Math.max(0, sentTotal - acks - errors) : 0,
    receiverAcks: receiverStats,
    errors,
    errorSamples,
    cpu: {
      server: serverPercent,
      generator: ((generatorUsage.user + generatorUsage.system) / 1e6 / wallSeconds) * 100,
    },
    setupSeconds,
    ...(abuseReport === undefined ? {} : { abuse: abuseReport }),
  };
}
