/**
 * The world of the Jepsen-style delivery checker (src-main/server/delivery-checker.test.ts and,
 * over a three-node cluster, tests/scale-out/checker.test.ts): random pipelined sends, acks, slow
 * reads, dropped connections and faults, then a drain and a check of the history. A `Topology`
 * says where a user logs in and what a fault is: kill -9 and restart of one server process, or of
 * a cluster's node or Redis, or a cut of its pub/sub connections.
 */
import fc from 'fast-check';
import { LineClient } from './line-client.js';

export interface Fault {
  /** The ports whose connections died ('all': every one). */
  readonly closed: readonly number[] | 'all';
  /** Resolves once what was killed is back. */
  readonly restarted: Promise<void>;
}

export interface Topology {
  /** The port `name` logs in on this time. */
  portFor(name: string): number;
  /** How long a login may keep meeting 409/503 after a fault before the checker gives up. */
  readonly loginWithinMs: number;
  fault(): Promise<Fault>;
}

export const SENDERS = ['s0', 's1'] as const;
export const RECIPIENTS = ['r0', 'r1'] as const;

export const ROOM = 'lobby';
export const MEMBERS = [...SENDERS, ...RECIPIENTS];

export type Action =
  | { readonly t: 'send'; readonly s: number; readonly r: number; readonly k: number }
  | { readonly t: 'say'; readonly s: number; readonly k: number }
  | { readonly t: 'ack' | 'slow' | 'resume'; readonly r: number }
  | { readonly t: 'drop'; readonly side: 'sender' | 'recipient'; readonly i: number }
  | { readonly t: 'kill' | 'settle' };

export const roomAction: fc.Arbitrary<Action> = fc.record({
  t: fc.constant('say' as const),
  s: fc.nat(3),
  k: fc.integer({ min: 1, max: 30 }),
});

export const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      t: fc.constant('send' as const),
      s: fc.nat(1),
      r: fc.nat(1),
      k: fc.integer({ min: 1, max: 40 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('ack' as const), r: fc.nat(1) }) },
  {
    weight: 1,
    arbitrary: fc.record({ t: fc.constantFrom('slow' as const, 'resume' as const), r: fc.nat(1) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('drop' as const),
      side: fc.constantFrom('sender' as const, 'recipient' as const),
      i: fc.nat(1),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constantFrom('kill' as const, 'settle' as const) }) },
);

interface Sent {
  readonly sender: string;
  readonly to: string;
  readonly index: number;
  readonly text: string;
  outcome: 'pending' | 'ok' | 'refused' | 'unknown';
  /** A room message's seq, from its 200. */
  seq?: number;
}

export function serverArgs(dataDir: string, port: number): string[] {
  return [
    '--port',
    String(port),
    '--data',
    dataDir,
    '--password-cost',
    'fast',
    '--rate-limit',
    '0',
    '--history-per-minute',
    '0',
  ];
}

export class World {
  readonly clients = new Map<string, LineClient>();
  readonly sent: Sent[] = [];
  readonly pending: Promise<void>[] = [];
  /** Per recipient: seq → text, as a client keeps it to drop redeliveries. */
  readonly seen = new Map<string, Map<number, string>>(RECIPIENTS.map((r) => [r, new Map()]));
  readonly violations: string[] = [];
  /** Per member: room seq → what it carried (the text of a message, the id of anything else). */
  readonly roomSeen = new Map<string, Map<number, string>>(MEMBERS.map((m) => [m, new Map()]));
  /** Per member: the highest room seq whose ack was answered 200; nothing at or below may come again. */
  readonly roomFloor = new Map<string, number>();
  /** Per connection: the last room seq it was sent, which must only grow. */
  private readonly lastOnConnection = new WeakMap<LineClient, number>();
  private nextIndex = 0;
  /** The port each connection logged in on: a fault names the ports whose connections it cut. */
  private readonly portOf = new WeakMap<LineClient, number>();

  constructor(
    readonly topology: Topology,
    readonly withRooms = false,
  ) {}

  /** Takes the direct messages a recipient's client received into the history. */
  collect(name: string): void {
    const client = this.clients.get(name);
    if (!client) return;
    this.collectRoom(name, client);
    const seen = this.seen.get(name);
    if (!seen) return;
    for (const m of client.takePushes('message')) {
      const seq = Number(m.seq);
      const text = String(m.text);
      const before = seen.get(seq);
      if (before === undefined) seen.set(seq, text);
      else if (before !== text) this.violations.push(`${name}: seq ${seq} carried ${before} and ${text}`);
    }
  }

