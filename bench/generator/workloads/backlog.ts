/**
 * Offline backlog (Parley): one user sends `messages` to a registered user who is offline (each
 * acknowledged with delivered:false once stored), then that user logs in and receives them all as
 * offline pushes. Store rate, time to deliver, and the order of what arrives.
 */
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
    let storeMeter = new CpuMeter(pid);
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

    // Deliver phase: the recipient logs in and receives the backlog.
    const rcv = await LineConn.open(host, port);
    conns.push(rcv);
    const tracker = new StreamTracker();
    const decoded: Decoded = { sender: 0, seq: 0, intendedUs: 0, sentUs: 0 };
    storeMeter = new CpuMeter(pid);
    const deliverGen = process.cpuUsage();
    let lastAt = 0;
    const deliverStart = performance.now();
    storeMeter.start();
    let loginReply = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => resolve(), spec.timeoutMs);
      rcv.stream((buf, start, end) => {
        if (decodePayload(buf, start, end, decoded)) {
          tracker.arrive(decoded.seq);
          lastAt = performance.now();
          if (tracker.received >= spec.messages) {
            clearTimeout(timer);
            resolve();
          }
        } else if (buf[start] === OPEN && (buf[start + 1] ?? 0) <= 0x39) {
          loginReply = buf.toString('utf8', start, end);
          if (!loginReply.startsWith('[200]')) {
            clearTimeout(timer);
            reject(new Error(`login ${recipient}: ${loginReply}`));
          }
        }
      });
      rcv.write(loginFrame(recipient, spec.password));
    });
    const deliverSeconds = ((lastAt > 0 ? lastAt : performance.now()) - deliverStart) / 1000;
    const cpuDeliver = cpuFigures(storeMeter, deliverGen, deliverSeconds);
    const integrity = emptyIntegrity();
    addStream(integrity, tracker, spec.messages);
    return {
      kind: 'backlog',
      messages: spec.messages,
      storeSeconds,
      storedPerSecond: spec.messages / storeSeconds,
      storeErrors,
      errorSamples,
      notStoredOffline,
      deliverSeconds,
      deliveredPerSecond: tracker.received / deliverSeconds,
      integrity,
      cpuStore,
      cpuDeliver,
    };
  } finally {
    for (const conn of conns) conn.close();
  }
}
