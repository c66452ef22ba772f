/**
 * Offline backlog (Parley): one user sends `messages` to a registered user who is offline (each
 * acknowledged with delivered:false once stored), then that user logs in and receives them all as
 * offline pushes, acknowledging them as it goes (1.1). Store rate, time to deliver and to have it
 * all acknowledged, the order of what arrives, and that nothing acknowledged comes back.
 */
import { ParleyAcker } from '../../adapters/parley-acks.js';
import { loginFrame, nextResponse, registerAndLogin, registerFrame } from '../../adapters/parley.js';
import { CpuMeter } from '../../lib/proc-stats.js';
import { LineConn } from '../line-conn.js';
import { decodePayload, encodePayload, nowUs, type Decoded } from '../payload.js';
import type { BacklogResult, BacklogSpec, CpuFigures } from '../spec.js';
import { addStream, emptyIntegrity, StreamTracker } from '../tracker.js';

const OPEN = 0x5b;
const DELIVERED_FALSE = Buffer.from('"delivered":false');

function cpuFigures(meter: CpuMeter, genStart: NodeJS.CpuUsage, seconds: number): CpuFigures {
  const gen = process.cpuUsage(genStart);
  return { server: meter.stop(), generator: ((gen.user + gen.system) / 1e6 / Math.max(seconds, 1e-3)) * 100 };
}

export async function runBacklog(spec: BacklogSpec): Promise<BacklogResult> {
  const { host, port, pid } = spec.target;
  const recipient = `${spec.userPrefix}rcv`;
  const conns: LineConn[] = [];
  try {
    const reg = await LineConn.open(host, port);
    conns.push(reg);
    reg.write(registerFrame(recipient, spec.password));
    const regReply = await nextResponse(reg, 30_000, `the reply to register ${recipient}`);
    if (!regReply.startsWith('[200]') && !regReply.startsWith('[409]'))
      throw new Error(`register ${recipient}: ${regReply}`);
    reg.close();

    const sender = await LineConn.open(host, port);
    conns.push(sender);
    await registerAndLogin(sender, `${spec.userPrefix}snd`, spec.password);

    // Store phase: keep `window` requests in flight, count the replies.
    let sent = 0;
    let replies = 0;
    let storeErrors = 0;
    let notStoredOffline = 0;
    const errorSamples: string[] = [];
    const storeMeter = new CpuMeter(pid);
    const storeGen = process.cpuUsage();
    const storeStart = performance.now();
    storeMeter.start();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`store phase: ${replies}/${spec.messages} replies after ${spec.timeoutMs} ms`)),
        spec.timeoutMs,
      );
      const topUp = (): void => {
        let batch = '';
        while (sent < spec.messages && sent - replies < spec.window) {
          const now = nowUs();
          batch += `[message] {"to":"${recipient}","text":"${encodePayload(0, sent, now, now, spec.payloadBytes)}"}\n`;
          sent++;
        }
        if (batch !== '') sender.write(batch);
      };
      sender.stream((buf, start, end) => {
        if (buf[start] !== OPEN || (buf[start + 1] ?? 0) > 0x39) return; // a push
        replies++;
        if (buf[start + 1] !== 0x32) {
          storeErrors++;
          if (errorSamples.length < 5)
            errorSamples.push(buf.toString('utf8', start, Math.min(end, start + 200)));
        } else {
          const flag = buf.indexOf(DELIVERED_FALSE, start);
          if (flag < 0 || flag > end) notStoredOffline++;
        }
        if (replies === spec.messages) {
          clearTimeout(timer);
          resolve();
        }
      });
      sender.onChunkEnd = topUp;
      sender.socket.once('close', () => reject(new Error('the server closed the sender')));
      topUp();
    });
    const storeSeconds = (performance.now() - storeStart) / 1000;
    const cpuStore = cpuFigures(storeMeter, storeGen, storeSeconds);

    // Deliver phase: the recipient logs in, receives the backlog and acknowledges it as it goes
    // (protocol 1.1: the server's window only moves on as acks arrive).
    const rcv = await LineConn.open(host, port);
    conns.push(rcv);
    const meter = new CpuMeter(pid);
    const deliverGen = process.cpuUsage();
    meter.start();
    const delivery = await deliver(rcv, recipient, spec);
    const cpuDeliver = cpuFigures(meter, deliverGen, delivery.ackedSeconds);
    const integrity = emptyIntegrity();
    addStream(integrity, delivery.tracker, spec.messages);
    await logOut(rcv, spec.timeoutMs);

    // What was acknowledged must not come back: log in again and count what arrives before a
    // message sent after the login (per-recipient order puts anything still stored ahead of it).
    const again = await LineConn.open(host, port);
    conns.push(again);
    const redeliveredAfterAck = await countRedelivered(again, sender, recipient, spec);
    return {
      kind: 'backlog',
      messages: spec.messages,
      storeSeconds,
      storedPerSecond: spec.messages / storeSeconds,
      storeErrors,
      errorSamples,
      notStoredOffline,
      deliverSeconds: delivery.deliverSeconds,
      deliveredPerSecond: delivery.tracker.received / delivery.deliverSeconds,
      ackedSeconds: delivery.ackedSeconds,
      acksSent: delivery.acker.stats.acksSent,
      redeliveredAfterAck,
      integrity,
      cpuStore,
      cpuDeliver,
    };
  } finally {
    for (const conn of conns) conn.close();
  }
}