  /** Takes the room items a member's client received into the history, checking them as they come. */
  private collectRoom(name: string, client: LineClient): void {
    const seen = this.roomSeen.get(name);
    if (!seen) return;
    for (let i = 0; i < client.frames.length;) {
      const frame = client.frames[i];
      if (frame?.kind !== 'route' || frame.body.room !== ROOM) {
        i++;
        continue;
      }
      client.frames.splice(i, 1);
      const seq = Number(frame.body.seq);
      const what =
        frame.route === 'message' ? String(frame.body.text) : `${frame.route}:${String(frame.body.id)}`;
      const last = this.lastOnConnection.get(client) ?? 0;
      if (seq <= last) this.violations.push(`${name}: room seq ${seq} after ${last} on one connection`);
      this.lastOnConnection.set(client, seq);
      if (seq <= (this.roomFloor.get(name) ?? 0)) {
        this.violations.push(`${name}: room seq ${seq} came again after its ack`);
      }
      const before = seen.get(seq);
      if (before === undefined) seen.set(seq, what);
      else if (before !== what)
        this.violations.push(`${name}: room seq ${seq} carried ${before} and ${what}`);
    }
  }

  /** Acknowledges the room items a member has, and raises its floor once the ack is answered 200. */
  private async ackRoom(name: string, client: LineClient): Promise<void> {
    const seq = client.roomSeq.get(ROOM) ?? 0;
    if (seq === 0) return;
    const res = await client.request('ack', { room: ROOM, seq }).catch(() => undefined);
    if (res?.status === 200) this.roomFloor.set(name, Math.max(this.roomFloor.get(name) ?? 0, seq));
    else if (res !== undefined) this.violations.push(`${name}: room ack ${seq} answered ${res.status}`);
    this.collect(name);
  }

  /** The user's live connection, logging in again (after a drop or a kill) when needed. */
  async client(name: string, autoAck = false): Promise<LineClient> {
    const current = this.clients.get(name);
    if (current && !current.isClosed) return current;
    this.collect(name);
    const deadline = Date.now() + this.topology.loginWithinMs;
    for (let attempt = 0; ; attempt++) {
      const port = this.topology.portFor(name);
      const client = await LineClient.connect(port, '127.0.0.1', { autoAck });
      const res = await client
        .request('login', { username: name, password: `${name}-secret` })
        .catch(() => undefined);
      if (res?.status === 200) {
        this.clients.set(name, client);
        this.portOf.set(client, port);
        return client;
      }
      client.close();
      // 409: the server has not yet seen the dropped connection close (a cluster: not yet swept a
      // dead node's session); 503: a cluster's Redis is coming back. Either ends within a moment.
      if (attempt > 200 && Date.now() > deadline) {
        throw new Error(`cannot log ${name} in: ${JSON.stringify(res)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async run(a: Action): Promise<void> {
    switch (a.t) {
      case 'send': {
        const sender = SENDERS[a.s] as string;
        const to = RECIPIENTS[a.r] as string;
        const client = await this.client(sender);
        for (let i = 0; i < a.k; i++) {
          const index = this.nextIndex++;
          const record: Sent = { sender, to, index, text: `${sender}#${index}`, outcome: 'pending' };
          this.sent.push(record);
          this.pending.push(
            client.request('message', { to, text: record.text }).then(
              (res) => void (record.outcome = res.status === 200 ? 'ok' : 'refused'),
              () => void (record.outcome = 'unknown'),
            ),
          );
        }
        return;
      }
      case 'say': {
        const sender = MEMBERS[a.s] as string;
        const client = await this.client(sender);
        for (let i = 0; i < a.k; i++) {
          const index = this.nextIndex++;
          const record: Sent = {
            sender,
            to: `#${ROOM}`,
            index,
            text: `${sender}@${index}`,
            outcome: 'pending',
          };
          this.sent.push(record);
          this.pending.push(
            client.request('message', { room: ROOM, text: record.text }).then(
              (res) => {
                record.outcome = res.status === 200 ? 'ok' : 'refused';
                if (res.status === 200) record.seq = Number((res.body as { seq: number }).seq);
              },
              () => void (record.outcome = 'unknown'),
            ),
          );
        }
        return;
      }
      case 'ack': {
        const name = RECIPIENTS[a.r] as string;
        const client = await this.client(name);
        client.socket.resume();
        this.collect(name);
        client.ack();
        if (this.withRooms) await this.ackRoom(name, client);
        return;
      }
      case 'slow':
        (await this.client(RECIPIENTS[a.r] as string)).socket.pause();
        return;
      case 'resume':
        (await this.client(RECIPIENTS[a.r] as string)).socket.resume();
        return;
      case 'drop': {
        const name = (a.side === 'sender' ? SENDERS : RECIPIENTS)[a.i] as string;
        const client = this.clients.get(name);
        this.collect(name);
        client?.close();
        return;
      }
      case 'settle':
        await this.settle();
        return;
      case 'kill': {
        const fault = await this.topology.fault();
        for (const name of MEMBERS) this.collect(name);
        for (const [name, client] of this.clients) {
          const port = this.portOf.get(client);
          if (fault.closed === 'all' || (port !== undefined && fault.closed.includes(port))) {
            client.close();
            this.clients.delete(name);
          }
        }
        await fault.restarted;
        return;
      }
    }
  }

