/**
 * Hostile clients that run beside normal users (scenario 7), speaking Parley's framing: slow
 * handshakes that hold a connection with a login frame that never ends, oversized lines that must
 * be refused with 413, and logged-in flooders that write requests as fast as TCP takes them.
 * They are cheap for the generator: fixed buffers, no parsing beyond counting lines.
 */
import { registerAndLogin } from '../adapters/parley.js';
import { LineConn } from './line-conn.js';
import type { AbuseReport, AbuseSpec, TargetRef } from './spec.js';

const OVERSIZED = Buffer.concat([
  Buffer.from('[message] {"to":"x","text":"'),
  Buffer.alloc(70 * 1024, 0x61),
  Buffer.from('"}\n'),
]);
const FLOOD = Buffer.from('[ping] {}\n[message] {"to":"nobody.here","text":"flood"}\n'.repeat(200));
const SLOW_FRAME = '[login] {"username":"slowloris","password":"never-finished"}';
const LF = 0x0a;
const STATUS_429 = Buffer.from('[429]');
const STATUS_413 = Buffer.from('[413]');

export interface AbuseHandle {
  stop(): AbuseReport;
}

export async function startAbuse(
  spec: AbuseSpec,
  target: TargetRef,
  prefix: string,
  password: string,
): Promise<AbuseHandle> {
  const report = {
    slowOpen: 0,
    slowClosedByServer: 0,
    oversizedSent: 0,
    oversizedRejected413: 0,
    floodRequests: 0,
    floodReplies: 0,
    flood429: 0,
    floodDisconnects: 0,
  };
  let running = true;
  const conns = new Set<LineConn>();
  const timers: NodeJS.Timeout[] = [];

  // Slow handshakes: one byte a second of a login frame.
  for (let i = 0; i < spec.slowConnections; i++) {
    const conn = await LineConn.open(target.host, target.port).catch(() => undefined);
    if (conn === undefined) continue;
    conns.add(conn);
    report.slowOpen++;
    let at = 0;
    conn.socket.on('close', () => {
      if (running) report.slowClosedByServer++;
    });
    const timer = setInterval(() => {
      if (conn.closed) return;
      conn.write(SLOW_FRAME.charAt(at % SLOW_FRAME.length));
      at++;
    }, 1000);
    timers.push(timer);
  }

  // Oversized lines: send one, wait for the server to refuse or close, reconnect.
  const oversizedLoop = async (): Promise<void> => {
    while (running) {
      const conn = await LineConn.open(target.host, target.port).catch(() => undefined);
      if (conn === undefined) {
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      conns.add(conn);
      await new Promise<void>((resolve) => {
        const done = setTimeout(() => resolve(), 2_000);
        conn.onChunk = (chunk) => {
          if (chunk.includes(STATUS_413)) report.oversizedRejected413++;
        };
        conn.socket.once('close', () => {
          clearTimeout(done);
          resolve();
        });
        conn.write(OVERSIZED);
        report.oversizedSent++;
      });
      conn.close();
      conns.delete(conn);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const loops: Promise<void>[] = [];
  for (let i = 0; i < spec.oversizedConnections; i++) loops.push(oversizedLoop());

  // Flooders: logged in, then write as fast as the socket drains.
  for (let i = 0; i < spec.flooders; i++) {
    const conn = await LineConn.open(target.host, target.port);
    conns.add(conn);
    await registerAndLogin(conn, `${prefix}flood${i}`, password);
    conn.onChunk = (chunk) => {
      let at = chunk.indexOf(LF);
      while (at >= 0) {
        report.floodReplies++;
        at = chunk.indexOf(LF, at + 1);
      }
      let s = chunk.indexOf(STATUS_429);
      while (s >= 0) {
        report.flood429++;
        s = chunk.indexOf(STATUS_429, s + 1);
      }
    };
    conn.socket.on('close', () => {
      if (running) report.floodDisconnects++;
    });
    const pump = (): void => {
      while (running && !conn.closed) {
        report.floodRequests += 400;
        if (!conn.socket.write(FLOOD)) {
          conn.socket.once('drain', pump);
          return;
        }
        // Yield to the event loop so normal users' traffic is not starved by this client.
        setImmediate(pump);
        return;
      }
    };
    pump();
  }

  return {
    stop() {
      running = false;
      for (const timer of timers) clearInterval(timer);
      for (const conn of conns) conn.close();
      void Promise.all(loops);
      return { ...report };
    },
  };
}
