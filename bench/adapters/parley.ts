/**
 * Parley protocol (see /docs/protocol.md): register + login, [message], [broadcast], [ping], and
 * from 1.1 the receiver's cumulative [ack] (parley-acks.ts).
 */
import type { LineConn } from '../generator/line-conn.js';
import { LineKind, type Adapter } from './adapter.js';
import { ParleyAcker } from './parley-acks.js';

const OPEN = 0x5b; // [
const DIGIT_2 = 0x32;

const isResponse = (line: string): boolean => /^\[\d{3}\]/.test(line);

export function registerFrame(user: string, password: string): string {
  return `[register] ${JSON.stringify({ username: user, password })}\n`;
}

/** Asks for 1.2 presence batches, as the client core does; older servers ignore the field. */
export function loginFrame(user: string, password: string): string {
  return `[login] ${JSON.stringify({ username: user, password, presenceBatch: true })}\n`;
}

/** Waits for the next response frame (pushes are skipped) and returns it as a line. */
export function nextResponse(conn: LineConn, timeoutMs = 30_000, what = 'a response'): Promise<string> {
  return conn.expect(isResponse, timeoutMs, what);
}

/** Registers (409 "taken" is fine: a rerun) and logs in, pipelined on one connection. */
export async function registerAndLogin(conn: LineConn, user: string, password: string): Promise<void> {
  conn.write(registerFrame(user, password) + loginFrame(user, password));
  const registered = await nextResponse(conn, 60_000, `the reply to register ${user}`);
  if (!registered.startsWith('[200]') && !registered.startsWith('[409]')) {
    throw new Error(`register ${user}: ${registered}`);
  }
  const loggedIn = await nextResponse(conn, 60_000, `the reply to login ${user}`);
  if (!loggedIn.startsWith('[200]')) throw new Error(`login ${user}: ${loggedIn}`);
}

/** Logs in an account that exists already; `timeoutMs` is generous for a server under load. */
export async function loginOnly(
  conn: LineConn,
  user: string,
  password: string,
  timeoutMs = 300_000,
): Promise<void> {
  conn.write(loginFrame(user, password));
  const reply = await nextResponse(conn, timeoutMs, `the reply to login ${user}`);
  if (!reply.startsWith('[200]')) throw new Error(`login ${user}: ${reply}`);
}

function makeAdapter(name: 'parley' | 'floor', acknowledges: boolean): Adapter {
  const adapter: Adapter = {
    name,
    acknowledges,
    login: (conn, user, password) => registerAndLogin(conn, user, password),
    joinBroadcast: () => Promise.resolve(),
    direct: (to, payload) => `[message] {"to":"${to}","text":"${payload}"}\n`,
    broadcast: (payload) => `[broadcast] {"text":"${payload}"}\n`,
    roomPost: (room, payload) => `[message] {"room":"${room}","text":"${payload}"}\n`,
    async joinRoom(conn, room, _user, create) {
      conn.write(create ? `[roomcreate] {"room":"${room}"}\n` : `[roomjoin] {"room":"${room}"}\n`);
      const reply = await nextResponse(conn, 60_000, `the reply to joining ${room}`);
      if (!reply.startsWith('[200]')) throw new Error(`${create ? 'create' : 'join'} ${room}: ${reply}`);
      // The creator's join item is seq 1; [roomjoin] answers with the joiner's own.
      return create ? 1 : Number(/"seq":(\d+)/.exec(reply)?.[1] ?? 0);
    },
    ping: '[ping] {}\n',
    classify(buf, start, end) {
      if (end - start < 5 || buf[start] !== OPEN) return LineKind.Other;
      const c = buf[start + 1] ?? 0;
      if (c < 0x30 || c > 0x39) return LineKind.Other; // a push, not a response
      return c === DIGIT_2 ? LineKind.Ok : LineKind.Error;
    },
    pong: () => '',
  };
  if (acknowledges) adapter.receiver = (conn, _user, _mode, room) => new ParleyAcker(conn, room);
  return adapter;
}

export const parleyAdapter: Adapter = makeAdapter('parley', true);

/** The floor relay speaks Parley's frames but acknowledges nothing but register, login and ping. */
export const floorAdapter: Adapter = makeAdapter('floor', false);