interface Delivery {
  readonly tracker: StreamTracker;
  readonly acker: ParleyAcker;
  /** From the login request to the last message received. */
  readonly deliverSeconds: number;
  /** From the login request to the server's 200 for the ack that covers the last message. */
  readonly ackedSeconds: number;
}

function deliver(rcv: LineConn, recipient: string, spec: BacklogSpec): Promise<Delivery> {
  const tracker = new StreamTracker();
  const acker = new ParleyAcker(rcv);
  const decoded: Decoded = { sender: 0, seq: 0, intendedUs: 0, sentUs: 0 };
  const start = performance.now();
  let lastAt = 0;
  let ackedAt = 0;
  let loggedIn = false;
  return new Promise<Delivery>((resolve, reject) => {
    const finish = (): void => {
      clearTimeout(timer);
      const end = performance.now();
      resolve({
        tracker,
        acker,
        deliverSeconds: ((lastAt > 0 ? lastAt : end) - start) / 1000,
        ackedSeconds: ((ackedAt > 0 ? ackedAt : end) - start) / 1000,
      });
    };
    // Past the timeout the figures show what arrived: the rest counts as lost.
    const timer = setTimeout(finish, spec.timeoutMs);
    // A 1.0 server sends no seq and wants no ack: then receiving everything is the end.
    const done = (): boolean =>
      tracker.received >= spec.messages && (acker.highest === 0 || acker.confirmed >= acker.highest);
    acker.onConfirmed = () => {
      if (tracker.received >= spec.messages && ackedAt === 0) ackedAt = performance.now();
      if (done()) finish();
    };
    rcv.stream((buf, start, end) => {
      if (acker.line(buf, start, end)) return;
      if (decodePayload(buf, start, end, decoded)) {
        tracker.arrive(decoded.seq);
        lastAt = performance.now();
        if (done()) {
          ackedAt = lastAt;
          finish();
        }
      } else if (buf[start] === OPEN && (buf[start + 1] ?? 0) <= 0x39) {
        const reply = buf.toString('utf8', start, end);
        if (loggedIn || !reply.startsWith('[200]')) {
          clearTimeout(timer);
          reject(new Error(`${loggedIn ? 'ack' : 'login'} ${recipient}: ${reply}`));
        }
        loggedIn = true;
      }
    });
    rcv.onChunkEnd = () => acker.flush();
    rcv.write(loginFrame(recipient, spec.password));
  });
}

const BARRIER = 'after-the-backlog';

/** Logs `recipient` in on `conn`, then has `sender` send one more message; counts messages before it. */
function countRedelivered(
  conn: LineConn,
  sender: LineConn,
  recipient: string,
  spec: BacklogSpec,
): Promise<number> {
  const acker = new ParleyAcker(conn);
  const barrier = Buffer.from(BARRIER);
  let before = 0;
  let loggedIn = false;
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no barrier message within ${spec.timeoutMs} ms`)),
      spec.timeoutMs,
    );
    conn.stream((buf, start, end) => {
      if (acker.line(buf, start, end)) return;
      if (buf[start] !== OPEN) return;
      const c = buf[start + 1] ?? 0;
      if (c === 0x6d) {
        // [message]
        const at = buf.indexOf(barrier, start);
        if (at >= 0 && at < end) {
          clearTimeout(timer);
          resolve(before);
        } else before++;
      } else if (c <= 0x39 && !loggedIn) {
        const reply = buf.toString('utf8', start, end);
        if (!reply.startsWith('[200]')) {
          clearTimeout(timer);
          reject(new Error(`login ${recipient} again: ${reply}`));
          return;
        }
        loggedIn = true;
        sender.write(`[message] {"to":"${recipient}","text":"${BARRIER}"}\n`);
      }
    });
    conn.onChunkEnd = () => acker.flush();
    conn.write(loginFrame(recipient, spec.password));
  });
}

/** Logs out and waits until the server has closed the connection (a second login would get 409). */
function logOut(conn: LineConn, timeoutMs: number): Promise<void> {
  if (conn.closed) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not logged out within ${timeoutMs} ms`)), timeoutMs);
    conn.socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    conn.write('[logout] {}\n');
  });
}