  /**
   * Waits for every send to be answered or to fail with its connection. The server answers within
   * its hold (200 ms) plus a commit; the bound only turns a lost answer into a failure, not a hang.
   */
  async settle(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, 30_000)));
    await Promise.race([Promise.allSettled(this.pending), bound]);
    clearTimeout(timer);
  }

  /** Every recipient (with rooms: every member) logs in afresh, acking, until nothing more comes. */
  async drain(): Promise<void> {
    await this.settle();
    for (const name of this.withRooms ? MEMBERS : RECIPIENTS) {
      this.collect(name);
      this.clients.get(name)?.close();
      this.clients.delete(name);
      const client = await this.client(name, true);
      const progress = (): number => client.highestSeq + (client.roomSeq.get(ROOM) ?? 0);
      let before;
      do {
        before = progress();
        await client.ackAll(); // the refill after an ack is pushed before the ack's own 200
        this.collect(name);
      } while (progress() !== before);
    }
  }

  checkRoom(): string[] {
    const problems: string[] = [];
    const said = this.sent.filter((m) => m.to === `#${ROOM}`);
    for (const [name, seen] of this.roomSeen) {
      const seqs = [...seen.keys()].sort((a, b) => a - b);
      const top = seqs.at(-1) ?? 0;
      if (seqs.length !== top - (seqs[0] ?? 1) + 1) problems.push(`${name}: room seqs have a gap`);
      const texts = new Map<string, number>();
      for (const what of seen.values()) texts.set(what, (texts.get(what) ?? 0) + 1);
      for (const m of said) {
        const count = texts.get(m.text) ?? 0;
        if (count > 1) problems.push(`${name}: ${m.text} seen under ${count} seqs`);
        if (m.outcome === 'ok' && seen.get(m.seq ?? -1) !== m.text) {
          problems.push(`${name}: ${m.text} (seq ${m.seq}) answered 200 but not seen there`);
        }
      }
    }
    for (const sender of MEMBERS) {
      const mine = said.filter((m) => m.sender === sender && m.outcome === 'ok');
      for (let i = 1; i < mine.length; i++) {
        if ((mine[i]?.seq ?? 0) <= (mine[i - 1]?.seq ?? 0))
          problems.push(`${sender}: room messages out of order`);
      }
    }
    for (const m of said) if (m.outcome === 'pending') problems.push(`${m.text} never answered`);
    return problems;
  }

  check(): string[] {
    const problems = [...this.violations];
    const received = new Map<string, number>();
    for (const [name, seen] of this.seen) {
      const lastIndex = new Map<string, number>();
      for (const seq of [...seen.keys()].sort((a, b) => a - b)) {
        const text = seen.get(seq) as string;
        received.set(text, (received.get(text) ?? 0) + 1);
        const [sender, index] = text.split('#') as [string, string];
        if (Number(index) <= (lastIndex.get(sender) ?? -1)) problems.push(`${name}: ${text} out of order`);
        lastIndex.set(sender, Number(index));
      }
    }
    for (const m of this.sent) {
      if (m.to.startsWith('#')) continue;
      const count = received.get(m.text) ?? 0;
      if (count > 1) problems.push(`${m.text} seen ${count} times`);
      if (m.outcome === 'ok' && count === 0) problems.push(`${m.text} answered 200 but never seen`);
      if (m.outcome === 'pending') problems.push(`${m.text} never answered`);
    }
    return problems;
  }
}
